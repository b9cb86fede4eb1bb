#include "ir/macs.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "frontends/frontend.h"

namespace mlonmcu::ir {
namespace {

namespace fs = std::filesystem;

// MACs per inference of the MLPerf Tiny models as published (product brief §10, rounded to
// 10 k): the count comes from shapes alone, so it must agree.
TEST(CountMacs, MatchesPublishedFiguresForMlperfTiny) {
  const fs::path dir(MLONMCU_SHARED_MODELS);
  if (!fs::exists(dir)) GTEST_SKIP() << "no shared models";
  const std::pair<const char*, double> expected[] = {
      {"aww", 2.66e6}, {"vww", 7.49e6}, {"resnet", 12.50e6}, {"toycar", 0.26e6}};
  for (const auto& [name, macs] : expected) {
    const Graph g = frontends::load_model(dir / name / (std::string(name) + ".tflite"));
    EXPECT_NEAR(static_cast<double>(count_macs(g)), macs, 0.01e6) << name;
  }
}

TEST(CountMacs, HandBuiltConv) {
  Graph g;
  Tensor in, filter, out;
  in.shape = {1, 8, 8, 3};
  filter.shape = {4, 3, 3, 3};
  out.shape = {1, 8, 8, 4};
  g.tensors = {in, filter, out};
  Operator op;
  op.type = OpType::Conv2D;
  op.inputs = {0, 1};
  op.outputs = {2};
  g.ops = {op};
  EXPECT_EQ(count_macs(g), 8 * 8 * 4 * 27);
}

}  // namespace
}  // namespace mlonmcu::ir
