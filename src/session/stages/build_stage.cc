// BUILD: the backend turns the graph into C sources, once per model, backend and backend
// config, shared by every target. Cached: keyed by the model file's content and the backend's
// config; the sources land in runs/<run>/build/ of every run that uses them.
#include <iterator>

#include "common/error.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;

namespace {

constexpr int kBuildFormat = 1;

// What of the build directory is the output (and cached): its sources, every file directly in
// it, and everything below an include dir inside it. The rest is the backend's scratch work
// (tflmi's arena probe, say).
bool is_output(const fs::path& rel, const backends::BackendOutput& out) {
  if (std::distance(rel.begin(), rel.end()) == 1) return true;
  for (const auto& s : out.sources)
    if (s == rel) return true;
  for (const auto& dir : out.include_dirs) {
    const fs::path inside = rel.lexically_relative(dir);
    if (!dir.is_absolute() && dir != "." && !inside.empty() && inside.string().rfind("..", 0) != 0) return true;
  }
  return false;
}

}  // namespace

cache::Explanation StageExecutor::build(const Task& task, TaskControl& control) {
  const RunSpec& run = first_run(task);
  const LoadOutput& load = *output<LoadOutput>(dep(task, TaskKind::Load));
  std::vector<std::string> keys = run.backend_keys;
  for (const auto& k : component_keys(run, run.model.frontend)) keys.push_back(k);
  cache::CacheKey key = base_key(task, kBuildFormat, keys);
  for (const auto& f : run.backend_features) key.config("feature " + f, "on");
  if (run.build_per_target) key.config("target", run.target);
  const auto model = files_.read(run.model.model_file);
  if (!model) throw Error(ErrorKind::Io, "cannot read " + run.model.model_file.string());
  key.input("model", *model);
  const std::filesystem::path out_dir = run.dir / "build";
  return cached(
      task, key, control,
      [&] {
        files_.remove_all(out_dir);  // nothing of an earlier attempt may end up in the entry
        const backends::BackendOutput built = components_.backend(run.backend)->build(load.model->graph, build_context(run), out_dir);
        Produced p;
        const BuildOutput relative = relative_build_output(built, out_dir);
        p.metadata = to_json(relative);
        for (const auto& file : files_.files_under(out_dir)) {
          const fs::path rel = file.lexically_relative(out_dir);
          if (is_output(rel, relative.output))
            p.files.push_back({rel.string(), files_.read(file).value_or(""), false});
        }
        return p;
      },
      [&](const cache::CacheEntry& entry) {
        place(task, "build", entry.files);
        set_output(task.id, build_output_from_json(nlohmann::json::parse(entry.metadata)));
      });
}

}  // namespace mlonmcu::session
