#include "session/matrix.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mlonmcu::session {

namespace {

// Session-wide keys (stage timeouts) apply to every run.
constexpr const char* kSessionComponent = "session";

}  // namespace

bool RunSpec::has(const std::string& feature) const {
  return std::find(features.begin(), features.end(), feature) != features.end();
}

std::vector<RunSpec> expand_runs(const MatrixSpec& spec, const config::Registry& registry,
                                 const std::filesystem::path& session_dir) {
  std::vector<std::vector<std::string>> feature_alternatives;
  for (const auto& alternative : spec.feature_gen.empty() ? std::vector<std::vector<std::string>>{{}} : spec.feature_gen) {
    std::vector<std::string> features = spec.features;
    for (const auto& f : alternative)
      if (f != "_" && std::find(features.begin(), features.end(), f) == features.end()) features.push_back(f);
    feature_alternatives.push_back(std::move(features));
  }
  std::vector<config::Config> config_alternatives;
  for (const auto& alternative : spec.config_gen.empty() ? std::vector<std::vector<std::string>>{{}} : spec.config_gen) {
    std::vector<std::string> assignments = spec.configs;
    assignments.insert(assignments.end(), alternative.begin(), alternative.end());
    config_alternatives.push_back(config::Config::parse(registry, assignments));
  }
  std::vector<RunSpec> runs;
  for (const auto& model : spec.models)
    for (const auto& backend : spec.backends)
      for (const auto& target : spec.targets)
        for (const auto& features : feature_alternatives)
          for (const auto& config : config_alternatives) {
            RunSpec r;
            r.id = static_cast<int>(runs.size());
            r.model = model;
            r.backend = backend;
            r.target = target;
            r.features = features;
            r.config = config;
            r.dir = session_dir / "runs" / std::to_string(r.id);
            runs.push_back(std::move(r));
          }
  return runs;
}

std::string config_component(const std::string& key) { return key.substr(0, key.find('.')); }

bool config_applies(const std::string& key, const RunSpec& run) {
  const std::string component = config_component(key);
  return component == run.backend || component == run.target || component == run.model.frontend ||
         component == kSessionComponent || run.has(component);
}

std::string config_column(const RunSpec& run) {
  std::vector<std::string> parts;
  for (const auto& [key, value] : run.config.non_default())
    if (config_applies(key, run)) parts.push_back(key + "=" + value);
  return fmt::format("{}", fmt::join(parts, " "));
}

std::map<std::string, std::string> component_values(const RunSpec& run, const std::string& component) {
  std::map<std::string, std::string> values;
  if (run.config.registry() == nullptr) return values;
  for (const config::KeyDef* def : run.config.registry()->component_keys(component))
    values[def->key] = run.config.get_string(def->key);
  return values;
}

}  // namespace mlonmcu::session
