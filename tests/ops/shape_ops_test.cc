// RESHAPE, SQUEEZE, CONCATENATION, PAD, TRANSPOSE and STRIDED_SLICE through lowering + runtime
// glue, on small tensors whose results are written out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "common/error.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/shape_op_runner.h"

namespace mlonmcu::test {
namespace {

std::vector<int8_t> iota8(int n) {
  std::vector<int8_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), int8_t{0});
  return v;
}

TEST(ReshapeOp, LowersToCopyWithoutTheShapeOperand) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 2, 3}, 0.5f, 1);
  const int32_t shape = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{3, 2});
  const int32_t out = r.add(ir::DType::Int8, {3, 2}, 0.5f, 1);
  r.set_op(ir::OpType::Reshape, {in, shape}, {out}, ir::ReshapeOptions{{3, 2}});
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.opcode, static_cast<uint32_t>(MLONMCU_OP_COPY));
  EXPECT_EQ(l.inputs, (std::vector<int32_t>{in}));
  r.set(in, std::vector<int8_t>{5, -6, 7, -8, 9, -10});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{5, -6, 7, -8, 9, -10}));
}

TEST(ReshapeOp, RejectsSizeOrDtypeMismatch) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {2, 3});
  const int32_t out = r.add(ir::DType::Float32, {7});
  r.set_op(ir::OpType::Reshape, {in}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);
  const int32_t out8 = r.add(ir::DType::Int8, {6}, 1.0f, 0);
  r.set_op(ir::OpType::Reshape, {in}, {out8});
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);
}

TEST(SqueezeOp, CopiesFloat) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {1, 1, 3});
  const int32_t out = r.add(ir::DType::Float32, {3});
  r.set_op(ir::OpType::Squeeze, {in}, {out}, ir::SqueezeOptions{{0, 1}});
  EXPECT_EQ(r.lower().opcode, static_cast<uint32_t>(MLONMCU_OP_COPY));
  r.set(in, std::vector<float>{1.5f, -2.0f, 3.25f});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<float>(out), (std::vector<float>{1.5f, -2.0f, 3.25f}));
}

TEST(ConcatenationOp, FloatAlongNegativeAxis) {
  ShapeOpRunner r;
  const int32_t a = r.add(ir::DType::Float32, {2, 1});
  const int32_t b = r.add(ir::DType::Float32, {2, 2});
  const int32_t out = r.add(ir::DType::Float32, {2, 3});
  r.set_op(ir::OpType::Concatenation, {a, b}, {out}, ir::ConcatenationOptions{-1});
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.opcode, static_cast<uint32_t>(MLONMCU_OP_CONCATENATION));
  EXPECT_EQ(l.params, (std::vector<int32_t>{1}));
  r.set(a, std::vector<float>{1, 2});
  r.set(b, std::vector<float>{10, 11, 20, 21});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<float>(out), (std::vector<float>{1, 10, 11, 2, 20, 21}));
}

TEST(ConcatenationOp, Int8SameQuantizationIsAByteCopy) {
  ShapeOpRunner r;
  const int32_t a = r.add(ir::DType::Int8, {1, 2}, 0.1f, 3);
  const int32_t b = r.add(ir::DType::Int8, {2, 2}, 0.1f, 3);
  const int32_t out = r.add(ir::DType::Int8, {3, 2}, 0.1f, 3);
  r.set_op(ir::OpType::Concatenation, {a, b}, {out}, ir::ConcatenationOptions{0});
  EXPECT_EQ(r.lower().opcode, static_cast<uint32_t>(MLONMCU_OP_CONCATENATION));
  r.set(a, std::vector<int8_t>{-1, -2});
  r.set(b, std::vector<int8_t>{3, 4, 5, 6});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{-1, -2, 3, 4, 5, 6}));
}

TEST(ConcatenationOp, Int8DifferentQuantizationIsRequantized) {
  ShapeOpRunner r;
  // a: scale 0.5, zp 0 -> output scale 0.25, zp 10: q = 2 * qa + 10
  // b: same as the output: copied
  const int32_t a = r.add(ir::DType::Int8, {1, 3}, 0.5f, 0);
  const int32_t b = r.add(ir::DType::Int8, {1, 1}, 0.25f, 10);
  const int32_t out = r.add(ir::DType::Int8, {1, 4}, 0.25f, 10);
  r.set_op(ir::OpType::Concatenation, {a, b}, {out}, ir::ConcatenationOptions{1});
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.opcode, static_cast<uint32_t>(MLONMCU_OP_CONCATENATION_S8_REQUANT));
  // header {axis, out zp, inputs}, then {multiplier, shift, zp} per input: 2.0 = 2^30 * 2^2 / 2^31
  EXPECT_EQ(l.params, (std::vector<int32_t>{1, 10, 2, 1 << 30, 2, 0, 0, 0, 10}));
  r.set(a, std::vector<int8_t>{1, -7, 100});
  r.set(b, std::vector<int8_t>{-33});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{12, -4, 127, -33}));
}

