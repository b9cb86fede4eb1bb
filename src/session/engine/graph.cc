#include "session/engine/graph.h"

#include <algorithm>

#include "common/error.h"

namespace mlonmcu::session {

std::string_view task_kind_name(TaskKind kind) {
  switch (kind) {
    case TaskKind::Load: return "LOAD";
    case TaskKind::Build: return "BUILD";
    case TaskKind::Lib: return "LIB";
    case TaskKind::Compile: return "COMPILE";
    case TaskKind::Run: return "RUN";
    case TaskKind::Postprocess: return "POSTPROCESS";
  }
  return "?";
}

int TaskGraph::add_task(TaskKind kind, std::string name, std::string identity, std::vector<int> deps) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  const int id = static_cast<int>(tasks_.size());
  for (int d : deps)
    if (d < 0 || d >= id) throw Error(ErrorKind::Internal, "task graph: dependency on a task that does not exist");
  Task task;
  task.id = id;
  task.kind = kind;
  task.name = std::move(name);
  task.identity = std::move(identity);
  task.deps = std::move(deps);
  for (int d : task.deps) dependents_[static_cast<size_t>(d)].push_back(id);
  tasks_.push_back(std::move(task));
  dependents_.emplace_back();
  return id;
}

void TaskGraph::add_dependency(int task, int dep) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto& deps = tasks_.at(static_cast<size_t>(task)).deps;
  if (std::find(deps.begin(), deps.end(), dep) != deps.end()) return;
  deps.push_back(dep);
  dependents_.at(static_cast<size_t>(dep)).push_back(task);
}

void TaskGraph::add_to_run(int run, int task, int before) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto& list = runs_.at(static_cast<size_t>(run));
  if (std::find(list.begin(), list.end(), task) != list.end()) return;
  list.insert(std::find(list.begin(), list.end(), before), task);
  auto& users = tasks_.at(static_cast<size_t>(task)).runs;
  users.insert(std::lower_bound(users.begin(), users.end(), run), run);
}

int TaskGraph::add_run(std::vector<int> tasks) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  const int run = static_cast<int>(runs_.size());
  for (int t : tasks) {
    auto& users = tasks_.at(static_cast<size_t>(t)).runs;
    if (std::find(users.begin(), users.end(), run) == users.end()) users.push_back(run);
  }
  runs_.push_back(std::move(tasks));
  return run;
}

int TaskGraph::find(std::string_view name) const {
  for (const Task& t : tasks_)
    if (t.name == name) return t.id;
  return -1;
}

}  // namespace mlonmcu::session
