// Lowering of QUANTIZE (float32 -> int8/int16; requantization int8 -> int8/int16/int32,
// int16 -> int8/int16/int32, int32 -> int8/int16) and DEQUANTIZE (int8/int16 -> float32),
// per-tensor, as TFLite-Micro prepares them.
#include <fmt/format.h>

#include <cmath>

#include "mlonmcu/kernels/quantize.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/element_type.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;
using check::resolve_unary;
using check::UnaryPlan;

[[noreturn]] void unsupported_types(const OpRef& ref, const UnaryPlan& plan) {
  unsupported(ref.backend, ref.op,
              fmt::format("input dtype {} with output dtype {}", ir::dtype_name(plan.in->dtype),
                          ir::dtype_name(plan.out->dtype)));
}

using ir::DType;

// Per-tensor quantization of an int8, int16 (zero point 0) or int32 tensor.
check::QuantParams quant(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (t.dtype == DType::Int8) return check::per_tensor_int8(ref, t, role);
  if (t.dtype == DType::Int16) return check::per_tensor_int16(ref, t, role);
  if (t.quant.empty() || t.quant.per_channel() || !(t.quant.scale[0] > 0.0f) || !std::isfinite(t.quant.scale[0]))
    check::malformed(ref, fmt::format("{} '{}' needs one valid scale", role, t.name));
  const int64_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  if (zp != 0) unsupported(ref.backend, ref.op, fmt::format("int32 {} with zero point {}", role, zp));
  return {t.quant.scale[0], 0};
}

// The conversions TFLite-Micro's QUANTIZE computes.
bool quantize_pair(DType in, DType out) {
  const bool int_out = out == DType::Int8 || out == DType::Int16;
  if (in == DType::Float32) return int_out;
  if (in == DType::Int8 || in == DType::Int16) return int_out || out == DType::Int32;
  return in == DType::Int32 && int_out;
}

UnaryPlan resolve_quantize(const OpRef& ref) {
  const UnaryPlan plan = resolve_unary(ref);
  if (!quantize_pair(plan.in->dtype, plan.out->dtype)) unsupported_types(ref, plan);
  if (plan.in->dtype != DType::Float32) quant(ref, *plan.in, "input");
  quant(ref, *plan.out, "output");
  return plan;
}

UnaryPlan resolve_dequantize(const OpRef& ref) {
  const UnaryPlan plan = resolve_unary(ref);
  if ((plan.in->dtype != DType::Int8 && plan.in->dtype != DType::Int16) || plan.out->dtype != DType::Float32)
    unsupported_types(ref, plan);
  quant(ref, *plan.in, "input");
  return plan;
}

}  // namespace

void check_quantize(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_quantize(OpRef{graph, op, backend});
}

LoweredOp lower_quantize(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const UnaryPlan plan = resolve_quantize(ref);
  LoweredOp lowered = check::single_io(op);
  const auto out_q = quant(ref, *plan.out, "output");
  if (plan.in->dtype == DType::Float32) {
    mlonmcu_affine_params_t p{};
    p.scale = out_q.scale;
    p.zero_point = out_q.zero_point;
    // ONNX's QuantizeLinear rounds half to even, TFLite's QUANTIZE half away from zero.
    const bool half_even = op.requant == ir::Requantization::FloatHalfEven;
    if (plan.out->dtype == DType::Int8)
      lowered.opcode = half_even ? MLONMCU_OP_QUANTIZE_F32_S8_FQ : MLONMCU_OP_QUANTIZE_F32_S8;
    else if (!half_even)
      lowered.opcode = MLONMCU_OP_QUANTIZE_F32_S16;
    else
      unsupported(ref.backend, ref.op, "int16 output with round half to even");
    lowered.params = params_words(p);
    return lowered;
  }
  const auto in_q = quant(ref, *plan.in, "input");
  mlonmcu_requantize_params_t p{};
  p.input_zero_point = in_q.zero_point;
  p.output_zero_point = out_q.zero_point;
  const Multiplier m =
      quantize_multiplier(static_cast<double>(in_q.scale) / static_cast<double>(out_q.scale));
  p.multiplier = m.multiplier, p.shift = m.shift;
  if (plan.in->dtype == DType::Int8 && plan.out->dtype == DType::Int8) {
    lowered.opcode = MLONMCU_OP_QUANTIZE_S8_S8;
    lowered.inplace_inputs = {0};
    lowered.params = params_words(p);
    return lowered;
  }
  mlonmcu_requantize_int_params_t q{};
  q.from = *element_type(plan.in->dtype);
  q.to = *element_type(plan.out->dtype);
  q.r = p;
  lowered.opcode = MLONMCU_OP_REQUANTIZE_INT;
  lowered.params = params_words(q);
  return lowered;
}

void check_dequantize(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_dequantize(OpRef{graph, op, backend});
}

LoweredOp lower_dequantize(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const UnaryPlan plan = resolve_dequantize(ref);
  const auto in_q = quant(ref, *plan.in, "input");
  LoweredOp lowered = check::single_io(op);
  mlonmcu_affine_params_t p{};
  p.scale = in_q.scale;
  p.zero_point = in_q.zero_point;
  lowered.opcode = plan.in->dtype == DType::Int8 ? MLONMCU_OP_DEQUANTIZE_S8_F32 : MLONMCU_OP_DEQUANTIZE_S16_F32;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
