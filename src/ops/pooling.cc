// Lowering of AVERAGE_POOL_2D and MAX_POOL_2D (float32, int8, int16) and L2_POOL_2D (float32, as
// in TFLite-Micro). Like TFLite-Micro, integer pooling does not requantize: the output is computed in
// the input's quantization (converters always give both the same), only the fused activation
// uses the output's.
#include <fmt/format.h>

#include "mlonmcu/kernels/pooling.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"
#include "ops/window_geometry.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

struct PoolPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* out = nullptr;
  ir::Pool2DOptions options;
  check::Padding2D pad;
};

enum class Pool { Max, Average, L2 };

// int8, or int16 in the 16x8 scheme (zero point 0).
check::QuantParams quant(const OpRef& ref, const ir::Tensor& t, const char* role) {
  return t.dtype == ir::DType::Int16 ? check::per_tensor_int16(ref, t, role) : check::per_tensor_int8(ref, t, role);
}

PoolPlan resolve_pool(const OpRef& ref, Pool kind) {
  PoolPlan plan;
  plan.options = check::options<ir::Pool2DOptions>(ref);
  check::expect_arity(ref, 1, 1, 1);
  plan.in = &check::input(ref, 0);
  plan.out = &check::output(ref);
  check::expect_rank(ref, *plan.in, 4, "input");
  check::expect_rank(ref, *plan.out, 4, "output");
  if (plan.in->shape[3] != plan.out->shape[3])
    check::malformed(ref, fmt::format("input {} and output {} differ in channels",
                                      check::shape_str(plan.in->shape),
                                      check::shape_str(plan.out->shape)));
  const auto& o = plan.options;
  plan.pad = check::window_padding(ref, *plan.in, *plan.out, o.padding, o.filter_h, o.filter_w,
                                   o.stride_h, o.stride_w, 1, 1);
  check::expect_clamp_activation(ref, o.activation);
  if (plan.in->dtype == ir::DType::Float32) {
    check::expect_dtype(ref, *plan.out, {ir::DType::Float32}, "output");
  } else if ((plan.in->dtype == ir::DType::Int8 || plan.in->dtype == ir::DType::Int16) && kind != Pool::L2) {
    check::expect_dtype(ref, *plan.out, {plan.in->dtype}, "output");
    quant(ref, *plan.in, "input");
    quant(ref, *plan.out, "output");
    const int64_t max_taps = plan.in->dtype == ir::DType::Int16 ? (1 << 15) : (1 << 23);  // int32 sums
    if (static_cast<int64_t>(o.filter_h) * o.filter_w > max_taps)
      unsupported(ref.backend, ref.op, fmt::format("pooling window larger than {} elements", max_taps));
  } else {
    unsupported(ref.backend, ref.op,
                fmt::format("input dtype {}", ir::dtype_name(plan.in->dtype)));
  }
  return plan;
}

LoweredOp lower_pool(const ir::Operator& op, LowerContext& ctx, const std::string& backend, Pool kind) {
  const OpRef ref{ctx.graph(), op, backend};
  const PoolPlan plan = resolve_pool(ref, kind);
  const bool average = kind == Pool::Average;
  const auto& o = plan.options;
  LoweredOp lowered = check::single_io(op);
  if (plan.in->dtype == ir::DType::Float32) {
    mlonmcu_pool_f32_params_t p{};
    p.stride_h = o.stride_h, p.stride_w = o.stride_w;
    p.filter_h = o.filter_h, p.filter_w = o.filter_w;
    p.pad_h = plan.pad.h, p.pad_w = plan.pad.w;
    const FloatRange range = activation_range_float(o.activation);
    p.act_min = range.min, p.act_max = range.max;
    lowered.opcode = kind == Pool::L2 ? MLONMCU_OP_L2_POOL_2D_F32
                     : average        ? MLONMCU_OP_AVERAGE_POOL_2D_F32
                                      : MLONMCU_OP_MAX_POOL_2D_F32;
    lowered.params = params_words(p);
    return lowered;
  }
  const auto out_q = quant(ref, *plan.out, "output");
  const bool int16 = plan.in->dtype == ir::DType::Int16;
  mlonmcu_pool_s8_params_t p{};
  p.stride_h = o.stride_h, p.stride_w = o.stride_w;
  p.filter_h = o.filter_h, p.filter_w = o.filter_w;
  p.pad_h = plan.pad.h, p.pad_w = plan.pad.w;
  const QuantRange range =
      activation_range_quantized(o.activation, out_q.scale, out_q.zero_point, int16 ? -32768 : -128, int16 ? 32767 : 127);
  p.act_min = range.min, p.act_max = range.max;
  if (int16)
    lowered.opcode = average ? MLONMCU_OP_AVERAGE_POOL_2D_S16 : MLONMCU_OP_MAX_POOL_2D_S16;
  else
    lowered.opcode = average ? MLONMCU_OP_AVERAGE_POOL_2D_S8 : MLONMCU_OP_MAX_POOL_2D_S8;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace

void check_average_pool2d(const ir::Graph& graph, const ir::Operator& op,
                          const std::string& backend) {
  resolve_pool(OpRef{graph, op, backend}, Pool::Average);
}

LoweredOp lower_average_pool2d(const ir::Operator& op, LowerContext& ctx,
                               const std::string& backend) {
  return lower_pool(op, ctx, backend, Pool::Average);
}

void check_max_pool2d(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_pool(OpRef{graph, op, backend}, Pool::Max);
}

LoweredOp lower_max_pool2d(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return lower_pool(op, ctx, backend, Pool::Max);
}

void check_l2_pool2d(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_pool(OpRef{graph, op, backend}, Pool::L2);
}

LoweredOp lower_l2_pool2d(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return lower_pool(op, ctx, backend, Pool::L2);
}

}  // namespace mlonmcu::ops
