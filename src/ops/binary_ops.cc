// Lowering of the elementwise ops of two broadcast inputs beyond ADD/SUB/MUL: MAXIMUM, MINIMUM,
// EQUAL, NOT_EQUAL, GREATER(_EQUAL), LESS(_EQUAL), LOGICAL_AND/OR, DIV, SQUARED_DIFFERENCE,
// FLOOR_DIV, FLOOR_MOD, in the dtypes TFLite-Micro computes them; SELECT_V2, PRELU. int8 comparisons get the
// fixed-point scales TFLite-Micro's Prepare derives; MAXIMUM/MINIMUM compare raw values, as
// TFLite-Micro does (the converter gives inputs and output one quantization).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "mlonmcu/kernels/binary.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/element_type.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;
using ir::DType;

int32_t binary_op(ir::OpType type) {
  using T = ir::OpType;
  switch (type) {
    case T::Maximum: return MLONMCU_BINARY_MAXIMUM;
    case T::Minimum: return MLONMCU_BINARY_MINIMUM;
    case T::Equal: return MLONMCU_BINARY_EQUAL;
    case T::NotEqual: return MLONMCU_BINARY_NOT_EQUAL;
    case T::Greater: return MLONMCU_BINARY_GREATER;
    case T::GreaterEqual: return MLONMCU_BINARY_GREATER_EQUAL;
    case T::Less: return MLONMCU_BINARY_LESS;
    case T::LessEqual: return MLONMCU_BINARY_LESS_EQUAL;
    case T::LogicalAnd: return MLONMCU_BINARY_LOGICAL_AND;
    case T::LogicalOr: return MLONMCU_BINARY_LOGICAL_OR;
    case T::Div: return MLONMCU_BINARY_DIV;
    case T::SquaredDifference: return MLONMCU_BINARY_SQUARED_DIFFERENCE;
    case T::FloorDiv: return MLONMCU_BINARY_FLOOR_DIV;
    default: return MLONMCU_BINARY_FLOOR_MOD;
  }
}

// The input dtypes TFLite-Micro computes each op in.
void expect_input_dtype(const OpRef& ref, const ir::Tensor& a) {
  switch (binary_op(ref.op.type)) {
    case MLONMCU_BINARY_MAXIMUM:
    case MLONMCU_BINARY_MINIMUM:
      return check::expect_dtype(ref, a, {DType::Float32, DType::Int8, DType::Int16, DType::Int32, DType::Int64}, "input");
    case MLONMCU_BINARY_EQUAL:
    case MLONMCU_BINARY_NOT_EQUAL:
      return check::expect_dtype(ref, a, {DType::Float32, DType::Int8, DType::Int32, DType::Int64, DType::Bool}, "input");
    case MLONMCU_BINARY_LOGICAL_AND:
    case MLONMCU_BINARY_LOGICAL_OR: return check::expect_dtype(ref, a, {DType::Bool}, "input");
    case MLONMCU_BINARY_SQUARED_DIFFERENCE:
      return check::expect_dtype(ref, a, {DType::Float32, DType::Int8, DType::Int16, DType::Int32}, "input");
    case MLONMCU_BINARY_DIV: return check::expect_dtype(ref, a, {DType::Float32, DType::Int32}, "input");
    case MLONMCU_BINARY_FLOOR_DIV:
    case MLONMCU_BINARY_FLOOR_MOD: return check::expect_dtype(ref, a, {DType::Float32}, "input");
    default: return check::expect_dtype(ref, a, {DType::Float32, DType::Int8, DType::Int32, DType::Int64}, "input");
  }
}

mlonmcu_binary_params_t binary_params(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& a = check::input(ref, 0);
  const ir::Tensor& b = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  const int32_t op = binary_op(ref.op.type);
  expect_input_dtype(ref, a);
  check::expect_same_dtype(ref, a, b);
  const bool comparison = MLONMCU_BINARY_IS_COMPARISON(op);
  if (comparison) check::expect_dtype(ref, out, {DType::Bool}, "output");
  else check::expect_same_dtype(ref, a, out);
  check::expect_broadcast_output(ref, out, {&a, &b}, MLONMCU_KERNELS_BROADCAST_RANK);
  mlonmcu_binary_params_t p{};
  p.op = op;
  if (op == MLONMCU_BINARY_SQUARED_DIFFERENCE && (a.dtype == DType::Int8 || a.dtype == DType::Int16)) return p;
  if (op == MLONMCU_BINARY_DIV && a.dtype == DType::Int32) {  // div_s32_params
    // TFLite-Micro's int32 DIV refuses quantized inputs.
    for (const ir::Tensor* t : {&a, &b})
      if (!t->quant.empty()) unsupported(ref.backend, ref.op, fmt::format("quantized int32 '{}'", t->name));
    return p;
  }
  p.type = *element_type(a.dtype);
  if (comparison && a.dtype == DType::Int8) {
    const auto qa = check::per_tensor_int8(ref, a, "input 1"), qb = check::per_tensor_int8(ref, b, "input 2");
    if (qa.scale >= 1.0f || qb.scale >= 1.0f) unsupported(ref.backend, ref.op, "int8 input scales of 1 or more");
    const Multiplier ma = quantize_multiplier_smaller_than_one(qa.scale);
    const Multiplier mb = quantize_multiplier_smaller_than_one(qb.scale);
    p.left_shift = 8;
    p.input1_offset = -qa.zero_point, p.input1_multiplier = ma.multiplier, p.input1_shift = ma.shift;
    p.input2_offset = -qb.zero_point, p.input2_multiplier = mb.multiplier, p.input2_shift = mb.shift;
  }
  const ir::Activation act =
      ref.op.type == ir::OpType::Div ? check::options<ir::ElementwiseOptions>(ref).activation : ir::Activation::None;
  check::expect_clamp_activation(ref, act);
  const FloatRange range = activation_range_float(act);
  p.act_min = range.min, p.act_max = range.max;
  return p;
}

}  // namespace

