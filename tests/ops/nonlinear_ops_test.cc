// SOFTMAX, LOGISTIC and TANH through lowering + runtime glue: the derived parameters against
// values worked out by hand, the results against float math (1 LSB, as TFLite-Micro's own tests
// allow), and the clear errors for what the kernels cannot do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/error.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/shape_op_runner.h"

namespace mlonmcu::test {
namespace {

TEST(SoftmaxOp, Int8ParamsFollowTflitePrepare) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 4}, 1.0f / 16, 3);
  const int32_t out = r.add(ir::DType::Int8, {1, 4}, 1.0f / 256, -128);
  r.set_op(ir::OpType::Softmax, {in}, {out}, ir::SoftmaxOptions{1.0f});
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.opcode, static_cast<uint32_t>(MLONMCU_OP_SOFTMAX_S8));
  // 1/16 * 2^26 = 2^22 = 0.5 * 2^23: multiplier 2^30, shift 23;
  // diff_min = -floor(31 * 2^26 / 2^23) = -248.
  EXPECT_EQ(l.params, (std::vector<int32_t>{1 << 30, 23, -248}));
}

TEST(SoftmaxOp, Int8RunsWithinOneLsbOfFloat) {
  ShapeOpRunner r;
  const float scale = 0.0732f;
  const float beta = 0.7f;
  const int32_t in = r.add(ir::DType::Int8, {2, 1, 12}, scale, -7);
  const int32_t out = r.add(ir::DType::Int8, {2, 1, 12}, 1.0f / 256, -128);
  r.set_op(ir::OpType::Softmax, {in}, {out}, ir::SoftmaxOptions{beta});
  r.lower();
  std::vector<int8_t> x(24);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<int8_t>(static_cast<int>(i * 37 % 256) - 128);
  r.set(in, x);
  ASSERT_EQ(r.run(), MLONMCU_OK);
  const std::vector<int8_t> y = r.get<int8_t>(out);
  for (size_t row = 0; row < 2; ++row) {
    double sum = 0;
    for (size_t c = 0; c < 12; ++c) sum += std::exp(double{beta} * scale * x[row * 12 + c]);
    for (size_t c = 0; c < 12; ++c) {
      const double p = std::exp(double{beta} * scale * x[row * 12 + c]) / sum;
      EXPECT_NEAR(y[row * 12 + c], std::clamp(std::round(p * 256) - 128, -128.0, 127.0), 1.0);
    }
  }
}

TEST(SoftmaxOp, FloatCarriesBeta) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {1, 2});
  const int32_t out = r.add(ir::DType::Float32, {1, 2});
  r.set_op(ir::OpType::Softmax, {in}, {out}, ir::SoftmaxOptions{2.0f});
  EXPECT_EQ(r.lower().opcode, static_cast<uint32_t>(MLONMCU_OP_SOFTMAX_F32));
  r.set(in, std::vector<float>{0.5f, 0.0f});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  const std::vector<float> y = r.get<float>(out);
  // softmax(2 * [0.5, 0]) = [e, 1] / (e + 1)
  EXPECT_NEAR(y[0], std::exp(1.0) / (std::exp(1.0) + 1), 1e-6);
  EXPECT_NEAR(y[1], 1.0 / (std::exp(1.0) + 1), 1e-6);
}

TEST(SoftmaxOp, RejectsWhatTheKernelCannotDo) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 4}, 0.1f, 0);
  const int32_t bad_out = r.add(ir::DType::Int8, {1, 4}, 1.0f / 128, 0);
  r.set_op(ir::OpType::Softmax, {in}, {bad_out});
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);  // output quantization other than 1/256, -128

  const int32_t i16 = r.add(ir::DType::Int16, {1, 4}, 0.1f, 0);
  const int32_t o16 = r.add(ir::DType::Int16, {1, 4}, 1.0f / 1024, 0);
  r.set_op(ir::OpType::Softmax, {i16}, {o16});
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);  // int16 output scale other than 1/32768

  const int32_t wrong_shape = r.add(ir::DType::Int8, {1, 5}, 1.0f / 256, -128);
  r.set_op(ir::OpType::Softmax, {in}, {wrong_shape});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);

  r.set_op(ir::OpType::Softmax, {in, in}, {wrong_shape});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);  // two inputs

  r.set_op(ir::OpType::Softmax, {in}, {99});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);  // output index out of range
}

