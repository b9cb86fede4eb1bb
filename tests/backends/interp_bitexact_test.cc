// The interp backend's lowering + blob + C runtime, run in-process on the real MLPerf Tiny models:
// every golden sample must match TFLite-Micro's reference kernels byte for byte (output_tflm/).
#include <filesystem>

#include <gtest/gtest.h>

#include "backends/interp/blob_writer.h"
#include "backends/interp/host_runner.h"
#include "planner/memory_planner.h"
#include "frontends/frontend.h"
#include "models/golden.h"
#include "models/model_info.h"

namespace mlonmcu::backends::interp {
namespace {

namespace fs = std::filesystem;

class RealModel : public ::testing::TestWithParam<std::string> {};

TEST_P(RealModel, BitExactWithTflmReferenceKernels) {
  const fs::path dir = fs::path(MLONMCU_SHARED_MODELS) / GetParam();
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  const auto infos = models::discover_models({fs::path(MLONMCU_SHARED_MODELS)});
  const models::ModelInfo* info = nullptr;
  for (const auto& m : infos)
    if (m.name == GetParam()) info = &m;
  ASSERT_NE(info, nullptr);
  const ir::Graph graph = frontends::load_model(info->model_file);
  const models::GoldenData golden = models::load_golden(*info, graph);
  ASSERT_TRUE(golden.exact_outputs.has_value());
  ASSERT_GT(golden.num_samples(), 0u);

  // Every planner, and the sharing options one at a time: views, in-place ops and the fused
  // residual ADD put outputs over inputs, which must not change a single output byte; and every
  // kernel variant.
  struct Variant {
    std::string name;
    lowering::LoweringOptions lowering;
    lowering::MemoryPlanOptions memory;
  };
  std::vector<Variant> variants;
  for (const std::string& name : planner::algorithm_names()) {
    Variant v{name, {}, {}};
    v.memory.algorithm = planner::parse_algorithm(name);
    variants.push_back(v);
  }
  variants.push_back({"no fusion", {}, {}});
  variants.back().lowering.fuse_residual_add = false;
  // The reference kernels, and the optimized ones with every core's weight layouts (the host
  // build computes each layout with its portable loops).
  variants.push_back({"reference kernels", {}, {}});
  variants.back().lowering.kernels.reference = true;
  for (auto isa : {ops::KernelIsa::ArmDsp, ops::KernelIsa::ArmMve, ops::KernelIsa::Rv32}) {
    variants.push_back({std::string("weights for ") + ops::kernel_isa_name(isa), {}, {}});
    variants.back().lowering.kernels.isa = isa;
  }
  variants.push_back({"no views, no in-place", {}, {}});
  variants.back().memory.views = variants.back().memory.in_place = false;
  variants.push_back({"io outside the workspace", {}, {}});
  variants.back().memory.io_in_workspace = false;
  for (const Variant& v : variants) {
    const Blob blob = lower_and_write_blob(graph, v.lowering, v.memory);
    for (size_t s = 0; s < golden.num_samples(); ++s) {
      const auto outputs = run_blob_in_process(blob, golden.inputs[s]);
      ASSERT_EQ(outputs.size(), (*golden.exact_outputs)[s].size());
      for (size_t o = 0; o < outputs.size(); ++o)
        EXPECT_EQ(outputs[o], (*golden.exact_outputs)[s][o])
            << "sample " << s << " output " << o << " " << v.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(MlperfTiny, RealModel,
                         ::testing::Values("aww", "vww", "resnet", "toycar", "sine_model"));

}  // namespace
}  // namespace mlonmcu::backends::interp
