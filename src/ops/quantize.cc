// Lowering of QUANTIZE (float32 -> int8, int8 -> int8 requantization) and DEQUANTIZE
// (int8 -> float32), per-tensor, as TFLite-Micro prepares them.
#include <fmt/format.h>

#include "mlonmcu/kernels/quantize.h"
#include "mlonmcu/runtime/opcodes.h"
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

UnaryPlan resolve_quantize(const OpRef& ref) {
  const UnaryPlan plan = resolve_unary(ref);
  if (plan.out->dtype != ir::DType::Int8 ||
      (plan.in->dtype != ir::DType::Float32 && plan.in->dtype != ir::DType::Int8))
    unsupported_types(ref, plan);
  if (plan.in->dtype == ir::DType::Int8) check::per_tensor_int8(ref, *plan.in, "input");
  check::per_tensor_int8(ref, *plan.out, "output");
  return plan;
}

UnaryPlan resolve_dequantize(const OpRef& ref) {
  const UnaryPlan plan = resolve_unary(ref);
  if (plan.in->dtype != ir::DType::Int8 || plan.out->dtype != ir::DType::Float32)
    unsupported_types(ref, plan);
  check::per_tensor_int8(ref, *plan.in, "input");
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
  const auto out_q = check::per_tensor_int8(ref, *plan.out, "output");
  if (plan.in->dtype == ir::DType::Float32) {
    mlonmcu_affine_params_t p{};
    p.scale = out_q.scale;
    p.zero_point = out_q.zero_point;
    // ONNX's QuantizeLinear rounds half to even, TFLite's QUANTIZE half away from zero.
    lowered.opcode = op.requant == ir::Requantization::FloatHalfEven ? MLONMCU_OP_QUANTIZE_F32_S8_FQ
                                                                     : MLONMCU_OP_QUANTIZE_F32_S8;
    lowered.params = params_words(p);
    return lowered;
  }
  const auto in_q = check::per_tensor_int8(ref, *plan.in, "input");
  mlonmcu_requantize_params_t p{};
  p.input_zero_point = in_q.zero_point;
  p.output_zero_point = out_q.zero_point;
  const Multiplier m =
      quantize_multiplier(static_cast<double>(in_q.scale) / static_cast<double>(out_q.scale));
  p.multiplier = m.multiplier, p.shift = m.shift;
  lowered.opcode = MLONMCU_OP_QUANTIZE_S8_S8;
  lowered.inplace_inputs = {0};
  lowered.params = params_words(p);
  return lowered;
}

void check_dequantize(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_dequantize(OpRef{graph, op, backend});
}

LoweredOp lower_dequantize(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const UnaryPlan plan = resolve_dequantize(ref);
  const auto in_q = check::per_tensor_int8(ref, *plan.in, "input");
  LoweredOp lowered = check::single_io(op);
  mlonmcu_affine_params_t p{};
  p.scale = in_q.scale;
  p.zero_point = in_q.zero_point;
  lowered.opcode = MLONMCU_OP_DEQUANTIZE_S8_F32;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
