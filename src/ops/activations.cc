// Lowering of RELU and RELU6 (float32, int8) as TFLite-Micro prepares them: int8 RELU
// requantizes input -> output (multiplier input_scale / output_scale) and clamps at the output's
// zero; int8 RELU6 clamps to [quantized 0, quantized 6] in the input's quantization.
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

UnaryPlan resolve_relu(const OpRef& ref) {
  const UnaryPlan plan = resolve_unary(ref);
  check::expect_dtype(ref, *plan.in, {ir::DType::Float32, ir::DType::Int8}, "input");
  check::expect_dtype(ref, *plan.out, {plan.in->dtype}, "output");
  if (plan.in->dtype == ir::DType::Int8) {
    check::per_tensor_int8(ref, *plan.in, "input");
    check::per_tensor_int8(ref, *plan.out, "output");
  }
  return plan;
}

// TFLite-Micro's FloatToQuantizedType<int8_t>: round in float, add the zero point, clamp.
int32_t float_to_int8(float value, const check::QuantParams& q) {
  const float r = std::round(value / q.scale) + static_cast<float>(q.zero_point);
  return static_cast<int32_t>(std::clamp(r, -128.0f, 127.0f));
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
  const auto in_q = check::per_tensor_int8(ref, *plan.in, "input");
  const auto out_q = check::per_tensor_int8(ref, *plan.out, "output");
  mlonmcu_relu_s8_params_t p{};
  p.input_zero_point = in_q.zero_point;
  p.output_zero_point = out_q.zero_point;
  const Multiplier m =
      quantize_multiplier(static_cast<double>(in_q.scale) / static_cast<double>(out_q.scale));
  p.output_multiplier = m.multiplier, p.output_shift = m.shift;
  p.act_min = std::max(-128, out_q.zero_point + static_cast<int32_t>(std::round(0.0f / out_q.scale)));
  p.act_max = 127;
  lowered.opcode = MLONMCU_OP_RELU_S8;
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
  const auto in_q = check::per_tensor_int8(ref, *plan.in, "input");
  mlonmcu_relu6_s8_params_t p{};
  p.lower = in_q.zero_point;
  p.upper = float_to_int8(6.0f, in_q);
  lowered.opcode = MLONMCU_OP_RELU6_S8;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
