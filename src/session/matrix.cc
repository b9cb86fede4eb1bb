#include "session/matrix.h"

#include <algorithm>
#include <functional>
#include <memory>

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

namespace {

std::vector<std::string> declared_keys(const std::function<void(config::Registry&)>& declare) {
  config::Registry r;
  declare(r);
  std::vector<std::string> keys;
  for (const auto& [key, def] : r.keys()) keys.push_back(key);
  return keys;
}

// What BUILD reads of the kernel choice, made explicit per run: `refkernels` as
// kernels.variant=reference, kernels.isa=auto as the target's instruction set (weights are laid
// out for the core they run on, so runs on cores of one ISA share a BUILD and others do not).
// Filled-in keys stay out of the Config column: the user did not set them.
void resolve_kernel_config(RunSpec& r, const targets::Target& target) {
  if (std::find(r.backend_keys.begin(), r.backend_keys.end(), "kernels.isa") == r.backend_keys.end()) return;
  if (r.has("refkernels") && r.config.get_string("kernels.variant") != "reference") {
    r.config.set("kernels.variant", "reference");
    r.derived_keys.push_back("kernels.variant");
  }
  // The reference kernels read the original weights: no layout, one BUILD for every core.
  if (r.config.get_string("kernels.isa") == "auto" && r.config.get_string("kernels.variant") != "reference") {
    r.config.set("kernels.isa", target.kernel_isa(r.config));
    r.derived_keys.push_back("kernels.isa");
  }
}

}  // namespace

std::vector<RunSpec> expand_runs(const MatrixSpec& spec, const config::Registry& registry,
                                 const std::filesystem::path& session_dir, const Components& components) {
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
  if (spec.models.empty()) return runs;
  std::map<std::string, std::unique_ptr<backends::Backend>> backends;
  std::map<std::string, std::unique_ptr<targets::Target>> targets;
  std::map<std::string, std::vector<std::string>> target_keys;
  for (const auto& b : spec.backends) backends[b] = components.backend(b);
  for (const auto& t : spec.targets) {
    targets[t] = components.target(t);
    target_keys[t] = declared_keys([&](config::Registry& r) { targets[t]->declare_config(r); });
  }
  for (const auto& model : spec.models)
    for (const auto& backend : spec.backends)
      for (const auto& target : spec.targets)
        for (const auto& features : feature_alternatives)
          for (const auto& config : config_alternatives) {
            const backends::Backend& be = *backends.at(backend);
            RunSpec r;
            r.id = static_cast<int>(runs.size());
            r.model = model;
            r.backend = backend;
            r.target = target;
            r.features = backends::features_for_backend(be, features);
            for (const auto& f : be.features())
              if (r.has(f.name)) r.backend_features.push_back(f.name);
            r.backend_keys = declared_keys([&](config::Registry& reg) { be.declare_config(reg); });
            r.target_keys = target_keys.at(target);
            r.build_per_target = be.builds_per_target();
            r.framework = be.framework();
            r.config = config;
            r.postprocesses = spec.postprocesses;
            resolve_kernel_config(r, *targets.at(target));
            r.dir = session_dir / "runs" / std::to_string(r.id);
            runs.push_back(std::move(r));
          }
  return runs;
}

std::string config_component(const std::string& key) { return key.substr(0, key.find('.')); }

bool config_applies(const std::string& key, const RunSpec& run) {
  const std::string component = config_component(key);
  auto in = [&](const std::vector<std::string>& keys) { return std::find(keys.begin(), keys.end(), key) != keys.end(); };
  return in(run.backend_keys) || in(run.target_keys) || component == run.model.frontend ||
         component == kSessionComponent || run.has(component);
}

std::string config_column(const RunSpec& run) {
  std::vector<std::string> parts;
  for (const auto& [key, value] : run.config.non_default())
    if (config_applies(key, run) &&
        std::find(run.derived_keys.begin(), run.derived_keys.end(), key) == run.derived_keys.end())
      parts.push_back(key + "=" + value);
  return fmt::format("{}", fmt::join(parts, " "));
}

std::map<std::string, std::string> config_values(const RunSpec& run, const std::vector<std::string>& keys) {
  std::map<std::string, std::string> values;
  for (const auto& key : keys)
    if (run.config.registry() && run.config.registry()->find(key)) values[key] = run.config.get_string(key);
  return values;
}

std::vector<std::string> component_keys(const RunSpec& run, const std::string& component) {
  std::vector<std::string> keys;
  if (run.config.registry() == nullptr) return keys;
  for (const config::KeyDef* def : run.config.registry()->component_keys(component)) keys.push_back(def->key);
  return keys;
}

std::string build_variant(const RunSpec& run) {
  std::string text = run.backend + "\n";
  for (const auto& [k, v] : config_values(run, run.backend_keys)) text += k + "=" + v + "\n";
  for (const auto& f : run.backend_features) text += "feature " + f + "\n";
  if (run.build_per_target) text += "target " + run.target + "\n";
  return text;
}

}  // namespace mlonmcu::session
