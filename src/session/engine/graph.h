// A session as plain data, in the manner of ninja's State: tasks (LOAD, BUILD, LIB, COMPILE, RUN,
// POSTPROCESS) with their dependencies, and the runs (report rows) that need them. A task is
// shared by every run that needs the same work; what it does is up to a TaskExecutor
// (runner.h), when it may start is up to the Plan (plan.h). Tasks known only from an earlier
// task's output (the LIB tasks of a BUILD's libraries, like ninja's dyndep) are added while the
// session runs; tasks are kept in a deque, so references to them stay valid.
#pragma once

#include <deque>
#include <mutex>
#include <shared_mutex>
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
  TaskGraph() = default;
  TaskGraph(TaskGraph&& other) noexcept
      : tasks_(std::move(other.tasks_)), dependents_(std::move(other.dependents_)), runs_(std::move(other.runs_)) {}
  TaskGraph& operator=(TaskGraph&& other) noexcept {
    tasks_ = std::move(other.tasks_);
    dependents_ = std::move(other.dependents_);
    runs_ = std::move(other.runs_);
    return *this;
  }
  // Dependencies must exist already.
  int add_task(TaskKind kind, std::string name, std::string identity, std::vector<int> deps);
  void add_dependency(int task, int dep);
  // A run and the tasks it needs, its final task last. Returns the run's id.
  int add_run(std::vector<int> tasks);
  // Adds `task` to a run, just before `before` in its list.
  void add_to_run(int run, int task, int before);

  // Safe beside a thread adding tasks (a task's own fields change only while it waits).
  const Task& task(int id) const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    return tasks_[static_cast<size_t>(id)];
  }
  // Iterating is for whoever serializes with the additions (the runner's lock, or after the run).
  const std::deque<Task>& tasks() const { return tasks_; }
  const std::vector<int>& dependents(int id) const { return dependents_[static_cast<size_t>(id)]; }
  const std::vector<int>& run_tasks(int run) const { return runs_[static_cast<size_t>(run)]; }
  size_t num_runs() const { return runs_.size(); }
  // The task a name refers to, or -1.
  int find(std::string_view name) const;

 private:
  mutable std::shared_mutex mutex_;  // guards the deque's index against concurrent additions
  std::deque<Task> tasks_;
  std::deque<std::vector<int>> dependents_;
  std::vector<std::vector<int>> runs_;
};

}  // namespace mlonmcu::session
