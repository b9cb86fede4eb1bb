// Every backend MLonMCU knows, in one table: adding a backend is one line here.
#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/aot/aot_backend.h"
#include "backends/backend.h"
#include "backends/interp/interp_backend.h"
#include "backends/tflmi/tflmi_backend.h"
#include "backends/tvm/tvm_backend.h"
#include "common/error.h"

namespace mlonmcu::backends {

namespace {

struct Entry {
  const char* name;
  std::unique_ptr<Backend> (*make)(const char* name);
};

template <typename B>
std::unique_ptr<Backend> make(const char*) {
  return std::make_unique<B>();
}

std::unique_ptr<Backend> make_tvm(const char* name) { return std::make_unique<TvmBackend>(tvm::variant(name)); }

constexpr Entry kBackends[] = {
    {"interp", make<InterpBackend>},
    {"aot", make<AotBackend>},
    {"tflmi", make<TflmiBackend>},
    {"tvmaot", make_tvm},      // variants: backends/tvm/tvm_variants.cc
    {"tvmaotplus", make_tvm},
    {"tvmrt", make_tvm},
};

}  // namespace

bool BuildContext::has(const std::string& feature) const {
  return std::find(features.begin(), features.end(), feature) != features.end();
}

std::vector<FeatureInfo> kernel_features() {
  return {{"refkernels", "TFLite-Micro's reference maths instead of the optimized int8 kernels "
                         "(kernels.variant=reference)"}};
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const Entry& e : kBackends) names.emplace_back(e.name);
  return names;
}

std::unique_ptr<Backend> make_backend(const std::string& name) {
  for (const Entry& e : kBackends)
    if (name == e.name) return e.make(e.name);
  throw Error(ErrorKind::Usage, fmt::format("unknown backend '{}' (known: {})", name,
                                            fmt::join(backend_names(), ", ")));
}

void declare_backend_configs(config::Registry& registry) {
  for (const Entry& e : kBackends) e.make(e.name)->declare_config(registry);
}

std::vector<FeatureInfo> backend_features() {
  std::vector<FeatureInfo> out;
  std::map<std::string, std::vector<std::string>> users;
  for (const auto& name : backend_names())
    for (const FeatureInfo& f : make_backend(name)->features()) {
      if (users[f.name].empty()) out.push_back(f);
      users[f.name].push_back(name);
    }
  for (FeatureInfo& f : out) f.help += fmt::format(" (backends: {}; ignored by the others)", fmt::join(users[f.name], ", "));
  return out;
}

std::vector<std::string> features_for_backend(const std::string& backend, const std::vector<std::string>& features) {
  return features_for_backend(*make_backend(backend), features);
}

std::vector<std::string> features_for_backend(const Backend& backend, const std::vector<std::string>& features) {
  const auto own = backend.features();
  const auto all = backend_features();
  auto named = [](const std::vector<FeatureInfo>& list, const std::string& f) {
    return std::any_of(list.begin(), list.end(), [&](const FeatureInfo& i) { return i.name == f; });
  };
  std::vector<std::string> out;
  for (const auto& f : features)
    if (!named(all, f) || named(own, f)) out.push_back(f);
  return out;
}

}  // namespace mlonmcu::backends
