#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/backend.h"
#include "backends/interp/interp_backend.h"
#include "common/error.h"

namespace mlonmcu::backends {

std::vector<std::string> backend_names() { return {"interp"}; }

std::unique_ptr<Backend> make_backend(const std::string& name) {
  if (name == "interp") return std::make_unique<InterpBackend>();
  throw Error(ErrorKind::Usage,
              fmt::format("unknown backend '{}' (known: {})", name, fmt::join(backend_names(), ", ")));
}

void declare_backend_configs(config::Registry& registry) {
  for (const auto& name : backend_names()) make_backend(name)->declare_config(registry);
}

}  // namespace mlonmcu::backends
