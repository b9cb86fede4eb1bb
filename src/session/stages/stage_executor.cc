#include "session/stages/stage_executor.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;
using nlohmann::json;

StageExecutor::StageExecutor(const TaskGraph& graph, const std::vector<RunSpec>& runs, const Components& components,
                             FileSystem& files, cache::TaskCache& cache, StageSettings settings)
    : graph_(graph),
      runs_(runs),
      components_(components),
      files_(files),
      cache_(cache),
      settings_(std::move(settings)),
      outputs_(graph.tasks().size()),
      keys_(graph.tasks().size()) {}

cache::Explanation StageExecutor::execute(const Task& task, TaskControl& control) {
  switch (task.kind) {
    case TaskKind::Load: return load(task);
    case TaskKind::Build: return build(task, control);
    case TaskKind::Compile: return compile(task, control);
    case TaskKind::Run: return run(task, control);
    case TaskKind::Postprocess: return postprocess(task);
    case TaskKind::Lib: return lib(task, control);
  }
  throw Error(ErrorKind::Internal, fmt::format("no action for task {}", task.name));
}

std::vector<std::pair<int, Failure>> StageExecutor::check_runs(const Task& task) {
  std::vector<std::pair<int, Failure>> stopped;
  if (task.kind != TaskKind::Load) return stopped;
  const LoadOutput& load = *output<LoadOutput>(task.id);
  for (int r : task.runs) {
    const RunSpec& run = runs_[static_cast<size_t>(r)];
    if (auto it = load.checks.find(build_variant(run)); it != load.checks.end() && it->second) {
      stopped.emplace_back(r, *it->second);
    } else if (run.has("validate") && !load.model->has_golden_inputs) {
      // Known now, not after compiling and running: validation needs golden data.
      stopped.emplace_back(r, make_failure(FailureKind::Usage, fmt::format("validate: model '{}' has no golden data ({})",
                                                                           run.model.name, load.model->golden_problem)));
    }
  }
  return stopped;
}

void StageExecutor::expand(const Task& task, GraphEditor& editor) {
  if (task.kind != TaskKind::Build) return;
  const BuildOutput* build = output<BuildOutput>(task.id);
  if (build == nullptr || build->output.libraries.empty()) return;
  const TaskGraph& graph = editor.graph();
  for (int c : graph.dependents(task.id)) {
    const Task& compile = graph.task(c);
    if (compile.kind != TaskKind::Compile) continue;
    const int run_id = compile.runs.front();
    const RunSpec& run = runs_[static_cast<size_t>(run_id)];
    for (const targets::Library& library : build->in(run.dir / "build").libraries) {
      // Equal libraries for equally configured targets are one task, whichever model needs them.
      std::string share = run.target + "\n" + library.name + "\n" + fmt::format("{}", fmt::join(library.defines, " "));
      for (const auto& [k, v] : config_values(run, run.target_keys)) share += "\n" + k + "=" + v;
      for (const auto& f : library.sources) share += "\n" + f.string();
      for (const auto& d : library.include_dirs) share += "\n-I" + d.string();
      int lib_task = -1;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = lib_tasks_.find(share); it != lib_tasks_.end()) lib_task = it->second;
      }
      if (lib_task < 0) {
        const std::string identity = fmt::format("LIB {}/{}", run.target, library.name);
        std::string name = identity;
        if (graph.find(name) >= 0) name += " [" + config_column(run) + "]";
        if (graph.find(name) >= 0) name += " #" + cache::sha256_hex(share).substr(0, 8);
        lib_task = editor.add_task(TaskKind::Lib, name, identity);
        std::lock_guard<std::mutex> lock(mutex_);
        outputs_.resize(graph.tasks().size());
        keys_.resize(graph.tasks().size());
        libs_[lib_task] = {library, run_id};
        lib_tasks_[share] = lib_task;
      }
      editor.add_dependency(c, lib_task);
    }
  }
}

std::optional<json> StageExecutor::record(const Task& task) const {
  switch (task.kind) {
    case TaskKind::Build:
      if (const auto* o = output<BuildOutput>(task.id)) return to_json(*o);
      break;
    case TaskKind::Compile:
      if (const auto* o = output<CompileOutput>(task.id)) return to_json(*o);
      break;
    case TaskKind::Run:
      if (const auto* o = output<RunOutput>(task.id)) return json{{"output", to_json(*o)}, {"stdout", o->result.output}};
      break;
    case TaskKind::Postprocess:
      if (const auto* o = output<PostprocessOutput>(task.id)) return to_json(*o);
      break;
    case TaskKind::Lib:
      if (const auto* o = output<LibOutput>(task.id)) return json{{"archive", o->archive.string()}};
      break;
    case TaskKind::Load: break;
  }
  return std::nullopt;
}