TEST(SoftmaxOp, GlueRejectsTruncatedParams) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 4}, 1.0f / 16, 0);
  const int32_t out = r.add(ir::DType::Int8, {1, 4}, 1.0f / 256, -128);
  r.set_op(ir::OpType::Softmax, {in}, {out});
  r.lower();
  EXPECT_EQ(r.run_with({1 << 30, 23}), MLONMCU_ERR_BAD_PARAMS);
  EXPECT_EQ(r.run_with({1 << 30, 40, -248}), MLONMCU_ERR_BAD_PARAMS);  // shift out of range
  EXPECT_EQ(r.run(), MLONMCU_OK);
}

struct UnaryCase {
  ir::OpType type;
  float out_scale;
  int32_t out_zp;
  double (*f)(double);
};

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }
double tanh_fn(double x) { return std::tanh(x); }

class LogisticTanhOp : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(LogisticTanhOp, Int8AllInputsWithinOneLsb) {
  const UnaryCase c = GetParam();
  for (const auto& [scale, zp] : {std::pair{0.05f, 4}, std::pair{0.125f, -100}}) {
    ShapeOpRunner r;
    const int32_t in = r.add(ir::DType::Int8, {4, 64}, scale, zp);
    const int32_t out = r.add(ir::DType::Int8, {4, 64}, c.out_scale, c.out_zp);
    r.set_op(c.type, {in}, {out});
    r.lower();
    std::vector<int8_t> x(256);
    for (int i = 0; i < 256; ++i) x[static_cast<size_t>(i)] = static_cast<int8_t>(i - 128);
    r.set(in, x);
    ASSERT_EQ(r.run(), MLONMCU_OK);
    const std::vector<int8_t> y = r.get<int8_t>(out);
    for (size_t i = 0; i < 256; ++i) {
      const double real = c.f(double{scale} * (x[i] - zp));
      const double expected = std::clamp(std::round(real / c.out_scale) + c.out_zp, -128.0, 127.0);
      EXPECT_NEAR(y[i], expected, 1.0) << "q=" << int{x[i]};
    }
  }
}

TEST_P(LogisticTanhOp, Int8ParamsFollowTflitePrepare) {
  const UnaryCase c = GetParam();
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {8}, 1.0f / 16, 2);
  const int32_t out = r.add(ir::DType::Int8, {8}, c.out_scale, c.out_zp);
  r.set_op(c.type, {in}, {out});
  // 2^-4 * 2^27 = 2^23 = 0.5 * 2^24: multiplier 2^30, shift 24; radius floor(15 * 2^27 / 2^24) = 120
  EXPECT_EQ(r.lower().params, (std::vector<int32_t>{2, 120, 1 << 30, 24}));
}

TEST_P(LogisticTanhOp, FloatMatchesMath) {
  const UnaryCase c = GetParam();
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {3});
  const int32_t out = r.add(ir::DType::Float32, {3});
  r.set_op(c.type, {in}, {out});
  r.lower();
  r.set(in, std::vector<float>{-1.5f, 0.0f, 2.25f});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  const std::vector<float> y = r.get<float>(out);
  EXPECT_NEAR(y[0], c.f(-1.5), 1e-6);
  EXPECT_NEAR(y[1], c.f(0.0), 1e-6);
  EXPECT_NEAR(y[2], c.f(2.25), 1e-6);
}

TEST_P(LogisticTanhOp, RejectsOtherOutputQuantization) {
  const UnaryCase c = GetParam();
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {8}, 0.1f, 0);
  const int32_t out = r.add(ir::DType::Int8, {8}, 0.1f, 0);
  r.set_op(c.type, {in}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);
}

INSTANTIATE_TEST_SUITE_P(Ops, LogisticTanhOp,
                         ::testing::Values(UnaryCase{ir::OpType::Logistic, 1.0f / 256, -128, sigmoid},
                                           UnaryCase{ir::OpType::Tanh, 1.0f / 128, 0, tanh_fn}));

}  // namespace
}  // namespace mlonmcu::test
