// Lowering of CONV_2D and DEPTHWISE_CONV_2D (float32 and int8 with per-tensor or per-channel
// filter quantization; int16 in filter_s16.cc), following TFLite-Micro's Prepare: one requantization multiplier per
// output channel from double(input_scale) * double(filter_scale) / double(output_scale).
#include <fmt/format.h>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/filter_operands.h"
#include "ops/filter_s16.h"
#include "ops/float_requant.h"
#include "ops/lowering_checks.h"
#include "ops/packed_operands.h"
#include "ops/quant_util.h"
#include "ops/window_geometry.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

struct ConvPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* filter = nullptr;
  const ir::Tensor* bias = nullptr;
  const ir::Tensor* out = nullptr;
  bool depthwise = false;
  int32_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int32_t depth_multiplier = 1;
  ir::Activation activation = ir::Activation::None;
  check::Padding2D pad;
};

ConvPlan resolve_conv(const OpRef& ref, bool depthwise) {
  ConvPlan plan;
  plan.depthwise = depthwise;
  ir::Padding padding;
  if (depthwise) {
    const auto& o = check::options<ir::DepthwiseConv2DOptions>(ref);
    padding = o.padding;
    plan.stride_h = o.stride_h, plan.stride_w = o.stride_w;
    plan.dilation_h = o.dilation_h, plan.dilation_w = o.dilation_w;
    plan.depth_multiplier = o.depth_multiplier;
    plan.activation = o.activation;
  } else {
    const auto& o = check::options<ir::Conv2DOptions>(ref);
    padding = o.padding;
    plan.stride_h = o.stride_h, plan.stride_w = o.stride_w;
    plan.dilation_h = o.dilation_h, plan.dilation_w = o.dilation_w;
    plan.activation = o.activation;
  }
  check::expect_arity(ref, 2, 3, 1);
  plan.in = &check::input(ref, 0);
  plan.filter = &check::input(ref, 1);
  plan.bias = check::optional_input(ref, 2);
  plan.out = &check::output(ref);
  check::expect_rank(ref, *plan.in, 4, "input");
  check::expect_rank(ref, *plan.filter, 4, "filter");
  check::expect_rank(ref, *plan.out, 4, "output");

  const auto& in_shape = plan.in->shape;
  const auto& f_shape = plan.filter->shape;
  const int32_t out_c = plan.out->shape[3];
  if (depthwise) {
    if (f_shape[0] != 1 || f_shape[3] != out_c)
      check::malformed(ref, fmt::format("filter {} does not fit output channels {}",
                                        check::shape_str(f_shape), out_c));
    // Some converters write a stale depth_multiplier; the channel counts decide, as in TFLite.
    if (in_shape[3] <= 0 || out_c % in_shape[3] != 0)
      check::malformed(ref, fmt::format("output channels {} not a multiple of input channels {}",
                                        out_c, in_shape[3]));
    plan.depth_multiplier = out_c / in_shape[3];
  } else {
    if (f_shape[0] != out_c)
      check::malformed(ref, fmt::format("filter {} does not fit output channels {}",
                                        check::shape_str(f_shape), out_c));
    if (f_shape[3] <= 0 || in_shape[3] % f_shape[3] != 0 || in_shape[3] / f_shape[3] == 0 ||
        out_c % (in_shape[3] / f_shape[3]) != 0)
      check::malformed(ref, fmt::format("filter depth {} does not divide input channels {}",
                                        f_shape[3], in_shape[3]));
  }
  plan.pad = check::window_padding(ref, *plan.in, *plan.out, padding, f_shape[1], f_shape[2],
                                   plan.stride_h, plan.stride_w, plan.dilation_h,
                                   plan.dilation_w);
  check::expect_clamp_activation(ref, plan.activation);

  check::expect_filter_op_dtypes(ref, *plan.in, *plan.filter, plan.bias, *plan.out);
  if (plan.in->dtype != ir::DType::Float32)
    check::symmetric_filter_scales(ref, *plan.filter, depthwise ? 3 : 0, out_c);
  if (plan.bias && plan.bias->num_elements() != out_c)
    check::malformed(ref, fmt::format("bias has {} elements for {} output channels",
                                      plan.bias->num_elements(), out_c));
  return plan;
}

// The optimized kernels need a constant filter; conv also an ungrouped one whose window depth
// fits the kernel's stack rows, depthwise a window and channel count its buffers hold.
bool use_optimized_kernel(const LowerContext& ctx, const ConvPlan& plan) {
  if (ctx.options().reference || !plan.filter->is_const()) return false;
  const auto& f = plan.filter->shape;
  if (plan.depthwise)
    return f[1] * f[2] <= MLONMCU_DW_MAX_TAPS && plan.in->shape[3] <= MLONMCU_DW_MAX_CHANNELS;
  return f[3] == plan.in->shape[3] && f[1] * f[2] * f[3] <= MLONMCU_CONV_MAX_DEPTH;
}

