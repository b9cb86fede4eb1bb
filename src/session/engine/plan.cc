#include "session/engine/plan.h"

#include <algorithm>

namespace mlonmcu::session {

Plan::Plan(const TaskGraph& graph)
    : graph_(graph), tasks_(graph.tasks().size(), TaskState::Waiting), runs_(graph.num_runs()) {}

void Plan::mark_done_earlier(int task) { tasks_[static_cast<size_t>(task)] = TaskState::Done; }

std::vector<int> Plan::start() {
  started_ = true;
  // A task is needed when it ends a run or a needed task uses its output (tasks done earlier
  // need nothing): a walk back from the runs' final tasks.
  const size_t n = tasks_.size();
  std::vector<bool> needed(n, false);
  std::vector<int> stack;
  for (size_t r = 0; r < graph_.num_runs(); ++r) {
    const auto& run_tasks = graph_.run_tasks(static_cast<int>(r));
    if (!run_tasks.empty()) stack.push_back(run_tasks.back());
  }
  while (!stack.empty()) {
    const int t = stack.back();
    stack.pop_back();
    if (needed[static_cast<size_t>(t)] || tasks_[static_cast<size_t>(t)] == TaskState::Done) continue;
    needed[static_cast<size_t>(t)] = true;
    for (int d : graph_.task(t).deps) stack.push_back(d);
  }
  std::vector<int> skipped;
  for (size_t i = 0; i < n; ++i) {
    if (tasks_[i] == TaskState::Waiting && !needed[i]) {
      tasks_[i] = TaskState::Skipped;
      skipped.push_back(static_cast<int>(i));
    }
  }
  for (size_t r = 0; r < runs_.size(); ++r) {
    const auto& run_tasks = graph_.run_tasks(static_cast<int>(r));
    if (!run_tasks.empty() && tasks_[static_cast<size_t>(run_tasks.back())] == TaskState::Done)
      finish_run(static_cast<int>(r), RunState::Done, -1, std::nullopt);
  }
  for (size_t i = 0; i < n; ++i) queue_if_ready(static_cast<int>(i));
  return skipped;
}

void Plan::task_added(int task) {
  if (static_cast<size_t>(task) >= tasks_.size()) tasks_.resize(static_cast<size_t>(task) + 1, TaskState::Waiting);
  if (started_) queue_if_ready(task);
}

void Plan::dependency_added(int task) {
  // A queued task waits again; the ready queue skips entries that are no longer Ready.
  if (tasks_[static_cast<size_t>(task)] == TaskState::Ready) tasks_[static_cast<size_t>(task)] = TaskState::Waiting;
  // A run that comes to need a task that has already failed (a library shared with a run whose
  // BUILD finished first) fails with it instead of waiting forever.
  for (int d : graph_.task(task).deps) {
    const auto failed_dep = task_failures_.find(d);
    if (failed_dep == task_failures_.end()) continue;
    for (int r : graph_.task(task).runs)
      if (runs_[static_cast<size_t>(r)].state == RunState::Pending) finish_run(r, RunState::Failed, d, failed_dep->second);
    skip_unwanted();
    return;
  }
  if (started_) queue_if_ready(task);
}

bool Plan::wanted(int task) const {
  const auto& users = graph_.task(task).runs;
  return std::any_of(users.begin(), users.end(),
                     [&](int r) { return runs_[static_cast<size_t>(r)].state == RunState::Pending; });
}

void Plan::queue_if_ready(int task) {
  if (stopped_ || tasks_[static_cast<size_t>(task)] != TaskState::Waiting || !wanted(task)) return;
  for (int d : graph_.task(task).deps)
    if (tasks_[static_cast<size_t>(d)] != TaskState::Done) return;
  tasks_[static_cast<size_t>(task)] = TaskState::Ready;
  ready_.push_back(task);
}

std::optional<int> Plan::take() {
  while (!ready_.empty() && !stopped_) {
    const int task = ready_.front();
    ready_.pop_front();
    if (tasks_[static_cast<size_t>(task)] != TaskState::Ready) continue;  // skipped meanwhile
    tasks_[static_cast<size_t>(task)] = TaskState::Running;
    return task;
  }
  return std::nullopt;
}

bool Plan::has_ready() const {
  if (stopped_) return false;
  return std::any_of(ready_.begin(), ready_.end(),
                     [&](int t) { return tasks_[static_cast<size_t>(t)] == TaskState::Ready; });
}

void Plan::succeeded(int task) {
  tasks_[static_cast<size_t>(task)] = TaskState::Done;
  for (int r : graph_.task(task).runs) {
    const auto& run_tasks = graph_.run_tasks(r);
    if (runs_[static_cast<size_t>(r)].state == RunState::Pending && run_tasks.back() == task)
      finish_run(r, RunState::Done, -1, std::nullopt);
  }
  for (int d : graph_.dependents(task)) queue_if_ready(d);
}

void Plan::failed(int task, const Failure& failure) {
  tasks_[static_cast<size_t>(task)] = TaskState::Failed;
  task_failures_.emplace(task, failure);
  for (int r : graph_.task(task).runs)
    if (runs_[static_cast<size_t>(r)].state == RunState::Pending) finish_run(r, RunState::Failed, task, failure);
  skip_unwanted();
}

void Plan::fail_run(int run, int task, const Failure& failure) {
  if (runs_[static_cast<size_t>(run)].state != RunState::Pending) return;
  finish_run(run, RunState::Failed, task, failure);
  skip_unwanted();
}

void Plan::cancelled(int task) { tasks_[static_cast<size_t>(task)] = TaskState::Cancelled; }

void Plan::stop() {
  stopped_ = true;
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (runs_[r].state != RunState::Pending) continue;
    // The run stopped at its first task that is not done.
    int at = -1;
    for (int t : graph_.run_tasks(static_cast<int>(r))) {
      if (tasks_[static_cast<size_t>(t)] != TaskState::Done) {
        at = t;
        break;
      }
    }
    finish_run(static_cast<int>(r), RunState::Incomplete, at, make_failure(FailureKind::Interrupted, "interrupted"));
  }
}

void Plan::skip_unwanted() {
  for (size_t i = 0; i < tasks_.size(); ++i) {
    const TaskState s = tasks_[i];
    if ((s == TaskState::Waiting || s == TaskState::Ready) && !wanted(static_cast<int>(i))) tasks_[i] = TaskState::Skipped;
  }
}

void Plan::finish_run(int run, RunState state, int task, const std::optional<Failure>& failure) {
  RunStatus& status = runs_[static_cast<size_t>(run)];
  status.state = state;
  status.stop_task = task;
  status.failure = failure;
  finished_runs_.push_back(run);
}

std::vector<int> Plan::take_finished_runs() {
  std::vector<int> out;
  out.swap(finished_runs_);
  return out;
}

}  // namespace mlonmcu::session
