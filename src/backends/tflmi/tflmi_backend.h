// `tflmi`: the model runs on TensorFlow Lite Micro's interpreter, from a checkout the user has
// (tflm.src_dir). The .tflite file becomes a const array, an op resolver registers exactly the
// model's ops, and the arena is what TFLM itself needs on the target (arena_probe.h); the
// program uses the same harness, input files, output protocol and markers as every backend.
// Libraries: TFLM's core, one per kernel the model uses, and CMSIS-NN with the cmsisnn feature
// (tflm_sources.h). Needs C++ on the target: host and Arm yes, rv32 no (see `mlonmcu setup`).
#pragma once

#include "backends/backend.h"

namespace mlonmcu::backends {

class TflmiBackend : public Backend {
 public:
  std::string name() const override { return "tflmi"; }
  std::string description() const override {
    return "TensorFlow Lite Micro interpreter (tflm.src_dir), reference or CMSIS-NN kernels";
  }
  std::string framework() const override { return "tflm"; }
  void declare_config(config::Registry& registry) const override;
  std::vector<FeatureInfo> features() const override;
  bool builds_per_target() const override { return true; }  // the arena is measured on the target
  std::vector<Requirement> requirements(const config::Config& cfg) const override;
  void check(const ir::Graph& graph, const BuildContext& ctx) const override;
  BackendOutput build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const override;
};

}  // namespace mlonmcu::backends
