// Lowering of the elementwise ops of one input (ABS, CEIL, COS, EXP, FLOOR, LOG, NEG, ROUND,
// RSQRT, SIN, SQRT, SQUARE, ELU, LEAKY_RELU, LOGICAL_NOT), L2_NORMALIZATION and CAST (HARD_SWISH
// and LOG_SOFTMAX have their own files), in the dtypes TFLite-Micro computes them: float32 everywhere,
// int8/int16 ABS and LEAKY_RELU and int8 RSQRT with the multipliers TFLite-Micro's Prepare
// derives, int8 ELU through its lookup table, bool LOGICAL_NOT.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mlonmcu/kernels/unary.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/element_type.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;
using ir::DType;

const ir::Tensor& same_dtype_unary(const OpRef& ref, std::initializer_list<DType> allowed) {
  const check::UnaryPlan plan = check::resolve_unary(ref);
  check::expect_dtype(ref, *plan.in, allowed, "input");
  check::expect_same_dtype(ref, *plan.in, *plan.out);
  return *plan.in;
}

LoweredOp in_place(const ir::Operator& op, uint32_t opcode, std::vector<int32_t> params = {}) {
  LoweredOp lowered = check::single_io(op, opcode, std::move(params));
  lowered.inplace_inputs = {0};
  return lowered;
}

LoweredOp float_unary(const ir::Operator& op, int32_t function) {
  mlonmcu_unary_f32_params_t p{};
  p.function = function;
  return in_place(op, MLONMCU_OP_UNARY_F32, params_words(p));
}

// int8 or quantized int16 scales of input and output.
check::QuantParams quant(const OpRef& ref, const ir::Tensor& t, const char* role) {
  return t.dtype == DType::Int8 ? check::per_tensor_int8(ref, t, role) : check::per_tensor_int16(ref, t, role);
}

mlonmcu_unary_quant_params_t abs_params(const OpRef& ref) {
  const ir::Tensor& in = same_dtype_unary(ref, {DType::Float32, DType::Int8, DType::Int16});
  const ir::Tensor& out = check::output(ref);
  mlonmcu_unary_quant_params_t p{};
  // TFLite-Micro takes int16 without quantization as plain integers.
  if (in.dtype == DType::Int16 && in.quant.empty()) {
    p.wrap = 1;
    return p;
  }
  if (in.dtype == DType::Float32) return p;
  const auto iq = quant(ref, in, "input"), oq = quant(ref, out, "output");
  p.input_offset = iq.zero_point;
  p.output_offset = oq.zero_point;
  p.rescale = iq.scale != oq.scale;
  if (p.rescale) {
    const Multiplier m = quantize_multiplier(static_cast<double>(iq.scale / oq.scale));
    p.multiplier = m.multiplier, p.shift = m.shift;
  }
  return p;
}

mlonmcu_unary_quant_params_t rsqrt_params(const OpRef& ref) {
  const ir::Tensor& in = same_dtype_unary(ref, {DType::Float32, DType::Int8});
  mlonmcu_unary_quant_params_t p{};
  if (in.dtype == DType::Float32) return p;
  const auto iq = check::per_tensor_int8(ref, in, "input"), oq = check::per_tensor_int8(ref, check::output(ref), "output");
  p.input_offset = iq.zero_point;
  p.output_offset = oq.zero_point;
  const Multiplier m = quantize_multiplier(1.0 / static_cast<double>(std::sqrt(iq.scale) * oq.scale));
  p.multiplier = m.multiplier, p.shift = m.shift;
  return p;
}

int32_t cast_type(const OpRef& ref, const ir::Tensor& t, const char* role, bool bool_ok) {
  const auto type = element_type(t.dtype);
  if (!type || t.dtype == DType::Int64 || (t.dtype == DType::Bool && !bool_ok))
    unsupported(ref.backend, ref.op, fmt::format("{} dtype {}", role, ir::dtype_name(t.dtype)));
  return *type;
}

mlonmcu_cast_params_t cast_params(const OpRef& ref) {
  const check::UnaryPlan plan = check::resolve_unary(ref);
  mlonmcu_cast_params_t p{};
  p.from = cast_type(ref, *plan.in, "input", true);
  p.to = cast_type(ref, *plan.out, "output", false);
  return p;
}

