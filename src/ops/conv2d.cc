// Lowering of CONV_2D and DEPTHWISE_CONV_2D (float32 and int8 with per-tensor or per-channel
// filter quantization), following TFLite-Micro's Prepare: one requantization multiplier per
// output channel from double(input_scale) * double(filter_scale) / double(output_scale).
#include <fmt/format.h>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/compute_common.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using compute::OpRef;

struct ConvPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* filter = nullptr;
  const ir::Tensor* bias = nullptr;
  const ir::Tensor* out = nullptr;
  bool depthwise = false;
  int32_t stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  int32_t depth_multiplier = 1;
  ir::Activation activation = ir::Activation::None;
  compute::Padding2D pad;
};

ConvPlan resolve_conv(const OpRef& ref, bool depthwise) {
  ConvPlan plan;
  plan.depthwise = depthwise;
  ir::Padding padding;
  if (depthwise) {
    const auto& o = compute::options<ir::DepthwiseConv2DOptions>(ref);
    padding = o.padding;
    plan.stride_h = o.stride_h, plan.stride_w = o.stride_w;
    plan.dilation_h = o.dilation_h, plan.dilation_w = o.dilation_w;
    plan.depth_multiplier = o.depth_multiplier;
    plan.activation = o.activation;
  } else {
    const auto& o = compute::options<ir::Conv2DOptions>(ref);
    padding = o.padding;
    plan.stride_h = o.stride_h, plan.stride_w = o.stride_w;
    plan.dilation_h = o.dilation_h, plan.dilation_w = o.dilation_w;
    plan.activation = o.activation;
  }
  compute::expect_arity(ref, 2, 3, 1);
  plan.in = &compute::input(ref, 0);
  plan.filter = &compute::input(ref, 1);
  plan.bias = compute::optional_input(ref, 2);
  plan.out = &compute::output(ref);
  compute::expect_rank(ref, *plan.in, 4, "input");
  compute::expect_rank(ref, *plan.filter, 4, "filter");
  compute::expect_rank(ref, *plan.out, 4, "output");

  const auto& in_shape = plan.in->shape;
  const auto& f_shape = plan.filter->shape;
  const int32_t out_c = plan.out->shape[3];
  if (depthwise) {
    if (f_shape[0] != 1 || f_shape[3] != out_c)
      compute::malformed(ref, fmt::format("filter {} does not fit output channels {}",
                                          compute::shape_str(f_shape), out_c));
    // Some converters write a stale depth_multiplier; the channel counts decide, as in TFLite.
    if (in_shape[3] <= 0 || out_c % in_shape[3] != 0)
      compute::malformed(ref, fmt::format("output channels {} not a multiple of input channels {}",
                                          out_c, in_shape[3]));
    plan.depth_multiplier = out_c / in_shape[3];
  } else {
    if (f_shape[0] != out_c)
      compute::malformed(ref, fmt::format("filter {} does not fit output channels {}",
                                          compute::shape_str(f_shape), out_c));
    if (f_shape[3] <= 0 || in_shape[3] % f_shape[3] != 0 || in_shape[3] / f_shape[3] == 0 ||
        out_c % (in_shape[3] / f_shape[3]) != 0)
      compute::malformed(ref, fmt::format("filter depth {} does not divide input channels {}",
                                          f_shape[3], in_shape[3]));
  }
  plan.pad = compute::window_padding(ref, *plan.in, *plan.out, padding, f_shape[1], f_shape[2],
                                     plan.stride_h, plan.stride_w, plan.dilation_h,
                                     plan.dilation_w);
  compute::expect_clamp_activation(ref, plan.activation);

  if (plan.in->dtype == ir::DType::Float32) {
    compute::expect_dtype(ref, *plan.filter, ir::DType::Float32, "filter");
    compute::expect_dtype(ref, *plan.out, ir::DType::Float32, "output");
    if (plan.bias) compute::expect_dtype(ref, *plan.bias, ir::DType::Float32, "bias");
  } else if (plan.in->dtype == ir::DType::Int8) {
    compute::expect_dtype(ref, *plan.filter, ir::DType::Int8, "filter");
    compute::expect_dtype(ref, *plan.out, ir::DType::Int8, "output");
    if (plan.bias) compute::expect_dtype(ref, *plan.bias, ir::DType::Int32, "bias");
    compute::per_tensor_int8(ref, *plan.in, "input");
    compute::per_tensor_int8(ref, *plan.out, "output");
    compute::symmetric_filter_scales(ref, *plan.filter, depthwise ? 3 : 0, out_c);
  } else {
    unsupported(ref.backend, ref.op,
                fmt::format("input dtype {}", ir::dtype_name(plan.in->dtype)));
  }
  if (plan.bias && plan.bias->num_elements() != out_c)
    compute::malformed(ref, fmt::format("bias has {} elements for {} output channels",
                                        plan.bias->num_elements(), out_c));
  return plan;
}

LoweredOp lower_conv(const ir::Operator& op, LowerContext& ctx, const std::string& backend,
                     bool depthwise) {
  const OpRef ref{ctx.graph(), op, backend};
  const ConvPlan plan = resolve_conv(ref, depthwise);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0], op.inputs[1], compute::input_index(op, 2)};
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
  const auto in_q = compute::per_tensor_int8(ref, *plan.in, "input");
  const auto out_q = compute::per_tensor_int8(ref, *plan.out, "output");
  const int32_t out_c = plan.out->shape[3];
  const std::vector<float> filter_scales =
      compute::symmetric_filter_scales(ref, *plan.filter, depthwise ? 3 : 0, out_c);
  auto channel_multiplier = [&](float filter_scale) {
    return quantize_multiplier(static_cast<double>(in_q.scale) *
                               static_cast<double>(filter_scale) /
                               static_cast<double>(out_q.scale));
  };
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
  if (filter_scales.size() > 1) {
    std::vector<int32_t> multipliers, shifts;
    for (float s : filter_scales) {
      const Multiplier m = channel_multiplier(s);
      multipliers.push_back(m.multiplier);
      shifts.push_back(m.shift);
    }
    const std::string name = plan.out->name;  // copy: adding tensors moves the graph's tensors
    lowered.inputs.push_back(ctx.add_const_int32(name + "/channel_multiplier", multipliers));
    lowered.inputs.push_back(ctx.add_const_int32(name + "/channel_shift", shifts));
  } else {
    // Per-tensor: every channel has the same multiplier, so it lives in the params.
    const Multiplier m = channel_multiplier(filter_scales[0]);
    p.output_multiplier = m.multiplier;
    p.output_shift = m.shift;
  }
  lowered.opcode = depthwise ? MLONMCU_OP_DEPTHWISE_CONV_2D_S8 : MLONMCU_OP_CONV_2D_S8;
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
