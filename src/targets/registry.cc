#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"
#include "targets/arm/arm_target.h"
#include "targets/host/host_target.h"
#include "targets/riscv/riscv_target.h"
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

std::vector<std::string> target_names() {
  std::vector<std::string> names = {"host_x86"};
  for (auto& n : riscv_target_names()) names.push_back(n);
  for (auto& n : arm_target_names()) names.push_back(n);
  return names;
}

std::unique_ptr<Target> make_target(const std::string& name) {
  if (name == "host_x86") return std::make_unique<HostTarget>();
  if (auto t = make_riscv_target(name)) return t;
  if (auto t = make_arm_target(name)) return t;
  throw Error(ErrorKind::Usage,
              fmt::format("unknown target '{}' (known: {})", name, fmt::join(target_names(), ", ")));
}

void declare_target_configs(config::Registry& registry) {
  for (const auto& name : target_names()) make_target(name)->declare_config(registry);
}

}  // namespace mlonmcu::targets
