// A session as plain data, in the manner of ninja's State: tasks (LOAD, BUILD, LIB, COMPILE, RUN,
// POSTPROCESS) with their dependencies, and the runs (report rows) that need them. A task is
// shared by every run that needs the same work; what it does is up to a TaskExecutor
// (runner.h), when it may start is up to the Plan (plan.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlonmcu::session {

enum class TaskKind { Load, Build, Lib, Compile, Run, Postprocess };
constexpr int kNumTaskKinds = 6;
constexpr TaskKind kTaskKinds[] = {TaskKind::Load, TaskKind::Build, TaskKind::Lib,
                                   TaskKind::Compile, TaskKind::Run, TaskKind::Postprocess};
std::string_view task_kind_name(TaskKind kind);  // "LOAD", ...

struct Task {
  int id = 0;
  TaskKind kind = TaskKind::Load;
  std::string name;      // unique in the session and the same for the same session spec
  std::string identity;  // the same task across sessions, whatever its inputs ("BUILD aww/interp")
  std::vector<int> deps;
  std::vector<int> runs;  // runs that need this task, ascending
};

class TaskGraph {
 public:
  // Dependencies must exist already, so task ids are a topological order.
  int add_task(TaskKind kind, std::string name, std::string identity, std::vector<int> deps);
  // A run and the tasks it needs, its final task last. Returns the run's id.
  int add_run(std::vector<int> tasks);

  const Task& task(int id) const { return tasks_[static_cast<size_t>(id)]; }
  const std::vector<Task>& tasks() const { return tasks_; }
  const std::vector<int>& dependents(int id) const { return dependents_[static_cast<size_t>(id)]; }
  const std::vector<int>& run_tasks(int run) const { return runs_[static_cast<size_t>(run)]; }
  size_t num_runs() const { return runs_.size(); }
  // The task a name refers to, or -1.
  int find(std::string_view name) const;

 private:
  std::vector<Task> tasks_;
  std::vector<std::vector<int>> dependents_;
  std::vector<std::vector<int>> runs_;
};

}  // namespace mlonmcu::session
