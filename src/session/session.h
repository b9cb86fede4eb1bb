// A session: the cross product models × backends × targets (× feature/config variants) as
// runs, each going through the stages LOAD → BUILD → COMPILE → RUN → POSTPROCESS, in
// parallel, with shared work reused, one report at the end.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "environment/environment.h"
#include "report/report.h"

namespace mlonmcu::session {

enum class Stage { Load = 0, Tune, Build, Compile, Run, Postprocess, Done };
const char* stage_name(Stage stage);

struct SessionSpec {
  std::vector<std::string> models;    // names, group names or paths
  std::vector<std::string> backends;  // default: interp
  std::vector<std::string> targets;   // default: host_x86
  std::vector<std::string> features;
  std::vector<std::string> configs;   // "component.key=value"
  std::string label;
  Stage until = Stage::Postprocess;   // `flow load|build|compile|run`
  int parallel = 1;
  bool progress = true;               // a line per run as it ends
  int verbosity = 0;                  // -v / -q
};

struct SessionResult {
  std::string id;
  std::filesystem::path dir;       // temp/sessions/<id>
  std::filesystem::path report_csv;
  report::Report report;
  bool all_ok = false;
  bool interrupted = false;
};

// Validates the spec up front (unknown model/backend/target/feature, bad config → Error(Usage
// or Config) before any run starts), then executes. Failures of single runs are in the report.
SessionResult run_session(const environment::Environment& env, const SessionSpec& spec);

// Features the built-in flow knows, with one line of help each: the flow's own, then those of
// the backends (a run drops the backend features its backend does not use).
using FeatureInfo = backends::FeatureInfo;
const std::vector<FeatureInfo>& known_features();

}  // namespace mlonmcu::session
