// Lowering of the elementwise ops of one input (ABS, CEIL, COS, EXP, FLOOR, LOG, NEG, ROUND,
// RSQRT, SIN, SQRT, SQUARE, LOGICAL_NOT) and CAST, in the dtypes TFLite-Micro computes them:
// float32 everywhere, int8/int16 ABS and int8 RSQRT with the multipliers TFLite-Micro's Prepare
// derives, bool LOGICAL_NOT.
#include <fmt/format.h>

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
