#include "ops/compute_common.h"

#include <fmt/format.h>

#include <cmath>

#include "common/error.h"

namespace mlonmcu::ops::compute {

std::string shape_str(const std::vector<int32_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

void malformed(const OpRef& ref, const std::string& what) {
  std::string where;
  if (!ref.op.outputs.empty() && ref.op.outputs[0] >= 0 &&
      static_cast<size_t>(ref.op.outputs[0]) < ref.graph.tensors.size())
    where = fmt::format(" (output '{}')", ref.graph.tensors[ref.op.outputs[0]].name);
  throw Error(ErrorKind::Model, fmt::format("{}{}: {}", ref.op.type_name.empty()
                                                           ? ir::op_type_name(ref.op.type)
                                                           : ref.op.type_name,
                                            where, what));
}

static const ir::Tensor& tensor_at(const OpRef& ref, int32_t index, const char* what) {
  if (index < 0 || static_cast<size_t>(index) >= ref.graph.tensors.size())
    malformed(ref, fmt::format("{} tensor index {} out of range", what, index));
  return ref.graph.tensors[static_cast<size_t>(index)];
}

void expect_arity(const OpRef& ref, size_t min_in, size_t max_in, size_t n_out) {
  size_t given = ref.op.inputs.size();
  while (given > min_in && ref.op.inputs[given - 1] < 0) --given;  // trailing absent inputs
  if (given < min_in || given > max_in)
    malformed(ref, fmt::format("expects {}..{} inputs, has {}", min_in, max_in, given));
  for (size_t i = 0; i < min_in; ++i)
    if (ref.op.inputs[i] < 0) malformed(ref, fmt::format("required input {} missing", i));
  if (ref.op.outputs.size() != n_out)
    malformed(ref, fmt::format("expects {} outputs, has {}", n_out, ref.op.outputs.size()));
  for (int32_t idx : ref.op.inputs)
    if (idx >= 0) tensor_at(ref, idx, "input");
  for (int32_t idx : ref.op.outputs) tensor_at(ref, idx, "output");
}

int32_t input_index(const ir::Operator& op, size_t i) {
  return i < op.inputs.size() && op.inputs[i] >= 0 ? op.inputs[i] : -1;
}

const ir::Tensor& input(const OpRef& ref, size_t i) {
  const int32_t idx = input_index(ref.op, i);
  if (idx < 0) malformed(ref, fmt::format("required input {} missing", i));
  return tensor_at(ref, idx, "input");
}

const ir::Tensor* optional_input(const OpRef& ref, size_t i) {
  const int32_t idx = input_index(ref.op, i);
  return idx < 0 ? nullptr : &tensor_at(ref, idx, "input");
}

const ir::Tensor& output(const OpRef& ref, size_t i) {
  if (i >= ref.op.outputs.size()) malformed(ref, "output missing");
  return tensor_at(ref, ref.op.outputs[i], "output");
}

void expect_rank(const OpRef& ref, const ir::Tensor& t, size_t rank, const char* role) {
  if (t.shape.size() != rank)
    malformed(ref, fmt::format("{} '{}' must have rank {}, has shape {}", role, t.name, rank,
                               shape_str(t.shape)));
  for (int32_t d : t.shape)
    if (d < 0) malformed(ref, fmt::format("{} '{}' has a negative dimension", role, t.name));
}

void expect_dtype(const OpRef& ref, const ir::Tensor& t, ir::DType want, const char* role) {
  if (t.dtype != want)
    unsupported(ref.backend, ref.op,
                fmt::format("{} dtype {} (with {} operands)", role, ir::dtype_name(t.dtype),
                            ir::dtype_name(want)));
}

void expect_clamp_activation(const OpRef& ref, ir::Activation act) {
  switch (act) {
    case ir::Activation::None:
    case ir::Activation::Relu:
    case ir::Activation::Relu6:
    case ir::Activation::ReluN1To1: return;
    default:
      unsupported(ref.backend, ref.op,
                  fmt::format("fused activation {}", ir::activation_name(act)));
  }
}

QuantParams per_tensor_int8(const OpRef& ref, const ir::Tensor& t, const char* role) {
  if (t.quant.empty())
    malformed(ref, fmt::format("int8 {} '{}' has no quantization parameters", role, t.name));
  if (t.quant.per_channel())
    unsupported(ref.backend, ref.op,
                fmt::format("per-channel quantization of the {} '{}'", role, t.name));
  const float scale = t.quant.scale[0];
  const int64_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  if (!(scale > 0.0f) || !std::isfinite(scale))
    malformed(ref, fmt::format("{} '{}' has invalid scale {}", role, t.name, scale));
  if (zp < -128 || zp > 127)
    malformed(ref, fmt::format("{} '{}' has int8 zero point {} out of range", role, t.name, zp));
  return {scale, static_cast<int32_t>(zp)};
}

std::vector<float> symmetric_filter_scales(const OpRef& ref, const ir::Tensor& filter,
                                           int32_t axis, int32_t channels) {
  const auto& q = filter.quant;
  if (q.empty())
    malformed(ref, fmt::format("int8 filter '{}' has no quantization parameters", filter.name));
  for (int64_t zp : q.zero_point)
    if (zp != 0)
      unsupported(ref.backend, ref.op,
                  fmt::format("asymmetric filter quantization (zero point {})", zp));
  if (q.per_channel()) {
    if (q.axis != axis)
      unsupported(ref.backend, ref.op,
                  fmt::format("per-channel filter quantization along axis {} (expected {})",
                              q.axis, axis));
    if (q.scale.size() != static_cast<size_t>(channels))
      malformed(ref, fmt::format("filter '{}' has {} scales for {} channels", filter.name,
                                 q.scale.size(), channels));
  }
  for (float s : q.scale)
    if (!(s >= 0.0f) || !std::isfinite(s))
      malformed(ref, fmt::format("filter '{}' has invalid scale {}", filter.name, s));
  return q.scale;
}

int32_t conv_out_size(ir::Padding padding, int32_t in, int32_t filter, int32_t stride,
                      int32_t dilation) {
  const int64_t effective = (static_cast<int64_t>(filter) - 1) * dilation + 1;
  if (stride <= 0) return 0;
  const int64_t out = padding == ir::Padding::Same ? (in + stride - 1) / stride
                                                   : (in + stride - effective) / stride;
  return static_cast<int32_t>(out > 0 ? out : 0);
}

int32_t conv_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out) {
  const int64_t effective = (static_cast<int64_t>(filter) - 1) * dilation + 1;
  const int64_t pad = ((static_cast<int64_t>(out) - 1) * stride + effective - in) / 2;
  return static_cast<int32_t>(pad > 0 ? pad : 0);
}

Padding2D window_padding(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& out,
                         ir::Padding padding, int32_t filter_h, int32_t filter_w,
                         int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                         int32_t dilation_w) {
  constexpr int32_t kMaxExtent = 1 << 24;  // the runtime glue's limit
  for (int32_t v : {stride_h, stride_w, dilation_h, dilation_w, filter_h, filter_w})
    if (v < 1 || v > kMaxExtent)
      malformed(ref, fmt::format("stride/dilation/filter size {} out of range", v));
  const int32_t out_h = conv_out_size(padding, in.shape[1], filter_h, stride_h, dilation_h);
  const int32_t out_w = conv_out_size(padding, in.shape[2], filter_w, stride_w, dilation_w);
  if (out.shape[1] != out_h || out.shape[2] != out_w)
    malformed(ref, fmt::format("output shape {} does not match input {} (expected {}x{})",
                               shape_str(out.shape), shape_str(in.shape), out_h, out_w));
  if (out.shape[0] != in.shape[0])
    malformed(ref, fmt::format("batch {} of the output differs from the input's {}",
                               out.shape[0], in.shape[0]));
  return {conv_padding(stride_h, dilation_h, in.shape[1], filter_h, out_h),
          conv_padding(stride_w, dilation_w, in.shape[2], filter_w, out_w)};
}

}  // namespace mlonmcu::ops::compute