#define MLONMCU_BINARY_OP(name)                                                                    \
  void check_##name(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) { \
    binary_params(OpRef{graph, op, backend});                                                     \
  }                                                                                               \
  LoweredOp lower_##name(const ir::Operator& op, LowerContext& ctx, const std::string& backend) { \
    LoweredOp lowered;                                                                            \
    lowered.opcode = MLONMCU_OP_BINARY;                                                           \
    lowered.params = params_words(binary_params(OpRef{ctx.graph(), op, backend}));                \
    lowered.inputs = {op.inputs[0], op.inputs[1]};                                                \
    lowered.outputs = {op.outputs[0]};                                                            \
    return lowered;                                                                               \
  }
MLONMCU_BINARY_OP(maximum)
MLONMCU_BINARY_OP(minimum)
MLONMCU_BINARY_OP(equal)
MLONMCU_BINARY_OP(not_equal)
MLONMCU_BINARY_OP(greater)
MLONMCU_BINARY_OP(greater_equal)
MLONMCU_BINARY_OP(less)
MLONMCU_BINARY_OP(less_equal)
MLONMCU_BINARY_OP(logical_and)
MLONMCU_BINARY_OP(logical_or)
MLONMCU_BINARY_OP(floor_div)
MLONMCU_BINARY_OP(floor_mod)
#undef MLONMCU_BINARY_OP

// SQUARED_DIFFERENCE int8 / int16 as TFLite-Micro's Prepare: inputs rescaled to twice the larger
// input scale with left_shift 7 (int16: 0, zero points 0), the output multiplier
// (2 * max scale)^2 / (2^(2 * left_shift) * output scale), the dtype's full range.
static mlonmcu_add_s8_params_t squared_difference_params(const OpRef& ref) {
  const ir::Tensor& a = check::input(ref, 0);
  const ir::Tensor& b = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  const bool s16 = a.dtype == DType::Int16;
  const auto per_tensor = s16 ? check::per_tensor_int16 : check::per_tensor_int8;
  const auto qa = per_tensor(ref, a, "input 1"), qb = per_tensor(ref, b, "input 2"), qo = per_tensor(ref, out, "output");
  mlonmcu_add_s8_params_t p{};
  p.input1_offset = -qa.zero_point, p.input2_offset = -qb.zero_point, p.output_offset = qo.zero_point;
  p.left_shift = s16 ? 0 : 7;
  const double twice_max = 2.0 * static_cast<double>(std::max(qa.scale, qb.scale));
  const Multiplier m1 = quantize_multiplier_smaller_than_one(static_cast<double>(qa.scale) / twice_max);
  const Multiplier m2 = quantize_multiplier_smaller_than_one(static_cast<double>(qb.scale) / twice_max);
  // The denominator in float, as TFLite-Micro computes it (a power of two times the scale: exact).
  const float denominator = static_cast<float>(1 << (p.left_shift * 2)) * qo.scale;
  const Multiplier mo = quantize_multiplier(twice_max * twice_max / static_cast<double>(denominator));
  if (mo.shift > 30) unsupported(ref.backend, ref.op, "output scale too small for the inputs' scales");
  p.input1_multiplier = m1.multiplier, p.input1_shift = m1.shift;
  p.input2_multiplier = m2.multiplier, p.input2_shift = m2.shift;
  p.output_multiplier = mo.multiplier, p.output_shift = mo.shift;
  p.act_min = s16 ? -32768 : -128, p.act_max = s16 ? 32767 : 127;
  return p;
}

// DIV int32: the activation's integer range (TFLite-Micro's CalculateActivationRange).
static mlonmcu_arith_s32_params_t div_s32_params(const OpRef& ref) {
  const ir::Activation act = check::options<ir::ElementwiseOptions>(ref).activation;
  check::expect_clamp_activation(ref, act);
  const QuantRange range = activation_range_quantized(act, 1.0f, 0, INT32_MIN, INT32_MAX);
  return {range.min, range.max};
}

void check_div(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const OpRef ref{graph, op, backend};
  binary_params(ref);
  if (check::input(ref, 0).dtype == DType::Int32) div_s32_params(ref);
}