// TFLite-Micro's PopulateLookupTable: dequantize each int8 value in float, transform, requantize
// (rounded half away from zero, clamped).
std::vector<uint8_t> lookup_table(const check::QuantParams& in, const check::QuantParams& out, float (*f)(float)) {
  std::vector<uint8_t> table(256);
  const float inverse_scale = 1 / out.scale;
  for (int32_t v = -128; v <= 127; ++v) {
    const float dequantized = in.scale * static_cast<float>(v - in.zero_point);
    const float rescaled = std::round(f(dequantized) * inverse_scale);
    const auto q = static_cast<int32_t>(rescaled + static_cast<float>(out.zero_point));
    table[static_cast<uint8_t>(static_cast<int8_t>(v))] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -128, 127)));
  }
  return table;
}

float elu(float x) { return x < 0.0f ? std::exp(x) - 1.0f : x; }  // TFLite-Micro's int8 table function

mlonmcu_leaky_relu_params_t leaky_relu_params(const OpRef& ref) {
  const ir::Tensor& in = same_dtype_unary(ref, {DType::Float32, DType::Int8, DType::Int16});
  mlonmcu_leaky_relu_params_t p{};
  p.alpha = check::options<ir::LeakyReluOptions>(ref).alpha;
  if (in.dtype == DType::Float32) return p;
  const auto iq = quant(ref, in, "input"), oq = quant(ref, check::output(ref), "output");
  p.input_offset = iq.zero_point;
  p.output_offset = oq.zero_point;
  // Products and quotients in float first, as TFLite-Micro's Prepare writes them.
  const Multiplier id = quantize_multiplier(static_cast<double>(iq.scale / oq.scale));
  const Multiplier al = quantize_multiplier(static_cast<double>(iq.scale * p.alpha / oq.scale));
  p.identity_multiplier = id.multiplier, p.identity_shift = id.shift;
  p.alpha_negative = al.multiplier < 0;
  p.alpha_multiplier = al.multiplier < 0 ? -al.multiplier : al.multiplier;
  p.alpha_shift = al.shift;
  return p;
}

mlonmcu_rows_params_t l2_norm_params(const OpRef& ref) {
  const ir::Tensor& in = same_dtype_unary(ref, {DType::Float32, DType::Int8});
  if (check::options<ir::ElementwiseOptions>(ref).activation != ir::Activation::None)
    unsupported(ref.backend, ref.op, "a fused activation");
  check::expect_max_rank(ref, in, 4, "input");
  if (in.shape.empty()) check::malformed(ref, "a scalar input has no dimension to normalize");
  check::expect_shape(ref, check::output(ref), in.shape);
  mlonmcu_rows_params_t p{};
  p.depth = in.shape.back();
  p.outer = p.depth == 0 ? 0 : static_cast<int32_t>(in.num_elements() / p.depth);
  // TFLite-Micro writes int8 outputs in steps of 1/128 whatever the output's quantization.
  if (in.dtype == DType::Int8) p.input_zero_point = check::per_tensor_int8(ref, in, "input").zero_point;
  return p;
}

}  // namespace

// Float32-only functions: one kernel, the function in params.
#define MLONMCU_FLOAT_UNARY(name, function)                                                        \
  void check_##name(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) { \
    same_dtype_unary(OpRef{graph, op, backend}, {DType::Float32});                                \
  }                                                                                               \
  LoweredOp lower_##name(const ir::Operator& op, LowerContext& ctx, const std::string& backend) { \
    same_dtype_unary(OpRef{ctx.graph(), op, backend}, {DType::Float32});                          \
    return float_unary(op, function);                                                             \
  }
