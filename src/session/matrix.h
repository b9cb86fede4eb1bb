// The run matrix: models × backends × targets × feature alternatives (--feature-gen) × config
// alternatives (--config-gen), as in MLonMCU: each alternative makes its own runs. Also which
// config keys apply to a run: those of its backend, target, frontend, features and the session.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "models/model_info.h"
#include "session/components.h"

namespace mlonmcu::session {

struct RunSpec {
  int id = 0;
  models::ModelInfo model;
  std::string backend;
  std::string target;
  std::vector<std::string> features;
  config::Config config;
  std::vector<std::string> postprocesses;  // --postprocess; export_outputs works per run (POSTPROCESS)
  std::filesystem::path dir;  // temp/sessions/<id>/runs/<run>
  // What its components read and use, asked of them once (config keys they declare).
  std::vector<std::string> backend_keys;
  std::vector<std::string> target_keys;
  std::vector<std::string> backend_features;  // of `features`, those its backend uses
  bool build_per_target = false;              // its backend's output depends on the target
  std::string framework;                      // whose code runs the model (the Framework column)
  std::vector<std::string> derived_keys;      // config keys filled in from features or target
  bool has(const std::string& feature) const;
};

struct MatrixSpec {
  std::vector<models::ModelInfo> models;
  std::vector<std::string> backends;
  std::vector<std::string> targets;
  std::vector<std::string> features;
  std::vector<std::string> configs;                   // environment defaults, then -c
  std::vector<std::vector<std::string>> feature_gen;  // features added per alternative; "_" = none
  std::vector<std::vector<std::string>> config_gen;   // K=V added per alternative
  std::vector<std::string> postprocesses;
};

// Parses every alternative's config before the first run starts (Error(Config) names the key).
// A run keeps the backend features only when its backend uses them.
std::vector<RunSpec> expand_runs(const MatrixSpec& spec, const config::Registry& registry,
                                 const std::filesystem::path& session_dir, const Components& components);

// The component a key belongs to ("cm4_qemu" of "cm4_qemu.opt").
std::string config_component(const std::string& key);
// A key applies to a run when its backend or target declares it, or it belongs to the run's
// frontend, one of its features, or the session.
bool config_applies(const std::string& key, const RunSpec& run);
// "key=value ..." of the non-default values that apply to the run (the report's Config column).
std::string config_column(const RunSpec& run);
// Keys with their effective values (cache keys: defaults count too).
std::map<std::string, std::string> config_values(const RunSpec& run, const std::vector<std::string>& keys);
std::vector<std::string> component_keys(const RunSpec& run, const std::string& component);
// What a BUILD depends on besides the model: backend, its config, the features it uses, and the
// target when its output depends on it. Runs with the same text share a BUILD.
std::string build_variant(const RunSpec& run);

}  // namespace mlonmcu::session