bool StageExecutor::restore(const Task& task, const json& record) {
  try {
    switch (task.kind) {
      case TaskKind::Build: set_output(task.id, build_output_from_json(record)); return true;
      case TaskKind::Compile: set_output(task.id, compile_output_from_json(record)); return true;
      case TaskKind::Run:
        set_output(task.id, run_output_from_json(record.at("output"), record.at("stdout").get<std::string>()));
        return true;
      case TaskKind::Postprocess: set_output(task.id, postprocess_output_from_json(record)); return true;
      case TaskKind::Lib: {
        const fs::path archive = record.at("archive").get<std::string>();
        if (!files_.exists(archive)) return false;
        set_output(task.id, LibOutput{archive});
        return true;
      }
      case TaskKind::Load: return false;
    }
  } catch (const std::exception&) {
    // A damaged record: the task runs again.
  }
  return false;
}

cache::Explanation StageExecutor::cached(const Task& task, const cache::CacheKey& key, TaskControl& control,
                                         const std::function<Produced()>& make,
                                         const std::function<void(const cache::CacheEntry&)>& use) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (static_cast<size_t>(task.id) >= keys_.size()) keys_.resize(static_cast<size_t>(task.id) + 1);
    keys_[static_cast<size_t>(task.id)] = key.digest();
  }
  cache::TaskCache::Lookup found = cache_.lookup(task.identity, key);
  if (found.entry) {
    use(*found.entry);
    return found.why;
  }
  Produced produced = make();
  cache::CacheEntry entry;
  entry.metadata = produced.metadata.dump();
  entry.files = std::move(produced.files);
  std::set<std::string> seen;
  // The programs the work started are checked again before the entry is reused.
  for (const std::string& program : control.programs())
    if (seen.insert(program).second) entry.tools.emplace_back(program, cache::tool_identity(files_, program));
  cache_.store(task_kind_name(task.kind), task.identity, key, entry);
  use(entry);
  return found.why;
}

void StageExecutor::place(const Task& task, const std::string& stage, const std::vector<cache::EntryFile>& files) {
  for (int r : task.runs)
    for (const auto& f : files) files_.write(runs_[static_cast<size_t>(r)].dir / stage / f.name, f.content, f.executable);
}

cache::CacheKey StageExecutor::base_key(const Task& task, int format, const std::vector<std::string>& config_keys) const {
  std::string kind(task_kind_name(task.kind));
  std::transform(kind.begin(), kind.end(), kind.begin(), ::tolower);
  cache::CacheKey key;
  key.format(kind, format);
  key.tool("mlonmcu", settings_.tool_identity);
  for (const auto& [k, v] : config_values(first_run(task), config_keys)) key.config(k, v);
  return key;
}

backends::BuildContext StageExecutor::build_context(const RunSpec& run) const {
  return {run.config, run.features, run.target, run.model.model_file, settings_.library_cache};
}

void StageExecutor::add_files(cache::CacheKey& key, const RunSpec& run, const std::vector<fs::path>& files) const {
  for (const fs::path& file : files) {
    const auto content = files_.read(file);
    if (!content) throw Error(ErrorKind::Io, "cannot read " + file.string());
    const fs::path rel = file.lexically_normal().lexically_relative(run.dir);
    const bool inside = !rel.empty() && rel.string().rfind("..", 0) != 0;
    key.input(inside ? rel.string() : file.string(), *content);
  }
}

void StageExecutor::add_headers(cache::CacheKey& key, const RunSpec& run, const std::vector<fs::path>& dirs) const {
  static const std::set<std::string> kHeaderExtensions = {".h", ".hpp", ".def", ".inc"};
  for (const fs::path& dir : dirs) {
    std::vector<fs::path> headers;
    for (const fs::path& f : files_.files_under(dir))
      if (kHeaderExtensions.count(f.extension().string())) headers.push_back(f);
    add_files(key, run, headers);
  }
}

int StageExecutor::dep(const Task& task, TaskKind kind) const {
  for (int d : task.deps)
    if (graph_.task(d).kind == kind) return d;
  throw Error(ErrorKind::Internal, fmt::format("task {} has no {} dependency", task.name, task_kind_name(kind)));
}

int StageExecutor::lib_dep(const Task& task, const std::string& library) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (int d : task.deps)
    if (auto it = libs_.find(d); it != libs_.end() && it->second.library.name == library) return d;
  throw Error(ErrorKind::Internal, fmt::format("task {} has no LIB task for library {}", task.name, library));
}

std::string StageExecutor::key_of(int task) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<size_t>(task) < keys_.size() ? keys_[static_cast<size_t>(task)] : std::string();
}

void StageExecutor::set_output(int task, std::any value) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (static_cast<size_t>(task) >= outputs_.size()) outputs_.resize(static_cast<size_t>(task) + 1);
  outputs_[static_cast<size_t>(task)] = std::move(value);
}

}  // namespace mlonmcu::session
