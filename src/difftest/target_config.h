// The default config of every target and built-in backend, for programs the differential tests
// build outside a session.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace mlonmcu::difftest {

config::Config target_config(const std::vector<std::string>& assignments = {});

}  // namespace mlonmcu::difftest
