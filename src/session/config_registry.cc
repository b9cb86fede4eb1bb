#include "session/config_registry.h"

#include <fmt/format.h>

#include "backends/backend.h"
#include "report/postprocess/postprocess.h"
#include "targets/target.h"

namespace mlonmcu::session {

namespace {

void declare_feature_configs(config::Registry& r) {
  r.add({"benchmark.num", config::Type::Int, "1",
         "inferences per input sample (feature benchmark); Run Instructions is per inference", {}, 1, 1000000});
  r.add({"validate.atol", config::Type::Float, "1e-5", "absolute tolerance for float outputs", {}, {}, {}});
  r.add({"validate.rtol", config::Type::Float, "1e-5", "relative tolerance for float outputs", {}, {}, {}});
  r.add({"validate.samples", config::Type::Int, "0", "golden samples to run (0: all)", {}, 0, 100000});
}

// The runner's limit per task of each stage: its processes are killed and the runs that need it
// fail with Failure `timeout`. Targets keep their own, finer program timeouts (<target>.timeout).
void declare_session_configs(config::Registry& r) {
  const std::pair<const char*, int64_t> limits[] = {{"load", 600},      {"build", 1800}, {"lib", 3600},
                                                     {"compile", 1800}, {"run", 3600},   {"postprocess", 600}};
  for (const auto& [stage, seconds] : limits)
    r.add({fmt::format("session.{}_timeout", stage), config::Type::Int, std::to_string(seconds),
           fmt::format("seconds a {} task may take before it is killed", stage), {}, 1, 7 * 86400});
}

}  // namespace

const config::Registry& config_registry() {
  static const config::Registry registry = [] {
    config::Registry r;
    backends::declare_backend_configs(r);
    targets::declare_target_configs(r);
    declare_feature_configs(r);
    declare_session_configs(r);
    report::declare_postprocess_configs(r);
    return r;
  }();
  return registry;
}

}  // namespace mlonmcu::session
