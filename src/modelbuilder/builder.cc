#include "modelbuilder/builder.h"

#include <cmath>
#include <cstring>
#include <numeric>

#include "common/error.h"

namespace mlonmcu::modelbuilder {

uint64_t Rng::next() {
  state_ += 0x9e3779b97f4a7c15ULL;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

int32_t Rng::uniform_int(int32_t lo, int32_t hi) {
  const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo + 1);
  return static_cast<int32_t>(lo + static_cast<int64_t>(next() % span));
}

float Rng::uniform_float(float lo, float hi) {
  const double unit = static_cast<double>(next() >> 40) / static_cast<double>(1ULL << 24);
  return static_cast<float>(lo + (hi - lo) * unit);
}

ir::Quantization per_tensor(float scale, int64_t zero_point) {
  ir::Quantization q;
  q.scale = {scale};
  q.zero_point = {zero_point};
  return q;
}

int32_t window_output_size(int32_t in, int32_t filter, int32_t stride, int32_t dilation,
                           ir::Padding padding) {
  const int32_t effective = (filter - 1) * dilation + 1;
  if (padding == ir::Padding::Same) return (in + stride - 1) / stride;
  return (in - effective + stride) / stride;
}

GraphBuilder::GraphBuilder(std::string name, uint64_t seed) : rng_(seed) {
  graph_.name = std::move(name);
}

const ir::Tensor& GraphBuilder::tensor(int32_t index) const {
  if (index < 0 || static_cast<size_t>(index) >= graph_.tensors.size()) {
    throw Error(ErrorKind::Internal, "GraphBuilder: no tensor " + std::to_string(index));
  }
  return graph_.tensors[static_cast<size_t>(index)];
}

std::string GraphBuilder::next_name(const std::string& kind) {
  return kind + "_" + std::to_string(counter_++);
}

int32_t GraphBuilder::add_tensor(const std::string& name, ir::DType dtype,
                                 std::vector<int32_t> shape, ir::Quantization quant) {
  ir::Tensor t;
  t.name = name;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.quant = std::move(quant);
  graph_.tensors.push_back(std::move(t));
  return static_cast<int32_t>(graph_.tensors.size() - 1);
}

int32_t GraphBuilder::add_const(const std::string& name, ir::DType dtype,
                                std::vector<int32_t> shape, std::vector<uint8_t> data,
                                ir::Quantization quant) {
  const int32_t index = add_tensor(name, dtype, std::move(shape), std::move(quant));
  ir::Tensor& t = graph_.tensors.back();
  if (static_cast<int64_t>(data.size()) != t.num_bytes()) {
    throw Error(ErrorKind::Internal, "GraphBuilder: constant '" + name + "' has " +
                                         std::to_string(data.size()) + " bytes, shape needs " +
                                         std::to_string(t.num_bytes()));
  }
  t.data = std::move(data);
  return index;
}

template <typename T>
static std::vector<uint8_t> to_bytes(const std::vector<T>& values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

int32_t GraphBuilder::add_const_int8(const std::string& name, std::vector<int32_t> shape,
                                     const std::vector<int8_t>& values, ir::Quantization quant) {
  return add_const(name, ir::DType::Int8, std::move(shape), to_bytes(values), std::move(quant));
}

int32_t GraphBuilder::add_const_int32(const std::string& name, std::vector<int32_t> shape,
                                      const std::vector<int32_t>& values, ir::Quantization quant) {
  return add_const(name, ir::DType::Int32, std::move(shape), to_bytes(values), std::move(quant));
}

int32_t GraphBuilder::add_const_float(const std::string& name, std::vector<int32_t> shape,
                                      const std::vector<float>& values) {
  return add_const(name, ir::DType::Float32, std::move(shape), to_bytes(values));
}

void GraphBuilder::add_op(ir::OpType type, std::vector<int32_t> inputs,
                          std::vector<int32_t> outputs, ir::Options options,
                          std::string type_name) {
  ir::Operator op;
  op.type = type;
  op.type_name = type_name.empty() ? ir::op_type_name(type) : std::move(type_name);
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  op.options = std::move(options);
  graph_.ops.push_back(std::move(op));
}

int32_t GraphBuilder::input(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                            ir::Quantization quant) {
  const int32_t t = add_tensor(name, dtype, std::move(shape), std::move(quant));
  add_input(t);
  return t;
}

std::pair<int32_t, int32_t> GraphBuilder::make_weights(const std::string& base,
                                                       const ir::Tensor& x,
                                                       std::vector<int32_t> shape, int32_t axis,
                                                       int32_t channels) {
  int64_t count = 1;
  for (int32_t d : shape) count *= d;
  const int64_t fan_in = count / channels;
  if (x.dtype == ir::DType::Float32) {
    const float limit = std::sqrt(3.0f / static_cast<float>(fan_in));
    std::vector<float> w(static_cast<size_t>(count));
    for (float& v : w) v = rng_.uniform_float(-limit, limit);
    std::vector<float> b(static_cast<size_t>(channels));
    for (float& v : b) v = rng_.uniform_float(-0.1f, 0.1f);
    const int32_t wi = add_const_float(base + "/weights", std::move(shape), w);
    return {wi, add_const_float(base + "/bias", {channels}, b)};
  }
  // int8: per-channel symmetric weights, int32 bias at scale x_scale * w_scale[c].
  ir::Quantization wq;
  wq.axis = axis;
  for (int32_t c = 0; c < channels; ++c) {
    wq.scale.push_back(rng_.uniform_float(0.004f, 0.012f));
    wq.zero_point.push_back(0);
  }
  std::vector<int8_t> w(static_cast<size_t>(count));
  for (int8_t& v : w) v = static_cast<int8_t>(rng_.uniform_int(-127, 127));
  const float x_scale = x.quant.empty() ? 1.0f : x.quant.scale[0];
  ir::Quantization bq;
  std::vector<int32_t> b(static_cast<size_t>(channels));
  const auto bias_limit = static_cast<int32_t>(1350.0 * std::sqrt(static_cast<double>(fan_in)));
  for (int32_t c = 0; c < channels; ++c) {
    bq.scale.push_back(x_scale * wq.scale[static_cast<size_t>(c)]);
    bq.zero_point.push_back(0);
    b[static_cast<size_t>(c)] = rng_.uniform_int(-bias_limit, bias_limit);
  }
  const int32_t wi = add_const_int8(base + "/weights", std::move(shape), w, std::move(wq));
  return {wi, add_const_int32(base + "/bias", {channels}, b, std::move(bq))};
}

ir::Quantization GraphBuilder::auto_output_quant(const ir::Tensor& x, int32_t weights,
                                                 int64_t fan_in, ir::Activation act) const {
  if (x.dtype == ir::DType::Float32) return {};
  const auto& ws = tensor(weights).quant.scale;
  const double mean_w = std::accumulate(ws.begin(), ws.end(), 0.0) / static_cast<double>(ws.size());
  const double x_scale = x.quant.empty() ? 1.0 : x.quant.scale[0];
  // Accumulator spread ~ sqrt(fan_in) * rms(x) * rms(w); aim for ~40 LSB of int8 per sigma.
  double scale = 150.0 * std::sqrt(static_cast<double>(fan_in)) * x_scale * mean_w;
  const bool non_negative = act == ir::Activation::Relu || act == ir::Activation::Relu6;
  if (non_negative) scale *= 0.5;  // only half the distribution survives: use the full range
  return per_tensor(static_cast<float>(scale), non_negative ? -128 : 0);
}

int32_t GraphBuilder::conv2d(int32_t x, int32_t out_channels, int32_t kernel_h, int32_t kernel_w,
                             int32_t stride, ir::Padding padding, ir::Activation act,
                             std::optional<ir::Quantization> out_quant, int32_t groups) {
  const ir::Tensor in = tensor(x);
  const std::string base = next_name("conv");
  // A grouped convolution: the filter's depth is one group's share of the input channels.
  if (groups < 1 || in.shape.at(3) % groups != 0 || out_channels % groups != 0)
    throw Error(ErrorKind::Internal, "GraphBuilder::conv2d: groups do not divide the channels");
  const int32_t cin = in.shape.at(3) / groups;
  auto [w, b] = make_weights(base, in, {out_channels, kernel_h, kernel_w, cin}, 0, out_channels);
  const int32_t oh = window_output_size(in.shape[1], kernel_h, stride, 1, padding);
  const int32_t ow = window_output_size(in.shape[2], kernel_w, stride, 1, padding);
  auto q = out_quant ? *out_quant
                     : auto_output_quant(in, w, int64_t{kernel_h} * kernel_w * cin, act);
  const int32_t out = add_tensor(base, in.dtype, {in.shape[0], oh, ow, out_channels}, q);
  ir::Conv2DOptions o;
  o.padding = padding;
  o.stride_w = o.stride_h = stride;
  o.activation = act;
  add_op(ir::OpType::Conv2D, {x, w, b}, {out}, o);
  return out;
}

int32_t GraphBuilder::depthwise_conv2d(int32_t x, int32_t kernel_h, int32_t kernel_w,
                                       int32_t stride, ir::Padding padding, ir::Activation act,
                                       std::optional<ir::Quantization> out_quant) {
  const ir::Tensor in = tensor(x);
  const std::string base = next_name("dwconv");
  const int32_t c = in.shape.at(3);
  auto [w, b] = make_weights(base, in, {1, kernel_h, kernel_w, c}, 3, c);
  const int32_t oh = window_output_size(in.shape[1], kernel_h, stride, 1, padding);
  const int32_t ow = window_output_size(in.shape[2], kernel_w, stride, 1, padding);
  auto q = out_quant ? *out_quant : auto_output_quant(in, w, int64_t{kernel_h} * kernel_w, act);
  const int32_t out = add_tensor(base, in.dtype, {in.shape[0], oh, ow, c}, q);
  ir::DepthwiseConv2DOptions o;
  o.padding = padding;
  o.stride_w = o.stride_h = stride;
  o.depth_multiplier = 1;
  o.activation = act;
  add_op(ir::OpType::DepthwiseConv2D, {x, w, b}, {out}, o);
  return out;
}

int32_t GraphBuilder::fully_connected(int32_t x, int32_t units, ir::Activation act,
                                      std::optional<ir::Quantization> out_quant) {
  const ir::Tensor in = tensor(x);
  const std::string base = next_name("fc");
  const int32_t depth = in.shape.back();
  const auto batch = static_cast<int32_t>(in.num_elements() / depth);
  auto [w, b] = make_weights(base, in, {units, depth}, 0, units);
  auto q = out_quant ? *out_quant : auto_output_quant(in, w, depth, act);
  const int32_t out = add_tensor(base, in.dtype, {batch, units}, q);
  ir::FullyConnectedOptions o;
  o.activation = act;
  add_op(ir::OpType::FullyConnected, {x, w, b}, {out}, o);
  return out;
}

int32_t GraphBuilder::pool(ir::OpType type, int32_t x, int32_t filter, int32_t stride,
                           ir::Padding padding) {
  const ir::Tensor in = tensor(x);
  const std::string base = next_name(type == ir::OpType::AveragePool2D ? "avgpool" : "maxpool");
  const int32_t oh = window_output_size(in.shape.at(1), filter, stride, 1, padding);
  const int32_t ow = window_output_size(in.shape.at(2), filter, stride, 1, padding);
  // TFLite's int8 pooling keeps the input's quantization.
  const int32_t out = add_tensor(base, in.dtype, {in.shape[0], oh, ow, in.shape[3]}, in.quant);
  ir::Pool2DOptions o;
  o.padding = padding;
  o.stride_w = o.stride_h = stride;
  o.filter_w = o.filter_h = filter;
  add_op(type, {x}, {out}, o);
  return out;
}

int32_t GraphBuilder::average_pool(int32_t x, int32_t filter, int32_t stride, ir::Padding padding) {
  return pool(ir::OpType::AveragePool2D, x, filter, stride, padding);
}

int32_t GraphBuilder::max_pool(int32_t x, int32_t filter, int32_t stride, ir::Padding padding) {
  return pool(ir::OpType::MaxPool2D, x, filter, stride, padding);
}

int32_t GraphBuilder::add(int32_t a, int32_t b, ir::Activation act,
                          std::optional<ir::Quantization> out_quant) {
  const ir::Tensor ta = tensor(a);
  const ir::Tensor tb = tensor(b);
  if (ta.shape != tb.shape || ta.dtype != tb.dtype) {
    throw Error(ErrorKind::Internal, "GraphBuilder::add: operands differ in shape or dtype");
  }
  ir::Quantization q;
  if (out_quant) {
    q = *out_quant;
  } else if (!ta.quant.empty() && !tb.quant.empty()) {
    // The sum of two values spans up to twice the wider operand's range.
    const bool non_negative = act == ir::Activation::Relu || act == ir::Activation::Relu6;
    q = per_tensor(2.0f * std::max(ta.quant.scale[0], tb.quant.scale[0]) * (non_negative ? 0.5f : 1.0f),
                   non_negative ? -128 : 0);
  }
  const int32_t out = add_tensor(next_name("add"), ta.dtype, ta.shape, q);
  ir::ElementwiseOptions o;
  o.activation = act;
  add_op(ir::OpType::Add, {a, b}, {out}, o);
  return out;
}

int32_t GraphBuilder::softmax(int32_t x, float beta) {
  const ir::Tensor in = tensor(x);
  // TFLite requires int8 softmax outputs at scale 1/256, zero point -128.
  ir::Quantization q;
  if (in.dtype == ir::DType::Int8) q = per_tensor(1.0f / 256.0f, -128);
  const int32_t out = add_tensor(next_name("softmax"), in.dtype, in.shape, q);
  add_op(ir::OpType::Softmax, {x}, {out}, ir::SoftmaxOptions{beta});
  return out;
}

int32_t GraphBuilder::reshape(int32_t x, std::vector<int32_t> new_shape) {
  const ir::Tensor in = tensor(x);
  const std::string base = next_name("reshape");
  const int32_t shape_tensor = add_const_int32(base + "/shape", {static_cast<int32_t>(new_shape.size())}, new_shape);
  // The output tensor gets the concrete shape; one -1 in new_shape takes what is left.
  std::vector<int32_t> out_shape = new_shape;
  int64_t known = 1;
  for (int32_t d : new_shape) known *= d == -1 ? 1 : d;
  for (int32_t& d : out_shape) {
    if (d == -1) d = static_cast<int32_t>(known > 0 ? in.num_elements() / known : 0);
  }
  const int32_t out = add_tensor(base, in.dtype, out_shape, in.quant);
  add_op(ir::OpType::Reshape, {x, shape_tensor}, {out}, ir::ReshapeOptions{new_shape});
  return out;
}

}  // namespace mlonmcu::modelbuilder