LoweredOp lower_div(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const mlonmcu_binary_params_t binary = binary_params(ref);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  if (check::input(ref, 0).dtype == DType::Int32) {
    lowered.opcode = MLONMCU_OP_DIV_S32;
    lowered.params = params_words(div_s32_params(ref));
  } else {
    lowered.opcode = MLONMCU_OP_BINARY;
    lowered.params = params_words(binary);
  }
  return lowered;
}

void check_squared_difference(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const OpRef ref{graph, op, backend};
  binary_params(ref);
  const DType dtype = check::input(ref, 0).dtype;
  if (dtype == DType::Int8 || dtype == DType::Int16) squared_difference_params(ref);
}

LoweredOp lower_squared_difference(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const mlonmcu_binary_params_t binary = binary_params(ref);
  const DType dtype = check::input(ref, 0).dtype;
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  if (dtype == DType::Int8 || dtype == DType::Int16) {
    lowered.opcode = dtype == DType::Int8 ? MLONMCU_OP_SQUARED_DIFFERENCE_S8 : MLONMCU_OP_SQUARED_DIFFERENCE_S16;
    lowered.params = params_words(squared_difference_params(ref));
  } else {
    lowered.opcode = MLONMCU_OP_BINARY;
    lowered.params = params_words(binary);
  }
  return lowered;
}

// SELECT_V2: bool condition, x and y of one dtype (raw values: no requantization, as in
// TFLite-Micro), all three broadcast to the output.
static mlonmcu_select_params_t select_params(const OpRef& ref) {
  check::expect_arity(ref, 3, 3, 1);
  const ir::Tensor& c = check::input(ref, 0);
  const ir::Tensor& x = check::input(ref, 1);
  const ir::Tensor& y = check::input(ref, 2);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, c, {DType::Bool}, "condition");
  check::expect_dtype(ref, x, {DType::Float32, DType::Int8, DType::Int16}, "input");
  check::expect_same_dtype(ref, x, y);
  check::expect_same_dtype(ref, x, out);
  check::expect_broadcast_output(ref, out, {&c, &x, &y}, MLONMCU_KERNELS_BROADCAST_RANK);
  mlonmcu_select_params_t p{};
  p.element_size = static_cast<int32_t>(ir::dtype_size(x.dtype));
  return p;
}

void check_select_v2(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  select_params(OpRef{graph, op, backend});
}

LoweredOp lower_select_v2(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_SELECT;
  lowered.params = params_words(select_params(OpRef{ctx.graph(), op, backend}));
  lowered.inputs = {op.inputs[0], op.inputs[1], op.inputs[2]};
  lowered.outputs = {op.outputs[0]};
  return lowered;
}

// PRELU: input and output of one dtype (float32, int8, int16), alpha float32 or int8.
static mlonmcu_prelu_params_t prelu_params(const OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& alpha = check::input(ref, 1);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, in, {DType::Float32, DType::Int8, DType::Int16}, "input");
  check::expect_same_dtype(ref, in, out);
  check::expect_dtype(ref, alpha, {in.dtype == DType::Float32 ? DType::Float32 : DType::Int8}, "alpha");
  check::expect_broadcast_output(ref, out, {&in, &alpha}, MLONMCU_KERNELS_BROADCAST_RANK);
  mlonmcu_prelu_params_t p{};
  if (in.dtype == DType::Float32) return p;
  const auto iq = in.dtype == DType::Int8 ? check::per_tensor_int8(ref, in, "input") : check::per_tensor_int16(ref, in, "input");
  const auto oq = in.dtype == DType::Int8 ? check::per_tensor_int8(ref, out, "output") : check::per_tensor_int16(ref, out, "output");
  const auto aq = check::per_tensor_int8(ref, alpha, "alpha");
  const Multiplier m1 = quantize_multiplier(static_cast<double>(iq.scale) / static_cast<double>(oq.scale));
  const Multiplier m2 = quantize_multiplier(static_cast<double>(iq.scale) * static_cast<double>(aq.scale) /
                                            static_cast<double>(oq.scale));
  p.input_offset = -iq.zero_point, p.alpha_offset = -aq.zero_point, p.output_offset = oq.zero_point;
  p.multiplier_1 = m1.multiplier, p.shift_1 = m1.shift, p.multiplier_2 = m2.multiplier, p.shift_2 = m2.shift;
  return p;
}

void check_prelu(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  prelu_params(OpRef{graph, op, backend});
}

LoweredOp lower_prelu(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_prelu_params_t p = prelu_params(OpRef{ctx.graph(), op, backend});
  LoweredOp lowered;
  const DType dtype = ctx.tensor(op.inputs[0]).dtype;
  lowered.opcode = dtype == DType::Float32 ? MLONMCU_OP_PRELU_F32
                   : dtype == DType::Int8  ? MLONMCU_OP_PRELU_S8
                                           : MLONMCU_OP_PRELU_S16;
  lowered.params = params_words(p);
  lowered.inputs = {op.inputs[0], op.inputs[1]};
  lowered.outputs = {op.outputs[0]};
  return lowered;
}

}  // namespace mlonmcu::ops