LoweredOp lower_conv(const ir::Operator& op, LowerContext& ctx, const std::string& backend,
                     bool depthwise) {
  const OpRef ref{ctx.graph(), op, backend};
  const ConvPlan plan = resolve_conv(ref, depthwise);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0], op.inputs[1], check::input_index(op, 2)};
  lowered.outputs = {op.outputs[0]};
  if (plan.in->dtype == ir::DType::Float32) {
    mlonmcu_conv_f32_params_t p{};
    p.stride_h = plan.stride_h, p.stride_w = plan.stride_w;
    p.dilation_h = plan.dilation_h, p.dilation_w = plan.dilation_w;
    p.pad_h = plan.pad.h, p.pad_w = plan.pad.w;
    const FloatRange range = activation_range_float(plan.activation);
    p.act_min = range.min, p.act_max = range.max;
    p.depth_multiplier = plan.depth_multiplier;
    lowered.opcode = depthwise ? MLONMCU_OP_DEPTHWISE_CONV_2D_F32 : MLONMCU_OP_CONV_2D_F32;
    lowered.params = params_words(p);
    return lowered;
  }
  if (plan.in->dtype == ir::DType::Int16)
    return lower_conv_s16(ref, ctx, std::move(lowered),
                          {plan.in, plan.filter, plan.bias, plan.out, plan.stride_h, plan.stride_w, plan.dilation_h,
                           plan.dilation_w, plan.pad.h, plan.pad.w, plan.depth_multiplier, plan.activation},
                          depthwise);
  const auto in_q = check::per_tensor_int8(ref, *plan.in, "input");
  const auto out_q = check::per_tensor_int8(ref, *plan.out, "output");
  const int32_t out_c = plan.out->shape[3];
  const std::vector<float> filter_scales =
      check::symmetric_filter_scales(ref, *plan.filter, depthwise ? 3 : 0, out_c);
  mlonmcu_conv_s8_params_t p{};
  p.stride_h = plan.stride_h, p.stride_w = plan.stride_w;
  p.dilation_h = plan.dilation_h, p.dilation_w = plan.dilation_w;
  p.pad_h = plan.pad.h, p.pad_w = plan.pad.w;
  p.input_offset = -in_q.zero_point;
  p.output_offset = out_q.zero_point;
  const QuantRange range =
      activation_range_quantized(plan.activation, out_q.scale, out_q.zero_point, -128, 127);
  p.act_min = range.min, p.act_max = range.max;
  p.depth_multiplier = plan.depth_multiplier;
  if (op.requant == ir::Requantization::FloatHalfEven) {  // ONNX's QLinearConv
    const QuantRange fq = activation_range_half_even(plan.activation, out_q.scale, out_q.zero_point);
    p.act_min = fq.min, p.act_max = fq.max;
    add_output_scales(ctx, lowered, plan.out->name,
                      onnx_output_scales(in_q.scale, filter_scales, out_q.scale, out_c));
    lowered.opcode = depthwise ? MLONMCU_OP_DEPTHWISE_CONV_2D_S8_FQ : MLONMCU_OP_CONV_2D_S8_FQ;
    lowered.params = params_words(p);
    return lowered;
  }
  p.filter_h = plan.filter->shape[1], p.filter_w = plan.filter->shape[2];
  std::vector<Multiplier> multipliers = channel_multipliers(in_q.scale, filter_scales, out_q.scale);
  if (use_optimized_kernel(ctx, plan)) {
    // Per-tensor quantization is the same multiplier for every channel.
    if (multipliers.size() == 1) multipliers.assign(static_cast<size_t>(out_c), multipliers[0]);
    lowered.inputs.resize(1);
    PackedInfo info;
    if (depthwise) {
      info = add_depthwise_operands(ctx, lowered, plan.out->name, *plan.filter, plan.bias,
                                    p.input_offset, multipliers, p.output_offset);
      lowered.inputs.insert(lowered.inputs.begin() + 1, op.inputs[1]);
    } else {
      // The S16 kernels read windows of one filter row as one run, others through a table of
      // offsets in the packed order (or gathered at the borders): any order, 3 pixels at a time.
      const auto& f = plan.filter->shape;
      const WeightMatrix w{reinterpret_cast<const int8_t*>(plan.filter->data.data()), out_c,
                           f[1] * f[2] * f[3], true, true};
      info = add_packed_matrix(ctx, lowered, plan.out->name, w, plan.bias, p.input_offset,
                               multipliers, p.output_offset, p.act_min, p.act_max);
    }
    p.weight_layout = info.weight_layout, p.short_requant = info.short_requant;
    lowered.opcode = depthwise ? MLONMCU_OP_DEPTHWISE_CONV_2D_S8 : MLONMCU_OP_CONV_2D_S8;
  } else {
    if (multipliers.size() > 1) {
      add_multiplier_operands(ctx, lowered, plan.out->name, multipliers);
    } else {  // per-tensor: in the params
      p.output_multiplier = multipliers[0].multiplier;
      p.output_shift = multipliers[0].shift;
    }
    lowered.opcode = depthwise ? MLONMCU_OP_DEPTHWISE_CONV_2D_S8_REF : MLONMCU_OP_CONV_2D_S8_REF;
  }
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace

void check_conv2d(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve_conv(OpRef{graph, op, backend}, false);
}

LoweredOp lower_conv2d(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return lower_conv(op, ctx, backend, false);
}

void check_depthwise_conv2d(const ir::Graph& graph, const ir::Operator& op,
                            const std::string& backend) {
  resolve_conv(OpRef{graph, op, backend}, true);
}

LoweredOp lower_depthwise_conv2d(const ir::Operator& op, LowerContext& ctx,
                                 const std::string& backend) {
  return lower_conv(op, ctx, backend, true);
}

}  // namespace mlonmcu::ops
