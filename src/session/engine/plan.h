// What is wanted of a task graph and what may start now, in the manner of ninja's Plan: a ready
// queue, the state of every task and run, and the rules that keep one failure local:
//  - a task fails only the runs that need it; a task no live run needs any more is skipped;
//  - a task becomes ready when all its dependencies are done;
//  - on resume, tasks done earlier are marked first; a task is then only needed if some task
//    that uses its output still has to run (LOAD results live in memory only).
// Not thread-safe: the Runner calls it under its lock.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "session/engine/failure.h"
#include "session/engine/graph.h"

namespace mlonmcu::session {

enum class TaskState { Waiting, Ready, Running, Done, Failed, Skipped, Cancelled };
enum class RunState { Pending, Done, Failed, Incomplete };

class Plan {
 public:
  explicit Plan(const TaskGraph& graph);

  // Before start(): the task's output is there already (resume).
  void mark_done_earlier(int task);
  // Queues what can start; tasks nobody needs become Skipped. Returns those skipped tasks.
  std::vector<int> start();

  // The graph grew (a task added, or a dependency of a task not yet started).
  void task_added(int task);
  void dependency_added(int task);

  std::optional<int> take();  // the next ready task, now Running
  void succeeded(int task);
  void failed(int task, const Failure& failure);           // fails the runs that need it
  void fail_run(int run, int task, const Failure& failure);  // a run-level check at `task`
  void cancelled(int task);                                // interrupted while running
  void stop();  // no new tasks; runs not done become Incomplete (at the task they stopped at)

  bool has_ready() const;
  bool stopped() const { return stopped_; }
  TaskState state(int task) const { return tasks_[static_cast<size_t>(task)]; }
  RunState run_state(int run) const { return runs_[static_cast<size_t>(run)].state; }
  // The task a failed or incomplete run stopped at, and why (empty for done runs).
  int run_stop_task(int run) const { return runs_[static_cast<size_t>(run)].stop_task; }
  const std::optional<Failure>& run_failure(int run) const { return runs_[static_cast<size_t>(run)].failure; }
  // Runs that changed state in the last call, for progress lines.
  std::vector<int> take_finished_runs();

 private:
  struct RunStatus {
    RunState state = RunState::Pending;
    int stop_task = -1;
    std::optional<Failure> failure;
  };
  bool wanted(int task) const;
  void queue_if_ready(int task);
  void finish_run(int run, RunState state, int task, const std::optional<Failure>& failure);
  void skip_unwanted();

  const TaskGraph& graph_;
  std::vector<TaskState> tasks_;
  std::vector<RunStatus> runs_;
  std::map<int, Failure> task_failures_;  // why each failed task failed, for runs that join it later
  std::deque<int> ready_;
  std::vector<int> finished_runs_;
  bool stopped_ = false;
  bool started_ = false;
};

}  // namespace mlonmcu::session
