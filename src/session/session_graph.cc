#include "session/session_graph.h"

#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "session/program.h"

namespace mlonmcu::session {

namespace {

std::string values_text(const std::map<std::string, std::string>& values) {
  std::string out;
  for (const auto& [k, v] : values) out += k + "=" + v + "\n";
  return out;
}

class Builder {
 public:
  // The task for `share_key`, created on first use; names are unique in the session.
  int task(TaskKind kind, const std::string& share_key, const std::string& label, int run, std::vector<int> deps) {
    const std::string key = std::string(task_kind_name(kind)) + "\n" + share_key;
    if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
    const std::string identity = fmt::format("{} {}", task_kind_name(kind), label);
    std::string name = identity;
    if (!names_.insert(name).second) {
      name = fmt::format("{} (run {})", identity, run);
      names_.insert(name);
    }
    const int id = graph.add_task(kind, name, identity, std::move(deps));
    by_key_.emplace(key, id);
    return id;
  }
  TaskGraph graph;

 private:
  std::map<std::string, int> by_key_;
  std::set<std::string> names_;
};

}  // namespace

TaskGraph build_task_graph(const std::vector<RunSpec>& runs, Stage until) {
  Builder b;
  for (const RunSpec& run : runs) {
    std::vector<int> tasks;
    const std::string model_label = run.model.name;
    const std::string load_key = run.model.model_file.string() + "\n" + run.model.frontend + "\n" +
                                 values_text(config_values(run, component_keys(run, run.model.frontend)));
    const int load = b.task(TaskKind::Load, load_key, model_label, run.id, {});
    tasks.push_back(load);
    if (until >= Stage::Build) {
      const std::string build_key = load_key + "\n" + build_variant(run);
      const std::string build_label = model_label + "/" + run.backend + (run.build_per_target ? "/" + run.target : "");
      const int build = b.task(TaskKind::Build, build_key, build_label, run.id, {load});
      tasks.push_back(build);
      if (until >= Stage::Compile) {
        const std::string compile_key =
            build_key + "\n" + run.target + "\n" + values_text(config_values(run, run.target_keys)) + program_spec(run).text();
        const std::string label = model_label + "/" + run.backend + "/" + run.target;
        const int compile = b.task(TaskKind::Compile, compile_key, label, run.id, {load, build});
        tasks.push_back(compile);
        if (until >= Stage::Run) {
          const int ran = b.task(TaskKind::Run, compile_key, label, run.id, {load, build, compile});
          tasks.push_back(ran);
          if (until >= Stage::Postprocess) {
            tasks.push_back(b.task(TaskKind::Postprocess, fmt::format("run {}", run.id), label, run.id, {load, ran}));
          }
        }
      }
    }
    b.graph.add_run(std::move(tasks));
  }
  return std::move(b.graph);
}

int run_task_of(const TaskGraph& graph, int run, TaskKind kind) {
  for (int t : graph.run_tasks(run))
    if (graph.task(t).kind == kind) return t;
  return -1;
}

}  // namespace mlonmcu::session
