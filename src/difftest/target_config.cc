#include "difftest/target_config.h"

#include "backends/backend.h"
#include "targets/target.h"

namespace mlonmcu::difftest {

config::Config target_config(const std::vector<std::string>& assignments) {
  static const config::Registry registry = [] {
    config::Registry r;
    targets::declare_target_configs(r);
    backends::declare_backend_configs(r);
    return r;
  }();
  return config::Config::parse(registry, assignments);
}

}  // namespace mlonmcu::difftest
