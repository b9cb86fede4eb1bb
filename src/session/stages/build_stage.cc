// BUILD: the backend turns the graph into C sources, once per model, backend and backend
// config, shared by every target. Cached: keyed by the model file's content, the backend's
// config and what the backend's build_inputs name; the sources land in runs/<run>/build/ of
// every run that uses them.
#include "common/error.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

namespace {

constexpr int kBuildFormat = 1;

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
  const auto backend = components_.backend(run.backend);
  for (const auto& in : backend->build_inputs(build_context(run))) {
    if (in.dir.empty())
      key.input_digest(in.label, in.digest);
    else
      add_files(key, run, files_.files_under(in.dir));
  }
  const std::filesystem::path out_dir = run.dir / "build";
  return cached(
      task, key, control,
      [&] {
        files_.remove_all(out_dir);  // nothing of an earlier attempt may end up in the entry
        const backends::BackendOutput built = backend->build(load.model->graph, build_context(run), out_dir);
        Produced p;
        p.metadata = to_json(relative_build_output(built, out_dir));
        // The whole build directory: what the program compiles, and what `export` takes.
        for (const auto& file : files_.files_under(out_dir))
          p.files.push_back({file.lexically_relative(out_dir).string(), files_.read(file).value_or(""), false});
        return p;
      },
      [&](const cache::CacheEntry& entry) {
        place(task, "build", entry.files);
        set_output(task.id, build_output_from_json(nlohmann::json::parse(entry.metadata)));
      });
}

}  // namespace mlonmcu::session
