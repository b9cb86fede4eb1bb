// Lowering of LOG_SOFTMAX over the last dim: float32; int8 with TFLite-Micro's Prepare (the
// softmax input scaling with beta 1, its reverse as a multiplier below one, diff_min) and the
// output it requires: scale 16/256, zero point 127.
#include <fmt/format.h>

#include "mlonmcu/kernels/log_softmax.h"
#include "mlonmcu/kernels/unary.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"
#include "ops/softmax_scaling.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

struct Rows {
  int32_t outer = 0, depth = 0;
  DType dtype = DType::Float32;
};

Rows rows(const check::OpRef& ref) {
  const check::UnaryPlan plan = check::resolve_unary(ref);
  check::expect_dtype(ref, *plan.in, {DType::Float32, DType::Int8}, "input");
  check::expect_same_dtype(ref, *plan.in, *plan.out);
  if (plan.in->shape.empty()) check::malformed(ref, "a scalar input has no last dimension");
  check::expect_shape(ref, *plan.out, plan.in->shape);
  Rows r;
  r.depth = plan.in->shape.back();
  r.outer = r.depth == 0 ? 0 : static_cast<int32_t>(plan.in->num_elements() / r.depth);
  r.dtype = plan.in->dtype;
  return r;
}

mlonmcu_log_softmax_s8_params_t log_softmax_s8_params(const check::OpRef& ref, const Rows& r) {
  const auto iq = check::per_tensor_int8(ref, check::input(ref, 0), "input");
  const auto oq = check::per_tensor_int8(ref, check::output(ref), "output");
  if (oq.scale != 16.0f / 256 || oq.zero_point != 127)
    check::malformed(ref, fmt::format("int8 output scale {} zero point {} (TFLite-Micro requires 16/256 and 127)",
                                      oq.scale, oq.zero_point));
  const mlonmcu_softmax_s8_params_t s = softmax_s8_params(ref, 1.0f, iq.scale);
  mlonmcu_log_softmax_s8_params_t p{};
  p.outer = r.outer, p.depth = r.depth;
  p.input_multiplier = s.input_multiplier, p.input_left_shift = s.input_left_shift, p.diff_min = s.diff_min;
  // TFLite's PreprocessLogSoftmaxScalingExp: 2^(31 - left shift) / multiplier, below one.
  const double reverse = static_cast<double>(1LL << (31 - s.input_left_shift)) / static_cast<double>(s.input_multiplier);
  if (!(reverse < 1.0)) unsupported(ref.backend, ref.op, fmt::format("input scale {}", iq.scale));
  const Multiplier m = quantize_multiplier_smaller_than_one(reverse);
  p.reverse_scaling_divisor = m.multiplier, p.reverse_scaling_right_shift = -m.shift;
  return p;
}

}  // namespace

void check_log_softmax(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  const Rows r = rows(ref);
  if (r.dtype == DType::Int8) log_softmax_s8_params(ref, r);
}

LoweredOp lower_log_softmax(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const check::OpRef ref{ctx.graph(), op, backend};
  const Rows r = rows(ref);
  if (r.dtype == DType::Int8)
    return check::single_io(op, MLONMCU_OP_LOG_SOFTMAX_S8, params_words(log_softmax_s8_params(ref, r)));
  mlonmcu_rows_params_t p{};
  p.outer = r.outer, p.depth = r.depth;
  return check::single_io(op, MLONMCU_OP_LOG_SOFTMAX_F32, params_words(p));
}

}  // namespace mlonmcu::ops
