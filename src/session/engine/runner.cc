#include "session/engine/runner.h"

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace mlonmcu::session {

namespace {

// The process runner of one running task: adds the task's cancellation flag to every process
// and remembers which programs it started.
class TaskProcesses : public ProcessRunner, public TaskControl {
 public:
  TaskProcesses(ProcessRunner& base, Clock::TimePoint started) : base_(base), started_(started) {}

  ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options) override {
    if (!argv.empty()) {
      const std::filesystem::path resolved = find_program(argv.front());
      std::lock_guard<std::mutex> lock(mutex_);
      programs_.push_back(resolved.empty() ? argv.front() : resolved.string());
    }
    ProcessOptions with_cancel = options;
    with_cancel.cancel = &cancel_;
    if (cancel_.load()) {  // cancelled between two processes: do not start the next one
      ProcessResult result;
      result.cancelled = true;
      return result;
    }
    return base_.run(argv, with_cancel);
  }
  bool cancelled() const override { return cancel_.load(); }
  std::vector<std::string> programs() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return programs_;
  }
  void cancel() { cancel_.store(true); }
  Clock::TimePoint started() const { return started_; }

  bool timed_out = false;           // guarded by the runner's lock
  std::chrono::milliseconds limit{0};

 private:
  ProcessRunner& base_;
  Clock::TimePoint started_;
  std::atomic<bool> cancel_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> programs_;
};

std::string limit_text(std::chrono::milliseconds limit) {
  return limit.count() % 1000 == 0 ? fmt::format("{} s", limit.count() / 1000)
                                   : fmt::format("{:.1f} s", static_cast<double>(limit.count()) / 1000.0);
}

}  // namespace

int GraphEditor::add_task(TaskKind kind, std::string name, std::string identity) {
  const int id = graph_.add_task(kind, std::move(name), std::move(identity), {});
  plan_.task_added(id);
  return id;
}

void GraphEditor::add_dependency(int task, int dep) {
  graph_.add_dependency(task, dep);
  for (int r : graph_.task(task).runs) graph_.add_to_run(r, dep, task);
  plan_.task_added(dep);  // wanted now that it has runs
  plan_.dependency_added(task);
}

void Runner::run(TaskGraph& graph, Plan& plan, TaskExecutor& executor, RunnerObserver& observer,
                 const std::atomic<bool>& interrupt, std::vector<TaskReport>& reports) {
  reports.resize(graph.tasks().size());
  std::mutex mutex;
  std::condition_variable changed;
  std::map<int, std::shared_ptr<TaskProcesses>> running;
  bool stopping = false;
  int active_workers = 0;

  auto report_runs = [&] {
    for (int r : plan.take_finished_runs()) {
      const auto& failure = plan.run_failure(r);
      const int at = plan.run_stop_task(r);
      observer.run_finished({r, plan.run_state(r), at >= 0 ? &graph.task(at) : nullptr, failure ? &*failure : nullptr});
    }
  };

  // Called under the lock, by the workers before they take a task and by the watching thread.
  auto notice_interrupt = [&] {
    if (!interrupt.load() || stopping) return;
    stopping = true;
    for (auto& [id, p] : running) p->cancel();
    changed.notify_all();
  };

  auto worker = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      notice_interrupt();
      std::optional<int> next = stopping ? std::nullopt : plan.take();
      if (!next) {
        if (stopping || running.empty()) break;
        changed.wait(lock);
        continue;
      }
      const Task& task = graph.task(*next);
      auto processes = std::make_shared<TaskProcesses>(processes_, clock_.now());
      if (options_.timeout) processes->limit = options_.timeout(task);
      running[task.id] = processes;
      observer.task_started(task);
      lock.unlock();

      cache::Explanation why;
      std::optional<Failure> failure;
      {
        ScopedProcessRunner scope(*processes);
        try {
          why = executor.execute(task, *processes);
        } catch (const std::exception& e) {
          failure = failure_of(e);
        }
      }
      std::vector<std::pair<int, Failure>> stopped_runs;
      if (!failure) {
        try {
          stopped_runs = executor.check_runs(task);
        } catch (const std::exception& e) {
          failure = failure_of(e);
        }
      }

      lock.lock();
      running.erase(task.id);
      if (processes->timed_out) {
        // Whatever the killed processes made the task say, the cause was the time limit.
        failure = make_failure(FailureKind::Timeout, fmt::format("{} exceeded its time limit of {}",
                                                                 task_kind_name(task.kind), limit_text(processes->limit)));
        why = {};
      }
      const bool interrupted = failure && processes->cancelled() && !processes->timed_out;
      if (!failure) {
        // The tasks its output calls for go in before its dependents can become ready.
        GraphEditor editor(graph, plan);
        try {
          executor.expand(task, editor);
        } catch (const std::exception& e) {
          failure = failure_of(e);
        }
        if (reports.size() < graph.tasks().size()) reports.resize(graph.tasks().size());
      }
      TaskReport& report = reports[static_cast<size_t>(task.id)];
      report.why = why;
      report.seconds = seconds_between(processes->started(), clock_.now());
      report.programs = processes->programs();
      if (interrupted) {
        // Interrupted: unfinished, not broken (a task that completed anyway counts as done).
        plan.cancelled(task.id);
        report.state = TaskState::Cancelled;
      } else if (failure) {
        report.failure = failure;
        report.state = TaskState::Failed;
        plan.failed(task.id, *failure);
      } else {
        report.state = TaskState::Done;
        plan.succeeded(task.id);
        for (const auto& [run, run_failure] : stopped_runs) plan.fail_run(run, task.id, run_failure);
      }
      observer.task_finished(task, report);
      report_runs();
      changed.notify_all();
    }
    --active_workers;
    changed.notify_all();
  };

  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mutex);
    report_runs();  // runs done before anything ran (resume)
    active_workers = std::max(1, options_.parallel);
  }
  for (int i = 0; i < std::max(1, options_.parallel); ++i) workers.emplace_back(worker);
  {
    std::unique_lock<std::mutex> lock(mutex);
    while (active_workers > 0) {
      notice_interrupt();
      for (auto& [id, p] : running) {
        if (p->limit.count() > 0 && !p->cancelled() &&
            clock_.now() - p->started() > std::chrono::duration_cast<Clock::TimePoint::duration>(p->limit)) {
          p->timed_out = true;
          p->cancel();
        }
      }
      observer.tick();
      clock_.wait_for(changed, lock, options_.tick);
    }
  }
  for (auto& w : workers) w.join();
  std::lock_guard<std::mutex> lock(mutex);
  if (stopping) plan.stop();
  report_runs();
  for (size_t i = 0; i < reports.size(); ++i) {
    const TaskState s = plan.state(static_cast<int>(i));
    if (reports[i].state == TaskState::Waiting || s == TaskState::Skipped) reports[i].state = s;
  }
}

}  // namespace mlonmcu::session
