// The session engine: a session's runs as a task graph (session_graph.h), planned (plan.h) and
// run (runner.h) with the stage tasks (stages/), every side effect through Services. This is the
// part tests drive with in-memory fakes; run_session (session.h) wraps it with the environment,
// the report files and the results database.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/file_system.h"
#include "common/process.h"
#include "report/report.h"
#include "session/components.h"
#include "session/engine/graph.h"
#include "session/engine/runner.h"
#include "session/matrix.h"
#include "session/session_graph.h"
#include "session/session_log.h"

namespace mlonmcu::session {

struct Services {
  FileSystem& files;
  ProcessRunner& processes;
  Clock& clock;
};

struct ExecuteOptions {
  std::filesystem::path session_dir;
  std::filesystem::path cache_root;     // task outputs (deps/cache)
  std::filesystem::path library_cache;  // runtime libraries (deps)
  std::string tool_identity;            // of MLonMCU itself
  Stage until = Stage::Postprocess;
  int parallel = 1;
  nlohmann::json spec;                  // recorded in the session log for --resume
  std::optional<SessionLog::Contents> resume;  // continue a session: its log
  RunnerObserver* observer = nullptr;   // progress, explanations
  const std::atomic<bool>* interrupt = nullptr;
  std::chrono::milliseconds tick{100};
};

struct KindStats {
  int ran = 0;      // did the work
  int reused = 0;   // from the cache or the session log, or not needed
  int failed = 0;
  int other = 0;    // skipped because their runs failed, cancelled, or not reached
};

struct ExecuteResult {
  std::vector<report::Report::Row> rows;  // per run: its row, then its layer rows
  TaskGraph graph;
  std::vector<TaskReport> tasks;
  std::map<TaskKind, KindStats> stats;
  std::map<std::string, int> programs;  // processes started, by program name
  size_t runs_ok = 0, runs_failed = 0, runs_incomplete = 0;
  bool interrupted = false;
};

ExecuteResult execute_session(const std::vector<RunSpec>& runs, const Components& components, Services services,
                              const ExecuteOptions& options);

}  // namespace mlonmcu::session
