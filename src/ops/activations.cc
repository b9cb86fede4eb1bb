// Lowering of RELU and RELU6 (float32, int8, int16 with zero points 0) as TFLite-Micro prepares
// them: quantized RELU requantizes input -> output (multiplier input_scale / output_scale) and
// clamps at the output's zero; quantized RELU6 clamps to [quantized 0, quantized 6] in the input's
// quantization.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mlonmcu/kernels/activations.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;
using check::resolve_unary;
using check::UnaryPlan;

// Per-tensor int8, or int16 with zero point 0 (TFLite-Micro's Prepare requires it).
check::QuantParams quant(const OpRef& ref, const ir::Tensor& t, const char* role) {
  return t.dtype == ir::DType::Int16 ? check::per_tensor_int16(ref, t, role) : check::per_tensor_int8(ref, t, role);
}

UnaryPlan resolve_relu(const OpRef& ref) {
  const UnaryPlan plan = resolve_unary(ref);
  check::expect_dtype(ref, *plan.in, {ir::DType::Float32, ir::DType::Int8, ir::DType::Int16}, "input");
  check::expect_dtype(ref, *plan.out, {plan.in->dtype}, "output");
  if (plan.in->dtype != ir::DType::Float32) {
    quant(ref, *plan.in, "input");
    quant(ref, *plan.out, "output");
  }
  return plan;
}

// TFLite-Micro's FloatToQuantizedType<T>: round in float, add the zero point, clamp to T.
int32_t float_to_quantized(float value, const check::QuantParams& q, float lo, float hi) {
  const float r = std::round(value / q.scale) + static_cast<float>(q.zero_point);
  return static_cast<int32_t>(std::clamp(r, lo, hi));
}

}  // namespace

void check_relu(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_relu(OpRef{graph, op, backend});
}

LoweredOp lower_relu(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const UnaryPlan plan = resolve_relu(ref);
  LoweredOp lowered = check::single_io(op);
  lowered.inplace_inputs = {0};
  if (plan.in->dtype == ir::DType::Float32) {
    lowered.opcode = MLONMCU_OP_RELU_F32;
    return lowered;
  }
  const bool s16 = plan.in->dtype == ir::DType::Int16;
  const auto in_q = quant(ref, *plan.in, "input");
  const auto out_q = quant(ref, *plan.out, "output");
  mlonmcu_relu_s8_params_t p{};
  p.input_zero_point = in_q.zero_point;
  p.output_zero_point = out_q.zero_point;
  const Multiplier m =
      quantize_multiplier(static_cast<double>(in_q.scale) / static_cast<double>(out_q.scale));
  p.output_multiplier = m.multiplier, p.output_shift = m.shift;
  p.act_min = std::max(s16 ? -32768 : -128, out_q.zero_point + static_cast<int32_t>(std::round(0.0f / out_q.scale)));
  p.act_max = s16 ? 32767 : 127;
  lowered.opcode = s16 ? MLONMCU_OP_RELU_S16 : MLONMCU_OP_RELU_S8;
  lowered.params = params_words(p);
  return lowered;
}

void check_relu6(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_relu(OpRef{graph, op, backend});
}

LoweredOp lower_relu6(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const UnaryPlan plan = resolve_relu(ref);
  LoweredOp lowered = check::single_io(op);
  lowered.inplace_inputs = {0};
  if (plan.in->dtype == ir::DType::Float32) {
    lowered.opcode = MLONMCU_OP_RELU6_F32;
    return lowered;
  }
  const bool s16 = plan.in->dtype == ir::DType::Int16;
  const auto in_q = quant(ref, *plan.in, "input");
  mlonmcu_relu6_s8_params_t p{};
  p.lower = in_q.zero_point;
  p.upper = s16 ? float_to_quantized(6.0f, in_q, -32768.0f, 32767.0f) : float_to_quantized(6.0f, in_q, -128.0f, 127.0f);
  lowered.opcode = s16 ? MLONMCU_OP_RELU6_S16 : MLONMCU_OP_RELU6_S8;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
