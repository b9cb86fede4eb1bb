#include "session/config_registry.h"

#include "backends/backend.h"
#include "ops/kernel_options.h"
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

}  // namespace

const config::Registry& config_registry() {
  static const config::Registry registry = [] {
    config::Registry r;
    backends::declare_backend_configs(r);
    targets::declare_target_configs(r);
    declare_feature_configs(r);
    ops::declare_kernel_configs(r);
    return r;
  }();
  return registry;
}

}  // namespace mlonmcu::session
