// Runs a Plan, in the manner of ninja's runner: N workers take ready tasks and execute them
// through a TaskExecutor; every process a task starts goes through the task's own process runner
// (installed for its thread), which is how this runner alone starts, counts and kills processes.
// The calling thread watches the clock: a task over its stage's timeout is cancelled (its
// process groups killed) and fails with Failure `timeout`; an interrupt cancels every running
// task and starts no new ones.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cache/explanation.h"
#include "common/clock.h"
#include "common/process.h"
#include "session/engine/failure.h"
#include "session/engine/graph.h"
#include "session/engine/plan.h"

namespace mlonmcu::session {

struct TaskReport {
  TaskState state = TaskState::Waiting;
  cache::Explanation why;
  std::optional<Failure> failure;
  double seconds = 0;
  std::vector<std::string> programs;  // every program the task started, resolved paths
};

// What a running task may ask of the runner.
class TaskControl {
 public:
  virtual ~TaskControl() = default;
  virtual bool cancelled() const = 0;
  virtual std::vector<std::string> programs() const = 0;  // started so far
};

// Tasks an executor adds while the session runs, when a task's output says what else is needed
// (a BUILD's libraries). Keeps the graph and the plan in step.
class GraphEditor {
 public:
  GraphEditor(TaskGraph& graph, Plan& plan) : graph_(graph), plan_(plan) {}
  const TaskGraph& graph() const { return graph_; }
  int add_task(TaskKind kind, std::string name, std::string identity);
  // `task` needs `dep` first; `run` (one of task's runs) needs it too.
  void add_dependency(int task, int dep);

 private:
  TaskGraph& graph_;
  Plan& plan_;
};

class TaskExecutor {
 public:
  virtual ~TaskExecutor() = default;
  // Does the task's work (or takes it from a cache) and says why; throws to fail.
  virtual cache::Explanation execute(const Task& task, TaskControl& control) = 0;
  // After a task succeeded: the runs that cannot go on with its output (run-level checks).
  virtual std::vector<std::pair<int, Failure>> check_runs(const Task& task) {
    (void)task;
    return {};
  }
  // After a task is done (ran or restored): tasks its output calls for. Called under the
  // runner's lock, so it must be quick.
  virtual void expand(const Task& task, GraphEditor& editor) {
    (void)task, (void)editor;
  }
};

// A run that reached its end: done, failed (at stop_task) or incomplete.
struct RunEnd {
  int run = 0;
  RunState state = RunState::Done;
  const Task* stop_task = nullptr;  // where a failed or incomplete run stopped
  const Failure* failure = nullptr;
};

// Called under the runner's lock, in event order.
class RunnerObserver {
 public:
  virtual ~RunnerObserver() = default;
  virtual void task_started(const Task& task) { (void)task; }
  virtual void task_finished(const Task& task, const TaskReport& report) { (void)task, (void)report; }
  virtual void run_finished(const RunEnd& end) { (void)end; }
  virtual void tick() {}  // about every RunnerOptions::tick while tasks run
};

struct RunnerOptions {
  int parallel = 1;
  std::function<std::chrono::milliseconds(const Task&)> timeout;  // 0 or empty: none
  std::chrono::milliseconds tick{100};
};

class Runner {
 public:
  Runner(ProcessRunner& processes, Clock& clock, RunnerOptions options)
      : processes_(processes), clock_(clock), options_(std::move(options)) {}
  // Runs until nothing is left to do or `interrupt` is set; returns a report per task
  // (`reports` holds what the caller knows already, e.g. tasks done earlier).
  void run(TaskGraph& graph, Plan& plan, TaskExecutor& executor, RunnerObserver& observer,
           const std::atomic<bool>& interrupt, std::vector<TaskReport>& reports);

 private:
  ProcessRunner& processes_;
  Clock& clock_;
  RunnerOptions options_;
};

}  // namespace mlonmcu::session