TEST(ConcatenationOp, RejectsActivationAndMismatchedShapes) {
  ShapeOpRunner r;
  const int32_t a = r.add(ir::DType::Float32, {2, 2});
  const int32_t b = r.add(ir::DType::Float32, {3, 2});
  const int32_t out = r.add(ir::DType::Float32, {2, 4});
  r.set_op(ir::OpType::Concatenation, {a, a}, {out},
           ir::ConcatenationOptions{1, ir::Activation::Relu});
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);
  r.set_op(ir::OpType::Concatenation, {a, b}, {out}, ir::ConcatenationOptions{1});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);
  r.set_op(ir::OpType::Concatenation, {a, a}, {out}, ir::ConcatenationOptions{2});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);
}

TEST(PadOp, Int8PadsWithOutputZeroPoint) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 2, 2, 1}, 0.2f, -5);
  const int32_t pads = r.add_const(ir::DType::Int64, {4, 2},
                                   std::vector<int64_t>{0, 0, 1, 0, 0, 1, 0, 0});
  const int32_t out = r.add(ir::DType::Int8, {1, 3, 3, 1}, 0.2f, -5);
  r.set_op(ir::OpType::Pad, {in, pads}, {out});
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.opcode, static_cast<uint32_t>(MLONMCU_OP_PAD));
  EXPECT_EQ(l.inputs, (std::vector<int32_t>{in}));
  r.set(in, std::vector<int8_t>{1, 2, 3, 4});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{-5, -5, -5, 1, 2, -5, 3, 4, -5}));
}

TEST(PadOp, FloatPadsWithZero) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {2});
  const int32_t pads = r.add_const(ir::DType::Int32, {1, 2}, std::vector<int32_t>{2, 1});
  const int32_t out = r.add(ir::DType::Float32, {5});
  r.set_op(ir::OpType::Pad, {in, pads}, {out});
  r.lower();
  r.set(in, std::vector<float>{7.5f, -1.0f});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<float>(out), (std::vector<float>{0, 0, 7.5f, -1.0f, 0}));
}

TEST(PadOp, RejectsBadPaddings) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {2});
  const int32_t neg = r.add_const(ir::DType::Int32, {1, 2}, std::vector<int32_t>{-1, 4});
  const int32_t out = r.add(ir::DType::Float32, {5});
  r.set_op(ir::OpType::Pad, {in, neg}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);
  const int32_t dynamic = r.add(ir::DType::Int32, {1, 2});
  r.set_op(ir::OpType::Pad, {in, dynamic}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);
}

TEST(TransposeOp, PermutesNhwcToNchw) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Int8, {1, 2, 2, 3}, 1.0f, 0);
  const int32_t perm = r.add_const(ir::DType::Int32, {4}, std::vector<int32_t>{0, 3, 1, 2});
  const int32_t out = r.add(ir::DType::Int8, {1, 3, 2, 2}, 1.0f, 0);
  r.set_op(ir::OpType::Transpose, {in, perm}, {out});
  EXPECT_EQ(r.lower().params, (std::vector<int32_t>{4, 0, 3, 1, 2, 0, 0}));
  r.set(in, iota8(12));
  ASSERT_EQ(r.run(), MLONMCU_OK);
  // out[c][h][w] = in[h][w][c] = (h * 2 + w) * 3 + c
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11}));
}

TEST(TransposeOp, RejectsNonPermutationAndGlueChecksDims) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {2, 3});
  const int32_t dup = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{0, 0});
  const int32_t out = r.add(ir::DType::Float32, {3, 2});
  r.set_op(ir::OpType::Transpose, {in, dup}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);

  const int32_t swap = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{1, 0});
  r.set_op(ir::OpType::Transpose, {in, swap}, {out});
  r.lower();
  EXPECT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.run_with({2, 0, 1, 0, 0, 0, 0}), MLONMCU_ERR_BAD_PARAMS);  // identity: dims differ
  EXPECT_EQ(r.run_with({2, 1, 1, 0, 0, 0, 0}), MLONMCU_ERR_BAD_PARAMS);  // not a permutation
}

