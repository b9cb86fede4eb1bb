// The built-in `aot` backend: at build time the model becomes C that calls the kernels
// directly (c_model.h), with the memory plan and every parameter as constants. Same lowering
// and kernels as `interp`, so its outputs are bit-exact with it; no interpreter, no blob.
#pragma once

#include "backends/backend.h"

namespace mlonmcu::backends {

class AotBackend : public Backend {
 public:
  std::string name() const override { return "aot"; }
  std::string description() const override {
    return "generated C calling the kernels directly: constants in flash, one static workspace";
  }
  void declare_config(config::Registry& registry) const override;
  std::vector<FeatureInfo> features() const override { return kernel_features(); }
  std::vector<BuildInput> build_inputs(const BuildContext& ctx) const override;
  void check(const ir::Graph& graph, const BuildContext& ctx) const override;
  BackendOutput build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const override;
};

}  // namespace mlonmcu::backends
