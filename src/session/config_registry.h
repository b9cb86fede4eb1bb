// The one registry of every component's config keys (backends, targets, features), built once.
#pragma once

#include "config/config.h"

namespace mlonmcu::session {

const config::Registry& config_registry();

}  // namespace mlonmcu::session
