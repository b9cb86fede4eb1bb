#include "session/execute.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cache/task_cache.h"
#include "common/error.h"
#include "session/engine/plan.h"
#include "session/rows.h"
#include "session/stages/stage_executor.h"

namespace mlonmcu::session {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRunLogName = "run.log";

std::string timeout_key(TaskKind kind) {
  std::string name(task_kind_name(kind));
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  return "session." + name + "_timeout";
}

// Records every outcome in the session log and in the log of each run it concerns, then hands
// the event on (progress, --explain).
class Recorder : public RunnerObserver {
 public:
  Recorder(const std::vector<RunSpec>& runs, FileSystem& files, SessionLog& log, const StageExecutor& executor,
           RunnerObserver* next)
      : runs_(runs), files_(files), log_(log), executor_(executor), next_(next) {}

  void task_started(const Task& task) override {
    if (next_) next_->task_started(task);
  }
  void task_finished(const Task& task, const TaskReport& report) override {
    try {
      record(task, report);
    } catch (const Error& e) {
      // A full disk must not stop the session; the report write at the end says so clearly.
      if (!warned_) spdlog::warn("session log or run log not written: {}", e.what());
      warned_ = true;
    }
    if (next_) next_->task_finished(task, report);
  }
  void run_finished(const RunEnd& end) override {
    if (next_) next_->run_finished(end);
  }
  void tick() override {
    if (next_) next_->tick();
  }

 private:
  void record(const Task& task, const TaskReport& report) {
    if (report.state == TaskState::Done) {
      if (const auto done = executor_.record(task)) log_.task_done(task.name, *done, executor_.key_of(task.id));
    } else if (report.state == TaskState::Failed && report.failure) {
      log_.task_failed(task.name, *report.failure);
    }
    std::string line = fmt::format("{}: {} ({:.2f} s)\n", task.name, report.why.text(), report.seconds);
    if (report.state == TaskState::Failed && report.failure)
      line += fmt::format("{}: failed ({}):\n{}\n", task.name, failure_kind_name(report.failure->kind), report.failure->detail);
    if (report.state == TaskState::Cancelled) line += task.name + ": interrupted\n";
    for (int r : task.runs) files_.append(runs_[static_cast<size_t>(r)].dir / kRunLogName, line);
  }

  bool warned_ = false;
  const std::vector<RunSpec>& runs_;
  FileSystem& files_;
  SessionLog& log_;
  const StageExecutor& executor_;
  RunnerObserver* next_;
};

}  // namespace

ExecuteResult execute_session(const std::vector<RunSpec>& runs, const Components& components, Services services,
                              const ExecuteOptions& options) {
  ExecuteResult result;
  result.graph = build_task_graph(runs, options.until);
  TaskGraph& graph = result.graph;
  cache::TaskCache cache(services.files, options.cache_root);
  StageExecutor executor(graph, runs, components, services.files, cache,
                         {options.tool_identity, options.library_cache, options.session_dir});
  SessionLog log(services.files, options.session_dir / kSessionLogName);
  Plan plan(graph);
  result.tasks.resize(graph.tasks().size());

  if (options.resume) {
    // The graph grows while restoring: a restored BUILD adds its LIB tasks, restored in turn.
    for (size_t i = 0; i < graph.tasks().size(); ++i) {
      const Task& task = graph.task(static_cast<int>(i));
      const auto it = options.resume->done.find(task.name);
      if (it == options.resume->done.end() || !executor.restore(task, it->second)) continue;
      plan.mark_done_earlier(task.id);
      GraphEditor editor(graph, plan);
      executor.expand(task, editor);
      result.tasks.resize(graph.tasks().size());
      result.tasks[i].state = TaskState::Done;
      result.tasks[i].why = {cache::Why::ReusedFromLog, ""};
    }
  } else {
    log.start(options.spec);
  }
  result.tasks.resize(graph.tasks().size());
  for (int t : plan.start()) result.tasks[static_cast<size_t>(t)].why = {cache::Why::NotNeeded, "every task that uses it is done"};

  RunnerOptions runner_options;
  runner_options.parallel = options.parallel;
  runner_options.tick = options.tick;
  runner_options.timeout = [&runs](const Task& task) {
    const RunSpec& run = runs[static_cast<size_t>(task.runs.front())];
    return std::chrono::milliseconds(run.config.get_int(timeout_key(task.kind)) * 1000);
  };
  Recorder recorder(runs, services.files, log, executor, options.observer);
  static const std::atomic<bool> never{false};
  Runner runner(services.processes, services.clock, runner_options);
  runner.run(graph, plan, executor, recorder, options.interrupt ? *options.interrupt : never, result.tasks);
  result.interrupted = plan.stopped();
  try {
    log.end(result.interrupted);
  } catch (const Error& e) {
    spdlog::warn("session log not closed: {}", e.what());
  }

  for (const RunSpec& run : runs) {
    for (auto& row : run_rows(run, graph, plan, result.tasks, executor)) result.rows.push_back(std::move(row));
    switch (plan.run_state(run.id)) {
      case RunState::Done: ++result.runs_ok; break;
      case RunState::Failed: ++result.runs_failed; break;
      default: ++result.runs_incomplete; break;
    }
  }
  for (const Task& task : graph.tasks()) {
    const TaskReport& report = result.tasks[static_cast<size_t>(task.id)];
    KindStats& s = result.stats[task.kind];
    if (report.state == TaskState::Done || report.state == TaskState::Skipped) {
      if (report.why.reused()) ++s.reused;
      else if (report.state == TaskState::Done) ++s.ran;
      else ++s.other;
    } else if (report.state == TaskState::Failed) {
      ++s.failed;
    } else {
      ++s.other;
    }
    for (const std::string& program : report.programs) ++result.programs[fs::path(program).filename().string()];
  }
  return result;
}

}  // namespace mlonmcu::session
