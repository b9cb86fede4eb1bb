// The real models with TFLite-Micro reference outputs (shared/models/*/output_tflm): every
// sample must match bit for bit when run through the lowering and the runtime's op glue.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "common/error.h"
#include "frontends/frontend.h"
#include "models/golden.h"
#include "models/model_info.h"
#include "ops/graph_runner.h"

namespace mlonmcu::test {
namespace {

namespace fs = std::filesystem;

class RealModel : public ::testing::TestWithParam<std::string> {};

TEST_P(RealModel, MatchesTflmReferenceBitExact) {
  const fs::path dir = fs::path(MLONMCU_SHARED_MODELS) / GetParam();
  const fs::path file = dir / (GetParam() + ".tflite");
  if (!fs::exists(file)) GTEST_SKIP() << "no model at " << file;
  const models::ModelInfo info = models::read_model_info(file);
  ir::Graph graph = frontends::load_tflite(file);
  for (const auto& op : graph.ops) {
    try {
      ops::check_supported(graph, op, "interp");
    } catch (const Error& e) {
      // Another engineer's op may not be there yet; ours must never be the reason.
      GTEST_SKIP() << e.what();
    }
  }
  const models::GoldenData golden = models::load_golden(info, graph);
  ASSERT_TRUE(golden.exact_outputs.has_value()) << "no output_tflm for " << GetParam();
  GraphRunner runner(graph);
  ASSERT_GT(golden.num_samples(), 0u);
  for (size_t s = 0; s < golden.num_samples(); ++s) {
    for (size_t i = 0; i < graph.inputs.size(); ++i) {
      mlonmcu_tensor_t& t = runner.tensor(graph.inputs[i]);
      const auto& bytes = golden.inputs[s][i];
      ASSERT_EQ(bytes.size(), static_cast<size_t>(t.bytes));
      std::memcpy(t.data, bytes.data(), bytes.size());
    }
    ASSERT_EQ(runner.run(), MLONMCU_OK) << "sample " << s;
    for (size_t o = 0; o < graph.outputs.size(); ++o) {
      const mlonmcu_tensor_t& t = runner.tensor(graph.outputs[o]);
      const auto& expected = (*golden.exact_outputs)[s][o];
      ASSERT_EQ(expected.size(), static_cast<size_t>(t.bytes));
      const auto* got = static_cast<const uint8_t*>(t.data);
      EXPECT_EQ(std::vector<uint8_t>(got, got + t.bytes), expected)
          << GetParam() << " sample " << s << " output " << o;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SharedModels, RealModel,
                         ::testing::Values("aww", "vww", "resnet", "toycar", "sine_model"));

}  // namespace
}  // namespace mlonmcu::test
