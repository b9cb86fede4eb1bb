// The demo zoo's kept TFLite-Micro outputs (modelbuilder/demo_golden_tflm.inc): recomputed with
// TFLM where the checkout exists, they must be equal byte for byte, so the data cannot go stale
// silently when a demo model, its inputs or the pinned TFLM change. `mlonmcu init` writes them
// as output_tflm/.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "backends/tflmi/demo_golden.h"
#include "common/hex.h"
#include "modelbuilder/demo_golden.h"
#include "modelbuilder/demo_models.h"

namespace mlonmcu {
namespace {

namespace fs = std::filesystem;

TEST(DemoGolden, KeptOutputsAreTflmsOutputs) {
  if (!fs::exists(MLONMCU_SHARED_TFLM)) GTEST_SKIP() << "no TFLite-Micro checkout at " MLONMCU_SHARED_TFLM;
  const fs::path work = fs::path(MLONMCU_TEST_BINARY_DIR) / ("demo_golden_" + std::to_string(::getpid()));
  const auto computed = backends::tflm::compute_demo_outputs(
      {MLONMCU_SHARED_TFLM}, fs::path(MLONMCU_TEST_CACHE_DIR) / "tflmi_deps", work);
  fs::remove_all(work);
  std::vector<std::string> names;
  for (const auto& d : computed) {
    names.push_back(d.model);
    const auto kept = modelbuilder::demo_tflm_outputs(d.model);
    ASSERT_TRUE(kept.has_value()) << d.model << ": no kept outputs (run build/bench/gen_demo_golden)";
    ASSERT_EQ(kept->size(), d.samples.size()) << d.model;
    for (size_t s = 0; s < d.samples.size(); ++s)
      EXPECT_EQ(encode_hex((*kept)[s]), encode_hex(d.samples[s]))
          << d.model << " sample " << s << " differs from TFLM (run build/bench/gen_demo_golden)";
  }
  EXPECT_EQ(names, modelbuilder::demo_tflm_output_models());
}

// Without TFLM: every TFLite demo model has kept outputs for each of its samples and no other
// model has any (what init writes needs nothing else).
TEST(DemoGolden, EveryTfliteDemoModelHasOutputsPerSample) {
  std::vector<std::string> tflite;
  for (const auto& m : modelbuilder::demo_models()) {
    if (m.onnx) {
      EXPECT_FALSE(modelbuilder::demo_tflm_outputs(m.name).has_value()) << m.name;
      continue;
    }
    tflite.push_back(m.name);
    const auto kept = modelbuilder::demo_tflm_outputs(m.name);
    ASSERT_TRUE(kept.has_value()) << m.name;
    ASSERT_EQ(kept->size(), m.num_samples) << m.name;
    const auto& out = m.graph.tensors[static_cast<size_t>(m.graph.outputs.at(0))];
    for (const auto& sample : *kept) EXPECT_EQ(static_cast<int64_t>(sample.size()), out.num_bytes()) << m.name;
  }
  EXPECT_EQ(tflite, modelbuilder::demo_tflm_output_models());
}

}  // namespace
}  // namespace mlonmcu
