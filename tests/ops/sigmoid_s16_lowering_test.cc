// int16 LOGISTIC and TANH lowering: the input scaling TFLite's int16 Prepare derives (its
// power-of-two rule, worked out by hand here) and the quantizations it refuses.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "common/error.h"
#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/graph_builder.h"
#include "ops/lower.h"

namespace mlonmcu::test {
namespace {

using ir::DType;

GraphBuilder sigmoid_graph(ir::OpType type, float in_scale, int64_t in_zp = 0, float out_scale = 1.0f / 32768) {
  GraphBuilder b;
  const int32_t x = b.tensor("x", DType::Int16, {4}, {in_scale}, {in_zp});
  const int32_t out = b.tensor("out", DType::Int16, {4}, {out_scale}, {0});
  b.op(type, {x}, {out});
  return b;
}

mlonmcu_sigmoid_s16_params_t lowered_params(ir::OpType type, float in_scale) {
  GraphBuilder b = sigmoid_graph(type, in_scale);
  ops::LowerContext ctx(b.g, {});
  const ops::LoweredOp op = ops::lower(b.g.ops[0], ctx, "interp");
  EXPECT_EQ(op.opcode, type == ir::OpType::Logistic ? MLONMCU_OP_LOGISTIC_S16 : MLONMCU_OP_TANH_S16);
  mlonmcu_sigmoid_s16_params_t p{};
  EXPECT_EQ(op.params.size() * 4, sizeof p);
  std::memcpy(&p, op.params.data(), sizeof p);
  return p;
}

std::string error_of(ir::OpType type, float in_scale, int64_t in_zp, float out_scale) {
  GraphBuilder b = sigmoid_graph(type, in_scale, in_zp, out_scale);
  try {
    ops::check_supported(b.g, b.g.ops.at(0), "interp");
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unsupported) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(LowerSigmoidS16, PowerOfTwoScalesOnTheTableUseMultiplierThree) {
  // Q3.12 (2^-12) is the table's scale / 3; a scale within log2 1e-3 of it counts as well.
  for (float scale : {std::exp2(-12.0f), std::exp2(-12.0005f)}) {
    for (ir::OpType type : {ir::OpType::Logistic, ir::OpType::Tanh}) {
      const auto p = lowered_params(type, scale);
      EXPECT_EQ(p.input_multiplier, 3);
      EXPECT_EQ(p.input_shift, 0);
    }
  }
  // Only TANH takes 2^-11 (shift 1) as a power of two: 3 << 1.
  const auto tanh = lowered_params(ir::OpType::Tanh, std::exp2(-11.0005f));
  EXPECT_EQ(tanh.input_multiplier, 6);
  EXPECT_EQ(tanh.input_shift, 0);
  // LOGISTIC: scale * 3 * 2^12 doubled until above 2^14: 2^-11 * 12288 = 6 -> 6 << 12, shift
  // 12; the off-power scale truncates below it.
  const auto logistic = lowered_params(ir::OpType::Logistic, std::exp2(-11.0f));
  EXPECT_EQ(logistic.input_multiplier, 24576);
  EXPECT_EQ(logistic.input_shift, 12);
  EXPECT_EQ(lowered_params(ir::OpType::Logistic, std::exp2(-11.0005f)).input_multiplier, 24567);
}

TEST(LowerSigmoidS16, GeneralScaleIsTruncatedAboveTwoToTheFourteen) {
  // 1e-4 * 12288 = 1.2288, doubled 14 times: 20132.6 -> 20132.
  const auto p = lowered_params(ir::OpType::Logistic, 1e-4f);
  EXPECT_EQ(p.input_shift, 14);
  EXPECT_EQ(p.input_multiplier, 20132);
}

TEST(LowerSigmoidS16, RefusesWhatTfliteRefusesOrOverflows) {
  EXPECT_NE(error_of(ir::OpType::Logistic, 1e-3f, 0, 1.0f / 16384).find("2^-15"), std::string::npos);
  EXPECT_NE(error_of(ir::OpType::Tanh, 1e-3f, 3, 1.0f / 32768).find("zero point 3"), std::string::npos);
  // 4 * 12288 > 32767: TFLite's int32 scaling would overflow.
  EXPECT_NE(error_of(ir::OpType::Tanh, 4.0f, 0, 1.0f / 32768).find("input scale"), std::string::npos);
}

}  // namespace
}  // namespace mlonmcu::test
