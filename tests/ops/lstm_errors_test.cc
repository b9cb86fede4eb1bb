// Integer UNIDIRECTIONAL_SEQUENCE_LSTM: what TFLite-Micro's integer path cannot compute (or
// computes from values it never sets) is one Unsupported error naming op, dtype and what is
// missing; the variants it runs pass the check. (Bit-exactness: the differential cases.)
#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "ops/graph_builder.h"
#include "ops/lower.h"

namespace mlonmcu::test {
namespace {

using ir::DType;

struct LstmSpec {
  DType act = DType::Int8;
  DType bias = DType::Int32;
  DType cell = DType::Int16;
  float cell_scale = 1.0f / 2048;
  std::vector<float> weight_scales = {0.01f};
  ir::Activation activation = ir::Activation::Tanh;
};

// batch 1, 2 time steps, input 3, state 2 (batch major).
GraphBuilder lstm(const LstmSpec& s) {
  GraphBuilder b;
  const int32_t state = 2, in = 3;
  std::vector<int32_t> inputs(24, -1);
  inputs[0] = b.tensor("x", s.act, {1, 2, in}, {0.05f}, {0});
  for (int g = 0; g < 4; ++g) {
    const std::string k = std::to_string(g);
    inputs[static_cast<size_t>(1 + g)] =
        b.constant("wx" + k, DType::Int8, {state, in}, std::vector<int8_t>(state * in, 3), s.weight_scales);
    inputs[static_cast<size_t>(5 + g)] =
        b.constant("wh" + k, DType::Int8, {state, state}, std::vector<int8_t>(state * state, 3), s.weight_scales);
    inputs[static_cast<size_t>(12 + g)] = s.bias == DType::Int64
                                              ? b.constant("b" + k, s.bias, {state}, std::vector<int64_t>(state, 5))
                                              : b.constant("b" + k, s.bias, {state}, std::vector<int32_t>(state, 5));
  }
  inputs[18] = b.tensor("h", s.act, {1, state}, {1.0f / 128}, {0});
  inputs[19] = b.tensor("c", s.cell, {1, state}, {s.cell_scale}, {0});
  b.g.tensors[static_cast<size_t>(inputs[18])].is_variable = true;
  b.g.tensors[static_cast<size_t>(inputs[19])].is_variable = true;
  const int32_t out = b.tensor("out", s.act, {1, 2, state}, {1.0f / 128}, {0});
  ir::LstmOptions o;
  o.activation = s.activation;
  b.op(ir::OpType::UnidirectionalSequenceLstm, inputs, {out}, o);
  return b;
}

// The Unsupported message, or "" when the check passes.
std::string refusal(const LstmSpec& s) {
  const GraphBuilder b = lstm(s);
  try {
    ops::check_supported(b.g, b.g.ops.at(0), "interp");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported) << e.what();
    EXPECT_NE(std::string(e.what()).find("UNIDIRECTIONAL_SEQUENCE_LSTM"), std::string::npos) << e.what();
    return e.what();
  }
  return "";
}

TEST(LstmInteger, TflmsVariantsPass) {
  EXPECT_EQ(refusal({}), "");
  LstmSpec wide;
  wide.act = DType::Int16, wide.bias = DType::Int64;
  EXPECT_EQ(refusal(wide), "");
}

TEST(LstmInteger, BiasDtypeMustBeTheOneTflmReads) {
  LstmSpec s;
  s.act = DType::Int16;  // TFLM would read these int32 biases as int64
  EXPECT_NE(refusal(s).find("int16 activations with int32 biases"), std::string::npos) << refusal(s);
  LstmSpec t;
  t.bias = DType::Int64;
  EXPECT_NE(refusal(t).find("int8 activations with int64 biases"), std::string::npos) << refusal(t);
}

TEST(LstmInteger, CellStateMustBeInt16) {
  LstmSpec s;
  s.cell = DType::Int8;
  EXPECT_NE(refusal(s).find("int8 cell state"), std::string::npos) << refusal(s);
}

TEST(LstmInteger, PerChannelWeightsAreRefused) {
  LstmSpec s;
  s.weight_scales = {0.01f, 0.02f};
  EXPECT_NE(refusal(s).find("per-channel quantization of the weights"), std::string::npos) << refusal(s);
}

TEST(LstmInteger, CellScaleOutsideTheIntegerTanhIsRefused) {
  LstmSpec s;
  s.cell_scale = 16.0f;  // 2^4: TFLM's tanh input multiplier 3 << 16 overflows
  EXPECT_NE(refusal(s).find("cell state scale 16"), std::string::npos) << refusal(s);
}

TEST(LstmInteger, CellGateOtherThanTanhIsRefused) {
  LstmSpec s;
  s.activation = ir::Activation::Relu;
  EXPECT_NE(refusal(s).find("cell activation RELU"), std::string::npos) << refusal(s);
}

}  // namespace
}  // namespace mlonmcu::test
