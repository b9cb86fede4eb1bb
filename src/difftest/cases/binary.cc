// Elementwise ops of two broadcast inputs: MAXIMUM, MINIMUM, the comparisons, LOGICAL_AND/OR,
// DIV, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD, each in the dtypes TFLite-Micro has. Shapes up
// to rank 4 (TFLite-Micro's broadcast limit); int8 comparisons and int8/int16 SQUARED_DIFFERENCE
// with independent scales. SELECT_V2, PRELU.
#include <algorithm>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

bool is_comparison(T type) {
  return type == T::Equal || type == T::NotEqual || type == T::Greater || type == T::GreaterEqual || type == T::Less ||
         type == T::LessEqual;
}

OpCase binary(Rng& rng, T type, DType dtype) {
  GraphBuilder b(ir::op_type_name(type), rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const auto other = broadcast_partner(rng, shape);
  const bool swap = rng.uniform_int(0, 1) == 1;
  const int32_t x = input(b, rng, "x", dtype, swap ? other : shape);
  // MAXIMUM/MINIMUM compare raw values: one quantization for all, as the converter writes.
  const bool shared = !is_comparison(type);
  const int32_t y = shared ? b.input("y", dtype, swap ? shape : other) : input(b, rng, "y", dtype, swap ? shape : other);
  if (shared) b.graph().tensors[static_cast<size_t>(y)].quant = b.graph().tensors[static_cast<size_t>(x)].quant;
  const auto out_shape = broadcast_shape(shape, other);
  const int32_t out = is_comparison(type) ? b.add_tensor("out", DType::Bool, out_shape) : tensor_like(b, "out", x, out_shape);
  ir::Options options = ir::NoOptions{};
  if (type == T::Div) {
    static const ir::Activation kActs[] = {ir::Activation::None, ir::Activation::Relu, ir::Activation::Relu6,
                                           ir::Activation::ReluN1To1};
    options = ir::ElementwiseOptions{kActs[rng.uniform_int(0, 3)], true};
  }
  b.add_op(type, {x, y}, {out}, std::move(options));
  b.add_output(out);
  // Divisors away from zero, of either sign.
  if (type == T::Div || type == T::FloorDiv || type == T::FloorMod)
    return finish(b, {{1, rng.uniform_int(0, 1) ? InputRange{0.25, 4} : InputRange{-4, -0.25}}});
  // Integers small enough that int32 squares stay in range, equal values likely.
  if (dtype == DType::Int32 || dtype == DType::Int64) return finish(b, {{0, {-20, 20}}, {1, {-20, 20}}});
  return finish(b);
}

// Quantized SQUARED_DIFFERENCE: independent input scales (int8 zero points too), an output scale of
// max scale^2 * 2^e with e such that squares reach past the range as often as not.
OpCase squared_difference_q(Rng& rng, DType dtype) {
  GraphBuilder b("squared_difference", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const auto other = broadcast_partner(rng, shape);
  const bool swap = rng.uniform_int(0, 1) == 1;
  const int32_t x = input(b, rng, "x", dtype, swap ? other : shape);
  const int32_t y = input(b, rng, "y", dtype, swap ? shape : other);
  const auto scale_of = [&](int32_t t) { return b.graph().tensors[static_cast<size_t>(t)].quant.scale[0]; };
  const float s = std::max(scale_of(x), scale_of(y));
  const bool s16 = dtype == DType::Int16;
  const float out_scale = s * s * random_scale(rng, s16 ? 16 : 7, s16 ? 30 : 14);
  const int32_t zp = s16 ? 0 : rng.uniform_int(-128, 127);
  const int32_t out = b.add_tensor("out", dtype, broadcast_shape(shape, other), modelbuilder::per_tensor(out_scale, zp));
  b.add_op(T::SquaredDifference, {x, y}, {out});
  b.add_output(out);
  return finish(b);
}

OpCase select(Rng& rng, DType dtype) {
  GraphBuilder b("select_v2", rng.next());
  const auto shape = random_shape(rng, 1, 4, 4);
  std::vector<int32_t> shapes[3] = {broadcast_partner(rng, shape), broadcast_partner(rng, shape),
                                    broadcast_partner(rng, shape)};
  shapes[rng.uniform_int(0, 2)] = shape;  // one of them has the output's shape
  const int32_t c = b.input("cond", DType::Bool, shapes[0]);
  const int32_t x = input(b, rng, "x", dtype, shapes[1]);
  const int32_t y = b.input("y", dtype, shapes[2]);
  b.graph().tensors[static_cast<size_t>(y)].quant = b.graph().tensors[static_cast<size_t>(x)].quant;
  const int32_t out = tensor_like(b, "out", x, broadcast_shape(broadcast_shape(shapes[0], shapes[1]), shapes[2]));
  b.add_op(T::SelectV2, {c, x, y}, {out});
  b.add_output(out);
  return finish(b);
}

// Alpha a constant broadcast to the input (per channel, per tensor or full), as converters write.
OpCase prelu(Rng& rng, DType dtype) {
  GraphBuilder b("prelu", rng.next());
  const auto shape = random_shape(rng, 1, 4, 5);
  const int32_t x = input(b, rng, "x", dtype, shape);
  const int32_t alpha = random_const(b, rng, "alpha", dtype == DType::Float32 ? DType::Float32 : DType::Int8,
                                     broadcast_partner(rng, shape));
  const int32_t out = tensor(b, rng, "out", dtype, shape);
  b.add_op(T::Prelu, {x, alpha}, {out});
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_binary_cases(std::vector<CaseGenerator>& out) {
  const auto every = {DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Int64};
  const auto ordered = {DType::Float32, DType::Int8, DType::Int32, DType::Int64};
  auto add = [&out](T type, std::initializer_list<DType> dtypes) {
    add_per_dtype(out, ir::op_type_name(type), dtypes, [type](Rng& r, DType d) { return binary(r, type, d); });
  };
  add(T::Maximum, every);
  add(T::Minimum, every);
  add(T::Equal, {DType::Float32, DType::Int8, DType::Int32, DType::Int64, DType::Bool});
  add(T::NotEqual, {DType::Float32, DType::Int8, DType::Int32, DType::Int64, DType::Bool});
  for (T type : {T::Greater, T::GreaterEqual, T::Less, T::LessEqual}) add(type, ordered);
  add(T::LogicalAnd, {DType::Bool});
  add(T::LogicalOr, {DType::Bool});
  add(T::Div, {DType::Float32});
  // int32 DIV: dividends small enough that no quotient is INT32_MIN / -1 (undefined).
  add_per_dtype(out, "DIV", {DType::Int32}, [](Rng& r, DType d) {
    OpCase c = binary(r, T::Div, d);
    c.ranges[0] = {-100000, 100000};
    return c;
  });
  add(T::SquaredDifference, {DType::Float32, DType::Int32});
  add_per_dtype(out, "SQUARED_DIFFERENCE", {DType::Int8, DType::Int16}, squared_difference_q);
  add(T::FloorDiv, {DType::Float32});
  add(T::FloorMod, {DType::Float32});
  add_per_dtype(out, "SELECT_V2", {DType::Float32, DType::Int8, DType::Int16}, select);
  add_per_dtype(out, "PRELU", {DType::Float32, DType::Int8, DType::Int16}, prelu);
}

}  // namespace mlonmcu::difftest