MLONMCU_FLOAT_UNARY(ceil, MLONMCU_UNARY_CEIL)
MLONMCU_FLOAT_UNARY(cos, MLONMCU_UNARY_COS)
MLONMCU_FLOAT_UNARY(exp, MLONMCU_UNARY_EXP)
MLONMCU_FLOAT_UNARY(floor, MLONMCU_UNARY_FLOOR)
MLONMCU_FLOAT_UNARY(log, MLONMCU_UNARY_LOG)
MLONMCU_FLOAT_UNARY(neg, MLONMCU_UNARY_NEG)
MLONMCU_FLOAT_UNARY(round, MLONMCU_UNARY_ROUND)
MLONMCU_FLOAT_UNARY(sin, MLONMCU_UNARY_SIN)
MLONMCU_FLOAT_UNARY(sqrt, MLONMCU_UNARY_SQRT)
MLONMCU_FLOAT_UNARY(square, MLONMCU_UNARY_SQUARE)
#undef MLONMCU_FLOAT_UNARY

void check_abs(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  abs_params(OpRef{graph, op, backend});
}

LoweredOp lower_abs(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const mlonmcu_unary_quant_params_t p = abs_params(ref);
  switch (check::input(ref, 0).dtype) {
    case DType::Float32: return float_unary(op, MLONMCU_UNARY_ABS);
    case DType::Int8: return in_place(op, MLONMCU_OP_ABS_S8, params_words(p));
    default: return in_place(op, MLONMCU_OP_ABS_S16, params_words(p));
  }
}

void check_rsqrt(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  rsqrt_params(OpRef{graph, op, backend});
}

LoweredOp lower_rsqrt(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const mlonmcu_unary_quant_params_t p = rsqrt_params(ref);
  if (check::input(ref, 0).dtype == DType::Float32) return float_unary(op, MLONMCU_UNARY_RSQRT);
  return in_place(op, MLONMCU_OP_RSQRT_S8, params_words(p));
}

void check_elu(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const OpRef ref{graph, op, backend};
  if (same_dtype_unary(ref, {DType::Float32, DType::Int8}).dtype == DType::Int8) {
    check::per_tensor_int8(ref, check::input(ref, 0), "input");
    check::per_tensor_int8(ref, check::output(ref), "output");
  }
}

LoweredOp lower_elu(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  check_elu(ctx.graph(), op, backend);
  if (check::input(ref, 0).dtype == DType::Float32) return float_unary(op, MLONMCU_UNARY_ELU);
  const auto iq = check::per_tensor_int8(ref, check::input(ref, 0), "input");
  const auto oq = check::per_tensor_int8(ref, check::output(ref), "output");
  LoweredOp lowered = in_place(op, MLONMCU_OP_LOOKUP_S8);
  lowered.inputs.push_back(ctx.add_const(check::output(ref).name + "/table", DType::Int8, {256}, lookup_table(iq, oq, elu)));
  return lowered;
}

void check_leaky_relu(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  leaky_relu_params(OpRef{graph, op, backend});
}

LoweredOp lower_leaky_relu(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const mlonmcu_leaky_relu_params_t p = leaky_relu_params(ref);
  switch (check::input(ref, 0).dtype) {
    case DType::Float32: return in_place(op, MLONMCU_OP_LEAKY_RELU_F32, params_words(p));
    case DType::Int8: return in_place(op, MLONMCU_OP_LEAKY_RELU_S8, params_words(p));
    default: return in_place(op, MLONMCU_OP_LEAKY_RELU_S16, params_words(p));
  }
}

void check_l2_normalization(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  l2_norm_params(OpRef{graph, op, backend});
}

LoweredOp lower_l2_normalization(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_rows_params_t p = l2_norm_params(OpRef{ctx.graph(), op, backend});
  const bool int8 = ctx.tensor(op.inputs[0]).dtype == DType::Int8;
  return in_place(op, int8 ? MLONMCU_OP_L2_NORM_S8 : MLONMCU_OP_L2_NORM_F32, params_words(p));
}

void check_logical_not(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  same_dtype_unary(OpRef{graph, op, backend}, {DType::Bool});
}

LoweredOp lower_logical_not(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  same_dtype_unary(OpRef{ctx.graph(), op, backend}, {DType::Bool});
  return in_place(op, MLONMCU_OP_LOGICAL_NOT);
}

void check_cast(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  cast_params(OpRef{graph, op, backend});
}

LoweredOp lower_cast(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_CAST, params_words(cast_params(OpRef{ctx.graph(), op, backend})));
}

}  // namespace mlonmcu::ops
