// int16 (16x8) CONV_2D (also grouped), DEPTHWISE_CONV_2D and FULLY_CONNECTED: int16 input and
// output (zero point 0), symmetric int8 filters per channel or per tensor, an int64 bias, an
// int32 bias (CONV_2D, FULLY_CONNECTED: the 32-bit accumulator) or none; output scales that
// keep the results mostly inside the int16 range.
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

ir::Activation random_clamp(Rng& rng) {
  static const ir::Activation kActs[] = {ir::Activation::None, ir::Activation::Relu, ir::Activation::Relu6,
                                         ir::Activation::ReluN1To1};
  return kActs[rng.uniform_int(0, 3)];
}

// The bias's dtype: int64, int32 (where TFLite-Micro takes it) or none (-1).
int32_t bias_s16(GraphBuilder& b, Rng& rng, int32_t n, float scale, bool int32_ok) {
  const int kind = rng.uniform_int(0, int32_ok ? 2 : 1);
  if (kind == 0) return -1;
  return random_bias(b, rng, "bias", kind == 1 ? DType::Int64 : DType::Int32, n, 1 << 20, scale);
}

float scale_of(GraphBuilder& b, int32_t t) { return b.graph().tensors[static_cast<size_t>(t)].quant.scale[0]; }

OpCase conv_s16(Rng& rng, bool depthwise) {
  GraphBuilder b(depthwise ? "depthwise_s16" : "conv_s16", rng.next());
  const int32_t in_c = rng.uniform_int(1, 4), kh = rng.uniform_int(1, 3), kw = rng.uniform_int(1, 3);
  const int32_t stride = rng.uniform_int(1, 2), dilation = rng.uniform_int(1, 2);
  // At least one dilated window fits (VALID padding needs it).
  const std::vector<int32_t> in = {rng.uniform_int(1, 2), (kh - 1) * dilation + rng.uniform_int(1, 4),
                                   (kw - 1) * dilation + rng.uniform_int(1, 4), in_c};
  const int32_t x = input(b, rng, "x", DType::Int16, in);
  const ir::Padding padding = rng.uniform_int(0, 1) ? ir::Padding::Same : ir::Padding::Valid;
  // Grouped convolutions now and then: the filter's depth divides the input's channels.
  const int32_t f_c = !depthwise && in_c % 2 == 0 && rng.uniform_int(0, 1) ? in_c / 2 : in_c;
  const int32_t out_c = depthwise ? in_c * rng.uniform_int(1, 2) : (in_c / f_c) * rng.uniform_int(1, 3);
  const int32_t filter = depthwise ? symmetric_filter(b, rng, "filter", {1, kh, kw, out_c}, 3, -9, -5)
                                   : symmetric_filter(b, rng, "filter", {out_c, kh, kw, f_c}, 0, -9, -5);
  const int32_t bias = bias_s16(b, rng, out_c, scale_of(b, x) * scale_of(b, filter), !depthwise);
  const int32_t oh = modelbuilder::window_output_size(in[1], kh, stride, dilation, padding);
  const int32_t ow = modelbuilder::window_output_size(in[2], kw, stride, dilation, padding);
  const float out_scale = scale_of(b, x) * scale_of(b, filter) * random_scale(rng, 6, 12);
  const int32_t out = b.add_tensor("out", DType::Int16, {in[0], oh, ow, out_c}, modelbuilder::per_tensor(out_scale, 0));
  std::vector<int32_t> inputs = {x, filter};
  if (bias >= 0) inputs.push_back(bias);
  if (depthwise) {
    ir::DepthwiseConv2DOptions o;
    o.padding = padding, o.stride_h = o.stride_w = stride, o.dilation_h = o.dilation_w = dilation;
    o.depth_multiplier = out_c / in_c, o.activation = random_clamp(rng);
    b.add_op(T::DepthwiseConv2D, inputs, {out}, o);
  } else {
    ir::Conv2DOptions o;
    o.padding = padding, o.stride_h = o.stride_w = stride, o.dilation_h = o.dilation_w = dilation;
    o.activation = random_clamp(rng);
    b.add_op(T::Conv2D, inputs, {out}, o);
  }
  b.add_output(out);
  return finish(b);
}

OpCase fully_connected_s16(Rng& rng, DType) {
  GraphBuilder b("fully_connected_s16", rng.next());
  const int32_t batches = rng.uniform_int(1, 3), depth = rng.uniform_int(1, 12), units = rng.uniform_int(1, 6);
  const int32_t x = input(b, rng, "x", DType::Int16, {batches, depth});
  const int32_t filter = symmetric_filter(b, rng, "filter", {units, depth}, 0, -9, -5);
  // TFLite-Micro checks a per-tensor bias scale against input scale * filter scale.
  const int32_t bias = bias_s16(b, rng, units, scale_of(b, x) * scale_of(b, filter), true);
  const float out_scale = scale_of(b, x) * scale_of(b, filter) * random_scale(rng, 6, 11);
  const int32_t out = b.add_tensor("out", DType::Int16, {batches, units}, modelbuilder::per_tensor(out_scale, 0));
  std::vector<int32_t> inputs = {x, filter};
  if (bias >= 0) inputs.push_back(bias);
  ir::FullyConnectedOptions o;
  o.activation = random_clamp(rng);
  b.add_op(T::FullyConnected, inputs, {out}, o);
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_filter_s16_cases(std::vector<CaseGenerator>& out) {
  out.push_back({"CONV_2D", "int16", [](Rng& r) { return conv_s16(r, false); }});
  out.push_back({"DEPTHWISE_CONV_2D", "int16", [](Rng& r) { return conv_s16(r, true); }});
  add_per_dtype(out, "FULLY_CONNECTED", {DType::Int16}, fully_connected_s16);
}

}  // namespace mlonmcu::difftest
