// The microTVM backends `tvmaot`, `tvmaotplus` and `tvmrt` (tvm_variants.h): BUILD gets a Model
// Library Format archive from tvmc (tvmc.h) or from the archives a user has (mlf_source.h),
// unpacks and checks it (mlf_archive.h, mlf.h) and hands the generated code, MLonMCU's glue
// (tvm_glue.h, mcu/) and, where the executor needs it, TVM's C runtime as a library
// (crt_library.h) to the platform, which builds them with the same harness as every backend.
// `Workspace Size [B]` is the MLF's workspace (metadata.json). TVM rounds differently from
// TFLite-Micro, so `validate` passes within <backend>.tolerance_lsb.
#pragma once

#include "backends/backend.h"
#include "backends/tvm/tvm_variants.h"

namespace mlonmcu::backends {

class TvmBackend : public Backend {
 public:
  explicit TvmBackend(const tvm::Variant& variant) : variant_(variant) {}
  std::string name() const override { return variant_.name; }
  std::string description() const override { return variant_.description; }
  std::string framework() const override { return "tvm"; }
  void declare_config(config::Registry& registry) const override;
  std::vector<Requirement> requirements(const config::Config& cfg) const override;
  int64_t tolerance_lsb(const config::Config& cfg) const override;
  std::vector<BuildInput> build_inputs(const BuildContext& ctx) const override;
  void check(const ir::Graph& graph, const BuildContext& ctx) const override;
  BackendOutput build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const override;

 private:
  const tvm::Variant& variant_;
};

}  // namespace mlonmcu::backends
