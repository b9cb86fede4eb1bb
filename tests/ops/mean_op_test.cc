// MEAN through lowering + runtime glue: axis handling (negative, keep_dims), TFLite-Micro's two
// int8 paths, and float.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "common/error.h"
#include "mlonmcu/kernels/mean.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/shape_op_runner.h"

namespace mlonmcu::test {
namespace {

TEST(MeanOp, Int8SameQuantizationKeepDimsOverHW) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 2, 2, 2}, 0.5f, -3);
  const int32_t axes = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{1, 2});
  const int32_t out = r.add(ir::DType::Int8, {1, 1, 1, 2}, 0.5f, -3);
  r.set_op(ir::OpType::Mean, {in, axes}, {out}, ir::ReducerOptions{true});
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.opcode, static_cast<uint32_t>(MLONMCU_OP_MEAN_S8));
  EXPECT_EQ(l.inputs, (std::vector<int32_t>{in}));
  r.set(in, std::vector<int8_t>{1, -1, 2, -2, 4, -4, 6, -9});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  // TFLite-Micro requantizes equal quantizations too: sums less 4 zero points 25 and -4, times
  // 2^30 with shift -1 (1.0 folded with 1/4), rounded twice: 25 -> 12.5 -> 13 -> 6.5 -> 7 (the
  // truncating 25 / 4 would give 6); -4 -> -2 -> -1. Plus the zero point -3.
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{4, -4}));
}

TEST(MeanOp, Int8RequantizesWhenQuantizationDiffers) {
  ShapeOpRunner r;
  // input scale 0.5 zp 0, output scale 1.0 zp 7; mean over the last axis of 2 values.
  // Multiplier for 0.5: 2^30, shift 0; count 2 folds in: shift 1 -> (2^30 << 1) / 2 = 2^30,
  // shift -1. Row {10, 20}: 30 * 0.5 = 15 (exact), halved 7.5 -> 8 (half away from zero); + 7.
  // Row {-3, 0}: -3 * 0.5 = -1.5 -> -1 (high multiply rounds halves up), halved -0.5 -> -1; + 7.
  const int32_t in = r.add(ir::DType::Int8, {2, 2}, 0.5f, 0);
  const int32_t axes = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{-1});
  const int32_t out = r.add(ir::DType::Int8, {2}, 1.0f, 7);
  r.set_op(ir::OpType::Mean, {in, axes}, {out}, ir::ReducerOptions{false});
  const ops::LoweredOp l = r.lower();
  // {mask, count, requantize, multiplier, shift, in zp, out zp, reducer MEAN}
  EXPECT_EQ(l.params, (std::vector<int32_t>{2, 2, 1, 1 << 30, -1, 0, 7, MLONMCU_REDUCE_MEAN}));
  r.set(in, std::vector<int8_t>{10, 20, -3, 0});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{15, 6}));
}

TEST(MeanOp, FloatOverFirstAxis) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {3, 2});
  const int32_t axes = r.add_const(ir::DType::Int64, {1}, std::vector<int64_t>{0});
  const int32_t out = r.add(ir::DType::Float32, {2});
  r.set_op(ir::OpType::Mean, {in, axes}, {out});
  EXPECT_EQ(r.lower().opcode, static_cast<uint32_t>(MLONMCU_OP_MEAN_F32));
  r.set(in, std::vector<float>{1, 10, 2, 20, 4, 40});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  const std::vector<float> y = r.get<float>(out);
  EXPECT_FLOAT_EQ(y[0], 7.0f / 3.0f);
  EXPECT_FLOAT_EQ(y[1], 70.0f / 3.0f);
}

TEST(MeanOp, RejectsBadAxesAndShapes) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {3, 2});
  const int32_t bad_axis = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{2});
  const int32_t out = r.add(ir::DType::Float32, {2});
  r.set_op(ir::OpType::Mean, {in, bad_axis}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);
  const int32_t axis1 = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{1});
  r.set_op(ir::OpType::Mean, {in, axis1}, {out});  // mean over axis 1 has 3 values, not 2
  EXPECT_EQ(kind_of(r), ErrorKind::Model);
  const int32_t i16 = r.add(ir::DType::Int16, {3, 2}, 1.0f, 0);
  const int32_t o16 = r.add(ir::DType::Int16, {3}, 1.0f, 0);
  r.set_op(ir::OpType::ReduceMax, {i16, axis1}, {o16});  // int16 is MEAN's and SUM's only, as in TFLite-Micro
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);
}

TEST(MeanOp, GlueRejectsInconsistentParams) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {3, 2}, 1.0f, 0);
  const int32_t axes = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{0});
  const int32_t out = r.add(ir::DType::Int8, {2}, 1.0f, 0);
  r.set_op(ir::OpType::Mean, {in, axes}, {out});
  std::vector<int32_t> params = r.lower().params;
  EXPECT_EQ(r.run(), MLONMCU_OK);
  params[1] = 0;  // count no longer matches: no division by zero, an error
  EXPECT_EQ(r.run_with(params), MLONMCU_ERR_BAD_PARAMS);
  params[1] = 3;
  params[0] = 1 << 5;  // axis beyond the rank
  EXPECT_EQ(r.run_with(params), MLONMCU_ERR_BAD_PARAMS);
}

}  // namespace
}  // namespace mlonmcu::test
