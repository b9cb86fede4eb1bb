#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "targets/host/host_target.h"
#include "targets/target.h"

namespace mlonmcu::targets {

int64_t MemoryUsage::total_rom() const {
  if (rom_code < 0) return -1;
  return rom_code + std::max<int64_t>(rom_read_only, 0) + std::max<int64_t>(rom_misc, 0);
}

int64_t MemoryUsage::total_ram() const {
  if (ram_data < 0 && ram_zero_init < 0) return -1;
  return std::max<int64_t>(ram_data, 0) + std::max<int64_t>(ram_zero_init, 0) +
         std::max<int64_t>(ram_stack, 0) + std::max<int64_t>(ram_heap, 0);
}

std::vector<std::string> target_names() { return {"host_x86"}; }

std::unique_ptr<Target> make_target(const std::string& name) {
  if (name == "host_x86") return std::make_unique<HostTarget>();
  throw Error(ErrorKind::Usage,
              fmt::format("unknown target '{}' (known: {})", name, fmt::join(target_names(), ", ")));
}

void declare_target_configs(config::Registry& registry) {
  for (const auto& name : target_names()) make_target(name)->declare_config(registry);
}

}  // namespace mlonmcu::targets
