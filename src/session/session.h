// A session: the run matrix models × backends × targets × feature alternatives × config
// alternatives, executed as a graph of shared, cached stage tasks (execute.h), in parallel, with
// live progress, one report (CSV, JSON, Markdown) and a record in the results database.
// `--resume` continues an interrupted or failed session from its session log.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "environment/environment.h"
#include "report/report.h"
#include "session/execute.h"
#include "session/session_graph.h"

namespace mlonmcu::session {

struct SessionSpec {
  // What runs (recorded in the session log, so --resume runs the same).
  std::vector<std::string> models;    // names, group names or paths
  std::vector<std::string> backends;  // default: interp
  std::vector<std::string> targets;   // default: host_x86
  std::vector<std::string> features;
  std::vector<std::string> configs;   // "component.key=value"
  std::vector<std::vector<std::string>> feature_gen;  // each alternative its own runs; "_" = none
  std::vector<std::vector<std::string>> config_gen;
  std::vector<std::string> postprocesses;  // report/postprocess, in this order
  std::string label;
  Stage until = Stage::Postprocess;   // `flow load|build|compile|run`
  // How it runs.
  int parallel = 1;
  bool progress = true;               // a line per finished run (a live status on a terminal)
  bool explain = false;               // why every task ran or was reused
  int verbosity = 0;                  // -v / -q
  std::optional<std::string> resume;  // continue this session ("" = the latest) instead
};

struct SessionResult {
  std::string id;
  std::filesystem::path dir;       // temp/sessions/<id>
  std::filesystem::path report_csv;
  report::Report report;
  bool all_ok = false;
  bool interrupted = false;
  std::map<TaskKind, KindStats> stats;
  std::map<std::string, int> programs;  // processes started, by program name
  double seconds = 0;
};

// Validates the spec up front (unknown model/backend/target/feature, bad config → Error(Usage
// or Config) before any run starts), then executes. Failures of single runs are in the report.
SessionResult run_session(const environment::Environment& env, const SessionSpec& spec);

// The stage name `flow` takes ("load", "build", "compile", "run") and back.
std::string stage_arg(Stage stage);
Stage stage_from_arg(const std::string& name);  // throws Usage

// Features the built-in flow knows, with one line of help each: the flow's own, then those of
// the backends (a run drops the backend features its backend does not use).
using FeatureInfo = backends::FeatureInfo;
const std::vector<FeatureInfo>& known_features();

}  // namespace mlonmcu::session
