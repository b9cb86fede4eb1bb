// One run: a (model, backend, target, features, config) combination taken through the stages
// LOAD → BUILD → COMPILE → RUN → POSTPROCESS, with each stage's artifacts kept in its directory.
// A failing stage ends the run with a Reason; it never throws.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "models/model_info.h"
#include "report/report.h"
#include "session/session.h"
#include "session/shared_work.h"

namespace mlonmcu::session {

struct RunSpec {
  int id = 0;
  models::ModelInfo model;
  std::string backend;
  std::string target;
  std::vector<std::string> features;
  config::Config config;
  std::filesystem::path dir;  // runs/<id>
  std::filesystem::path cache_dir;
  Stage until = Stage::Postprocess;
  bool has(const std::string& feature) const;
};

struct RunOutcome {
  std::vector<report::Report::Row> rows;  // the run's row, then per-layer rows
  bool failed = false;
  bool incomplete = false;
  Stage reached = Stage::Load;
  double seconds = 0;
};

RunOutcome execute_run(const RunSpec& spec, SharedWork& shared, const std::atomic<bool>& stop);

}  // namespace mlonmcu::session
