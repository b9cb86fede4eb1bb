// The built-in `interp` backend: the model is lowered and serialized into a blob (weights
// included) at build time, with a static memory plan; on the target a small generic C99
// interpreter walks the blob and calls the kernels. No allocation at run time.
#pragma once

#include "backends/backend.h"

namespace mlonmcu::backends {

class InterpBackend : public Backend {
 public:
  std::string name() const override { return "interp"; }
  std::string description() const override {
    return "serialized model + generic C99 interpreter runtime (built-in kernels)";
  }
  void declare_config(config::Registry& registry) const override;
  std::vector<FeatureInfo> features() const override { return kernel_features(); }
  void check(const ir::Graph& graph, const BuildContext& ctx) const override;
  BackendOutput build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const override;
};

}  // namespace mlonmcu::backends