TEST(StridedSliceOp, MasksNegativeIndicesAndShrink) {
  ShapeOpRunner r;
  // input [3, 4] = 0..11; dim 0: begin -1, shrink -> row 2; dim 1: begin_mask, end -1, stride 2
  // -> columns 0, 2 -> [8, 10]
  const int32_t in = r.add(ir::DType::Int8, {3, 4}, 1.0f, 0);
  const int32_t begin = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{-1, 3});
  const int32_t end = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{0, -1});
  const int32_t strides = r.add_const(ir::DType::Int32, {2}, std::vector<int32_t>{1, 2});
  const int32_t out = r.add(ir::DType::Int8, {2}, 1.0f, 0);
  ir::StridedSliceOptions o;
  o.begin_mask = 2;
  o.shrink_axis_mask = 1;
  r.set_op(ir::OpType::StridedSlice, {in, begin, end, strides}, {out}, o);
  const ops::LoweredOp l = r.lower();
  EXPECT_EQ(l.inputs, (std::vector<int32_t>{in}));
  r.set(in, iota8(12));
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<int8_t>(out), (std::vector<int8_t>{8, 10}));
}

TEST(StridedSliceOp, ReverseWithEndMaskAndOffset) {
  ShapeOpRunner r;
  // [6] = 0..5, begin 4, end_mask, stride -2 -> 4, 2, 0
  const int32_t in = r.add(ir::DType::Float32, {6});
  const int32_t begin = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{4});
  const int32_t end = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{0});
  const int32_t strides = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{-2});
  const int32_t out = r.add(ir::DType::Float32, {3});
  ir::StridedSliceOptions o;
  o.end_mask = 1;
  r.set_op(ir::OpType::StridedSlice, {in, begin, end, strides}, {out}, o);
  r.lower();
  r.set(in, std::vector<float>{0, 1, 2, 3, 4, 5});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<float>(out), (std::vector<float>{4, 2, 0}));

  // offset: end is relative to begin: begin 1, end 3 -> [1, 4) -> 1, 2, 3
  const int32_t b1 = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{1});
  const int32_t e3 = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{3});
  const int32_t s1 = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{1});
  ir::StridedSliceOptions off;
  off.offset = true;
  r.set_op(ir::OpType::StridedSlice, {in, b1, e3, s1}, {out}, off);
  r.lower();
  r.set(in, std::vector<float>{0, 1, 2, 3, 4, 5});
  ASSERT_EQ(r.run(), MLONMCU_OK);
  EXPECT_EQ(r.get<float>(out), (std::vector<float>{1, 2, 3}));
}

TEST(StridedSliceOp, RejectsEllipsisAndWrongOutputSize) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {6});
  const int32_t begin = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{0});
  const int32_t end = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{6});
  const int32_t strides = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{1});
  const int32_t out = r.add(ir::DType::Float32, {5});
  ir::StridedSliceOptions e;
  e.ellipsis_mask = 1;
  r.set_op(ir::OpType::StridedSlice, {in, begin, end, strides}, {out}, e);
  EXPECT_EQ(kind_of(r), ErrorKind::Unsupported);
  r.set_op(ir::OpType::StridedSlice, {in, begin, end, strides}, {out});
  EXPECT_EQ(kind_of(r), ErrorKind::Model);  // selects 6 elements, output holds 5
}

TEST(StridedSliceOp, GlueRejectsOutOfBoundsParams) {
  ShapeOpRunner r;
  const int32_t in = r.add(ir::DType::Float32, {6});
  const int32_t begin = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{0});
  const int32_t end = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{3});
  const int32_t strides = r.add_const(ir::DType::Int32, {1}, std::vector<int32_t>{1});
  const int32_t out = r.add(ir::DType::Float32, {3});
  r.set_op(ir::OpType::StridedSlice, {in, begin, end, strides}, {out});
  std::vector<int32_t> params = r.lower().params;
  params[1] = 4;  // start 4, stop 7: reads past the input
  params[7] = 7;
  EXPECT_EQ(r.run_with(params), MLONMCU_ERR_BAD_PARAMS);
  params[13] = 0;  // stride 0
  EXPECT_EQ(r.run_with(params), MLONMCU_ERR_BAD_PARAMS);
}

}  // namespace
}  // namespace mlonmcu::test
