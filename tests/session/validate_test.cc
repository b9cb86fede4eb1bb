#include "session/validate.h"

#include <cstring>

#include <gtest/gtest.h>

namespace mlonmcu::session {
namespace {

// One op producing int8 class scores (scale 1/256, zero point -128), or float values.
ir::Graph graph_with_output(ir::DType dtype, ir::OpType producer) {
  ir::Graph g;
  ir::Tensor in, out;
  in.dtype = out.dtype = dtype;
  in.shape = out.shape = {1, 4};
  if (dtype == ir::DType::Int8) out.quant = {{1.0f / 256}, {-128}, 0};
  g.tensors = {in, out};
  ir::Operator op;
  op.type = producer;
  op.inputs = {0};
  op.outputs = {1};
  g.ops = {op};
  g.inputs = {0};
  g.outputs = {1};
  return g;
}

models::Bytes int8_bytes(std::vector<int8_t> v) { return models::Bytes(v.begin(), v.end()); }

models::Bytes float_bytes(std::vector<float> v) {
  models::Bytes b(v.size() * 4);
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

TEST(Validate, ExactInt8MatchAndOneLsbOff) {
  const ir::Graph g = graph_with_output(ir::DType::Int8, ir::OpType::Softmax);
  models::GoldenData golden;
  golden.exact_outputs = {{int8_bytes({-128, 100, -20, -128})}};
  const auto same = validate_outputs(g, golden, {{int8_bytes({-128, 100, -20, -128})}}, {});
  EXPECT_TRUE(same.passed);
  EXPECT_EQ(*same.max_diff, 0.0);
  const auto off = validate_outputs(g, golden, {{int8_bytes({-128, 101, -20, -128})}}, {});
  EXPECT_FALSE(off.passed);
  EXPECT_EQ(*off.max_diff, 1.0);
  EXPECT_NE(off.summary.find("sample 0 output 0"), std::string::npos) << off.summary;
}

TEST(Validate, ReferenceTop1DecidesWithoutExactData) {
  const ir::Graph g = graph_with_output(ir::DType::Int8, ir::OpType::Softmax);
  models::GoldenData golden;
  golden.reference_outputs = {{{0.0f, 0.9f, 0.1f, 0.0f}}};
  // q=102 -> (102+128)/256 = 0.898..: class 1 wins, 1 LSB from the reference's 0.9 (0.9*256 = 230.4).
  const auto agree = validate_outputs(g, golden, {{int8_bytes({-128, 102, -102, -128})}}, {});
  EXPECT_TRUE(agree.passed);
  ASSERT_TRUE(agree.top1_agrees.has_value());
  EXPECT_TRUE(*agree.top1_agrees);
  EXPECT_NEAR(*agree.reference_max_diff, 0.4, 1e-3);
  const auto differ = validate_outputs(g, golden, {{int8_bytes({-128, -100, 100, -128})}}, {});
  EXPECT_FALSE(differ.passed);
  EXPECT_FALSE(*differ.top1_agrees);
}

TEST(Validate, Top1NotReportedForNonClassifierOutputs) {
  const ir::Graph g = graph_with_output(ir::DType::Int8, ir::OpType::FullyConnected);
  models::GoldenData golden;
  golden.reference_outputs = {{{0.0f, 0.9f, 0.1f, 0.0f}}};
  const auto r = validate_outputs(g, golden, {{int8_bytes({-128, -100, 100, -128})}}, {});
  EXPECT_FALSE(r.top1_agrees.has_value());
  EXPECT_TRUE(r.passed);  // quantized outputs of a non-classifier: only the LSB difference is reported
}

TEST(Validate, FloatWithinAndOutsideTolerance) {
  const ir::Graph g = graph_with_output(ir::DType::Float32, ir::OpType::FullyConnected);
  models::GoldenData golden;
  golden.exact_outputs = {{float_bytes({1.0f, -2.0f, 0.5f, 0.0f})}};
  Tolerance tol{1e-3, 0.0};
  EXPECT_TRUE(validate_outputs(g, golden, {{float_bytes({1.0005f, -2.0f, 0.5f, 0.0f})}}, tol).passed);
  EXPECT_FALSE(validate_outputs(g, golden, {{float_bytes({1.002f, -2.0f, 0.5f, 0.0f})}}, tol).passed);
}

TEST(Validate, NoGoldenOutputsIsNotAPass) {
  const ir::Graph g = graph_with_output(ir::DType::Int8, ir::OpType::Softmax);
  const auto r = validate_outputs(g, models::GoldenData{}, {{int8_bytes({0, 0, 0, 0})}}, {});
  EXPECT_FALSE(r.passed);
}


// TVM's backends round differently from TFLite-Micro: a tolerance in LSB, with the same top-1
// class, and the count of samples that are still bit-exact.
TEST(Validate, LsbToleranceCountsExactSamplesAndNeedsTheSameTop1) {
  const ir::Graph g = graph_with_output(ir::DType::Int8, ir::OpType::Softmax);
  models::GoldenData golden;
  golden.exact_outputs = {{int8_bytes({-128, 100, -20, -128})}, {int8_bytes({90, 80, -128, -128})}};
  Tolerance tol;
  tol.lsb = 13;
  const auto within = validate_outputs(g, golden, {{int8_bytes({-128, 100, -20, -128})}, {int8_bytes({90, 77, -120, -128})}}, tol);
  EXPECT_TRUE(within.passed) << within.summary;
  EXPECT_EQ(within.exact_samples, 1u);
  EXPECT_EQ(within.samples, 2u);
  EXPECT_EQ(*within.max_diff, 8.0);
  EXPECT_EQ(within.summary, "1/2 samples bit-exact, at most 8 LSB off (tolerance 13), top-1 as the exact outputs");

  const auto beyond = validate_outputs(g, golden, {{int8_bytes({-128, 100, -6, -128})}, {int8_bytes({90, 80, -128, -128})}}, tol);
  EXPECT_FALSE(beyond.passed);
  EXPECT_EQ(beyond.summary, "sample 0 output 0 differs from the exact golden output by more than 13 LSB");
  EXPECT_EQ(*beyond.max_diff, 14.0);

  // 6 LSB each way flips the class: within the tolerance, still a failure.
  const auto flipped = validate_outputs(g, golden, {{int8_bytes({-128, 100, -20, -128})}, {int8_bytes({84, 86, -128, -128})}}, tol);
  EXPECT_FALSE(flipped.passed);
  EXPECT_EQ(flipped.summary, "sample 1 output 0: top-1 class differs from the exact golden output");

  // Without a tolerance (the bit-exact backends) one LSB fails, as before.
  EXPECT_FALSE(validate_outputs(g, golden, {{int8_bytes({-128, 100, -20, -128})}, {int8_bytes({90, 79, -128, -128})}}, {}).passed);
}

}  // namespace
}  // namespace mlonmcu::session
