// Every backend MLonMCU knows, in one table: adding a backend is one line here.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/aot/aot_backend.h"
#include "backends/backend.h"
#include "backends/interp/interp_backend.h"
#include "common/error.h"

namespace mlonmcu::backends {

namespace {

struct Entry {
  const char* name;
  std::unique_ptr<Backend> (*make)();
};

template <typename B>
std::unique_ptr<Backend> make() {
  return std::make_unique<B>();
}

constexpr Entry kBackends[] = {
    {"interp", make<InterpBackend>},
    {"aot", make<AotBackend>},
};

}  // namespace

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const Entry& e : kBackends) names.emplace_back(e.name);
  return names;
}

std::unique_ptr<Backend> make_backend(const std::string& name) {
  for (const Entry& e : kBackends)
    if (name == e.name) return e.make();
  throw Error(ErrorKind::Usage, fmt::format("unknown backend '{}' (known: {})", name,
                                            fmt::join(backend_names(), ", ")));
}

void declare_backend_configs(config::Registry& registry) {
  for (const Entry& e : kBackends) e.make()->declare_config(registry);
}

}  // namespace mlonmcu::backends
