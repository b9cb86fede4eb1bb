// Converters of the float ONNX ops (and the layout-only ops any dtype goes through), and the
// table from op type to converter. Adding an op = one function + one table line.
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <map>

#include "frontends/onnx/onnx_convert.h"

namespace mlonmcu::frontends::onnx_import {

namespace {

const ir::Tensor& t(Importer& im, int32_t index) { return im.graph().tensors[static_cast<size_t>(index)]; }

void expect_float(Importer& im, const onnx::NodeProto& node, int32_t x) {
  if (t(im, x).dtype != ir::DType::Float32)
    im.unsupported(node, fmt::format("input of type {} (float32 expected; quantized models use QLinear ops or Q/DQ pairs)",
                                     dtype_name(t(im, x).dtype)));
}

void conv(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  const Constant& w = im.constant(node, 1, "weight");
  if (w.dtype != ir::DType::Float32) im.unsupported(node, "float input with non-float weights");
  emit_conv(im, node, x, w, im.optional_constant(node, 2, "bias"), ir::DType::Float32, {});
}

void gemm(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"alpha", "beta", "transA", "transB"});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  if (im.attr_int(node, "transA", 0) != 0) im.unsupported(node, "transA=1 is not supported");
  const Constant& b = im.constant(node, 1, "B");
  if (b.dims.size() != 2 || b.dtype != ir::DType::Float32) im.unsupported(node, "B must be a 2-D float constant");
  const bool trans_b = im.attr_int(node, "transB", 0) != 0;
  const float alpha = im.attr_float(node, "alpha", 1.0f), beta = im.attr_float(node, "beta", 1.0f);
  const auto n = static_cast<int32_t>(trans_b ? b.dims[0] : b.dims[1]);
  const auto k = static_cast<int32_t>(trans_b ? b.dims[1] : b.dims[0]);
  const std::vector<float> bv = b.floats();
  std::vector<float> filter(bv.size());
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < k; ++j)
      filter[static_cast<size_t>(i) * k + j] = alpha * bv[trans_b ? static_cast<size_t>(i) * k + j : static_cast<size_t>(j) * n + i];
  std::optional<std::vector<uint8_t>> bias;
  if (const Constant* c = im.optional_constant(node, 2, "C")) {
    const std::vector<float> cv = c->floats();
    if (cv.size() != static_cast<size_t>(n) && cv.size() != 1)
      im.unsupported(node, "C must broadcast as one value per output column");
    std::vector<float> bvec(static_cast<size_t>(n));
    for (int32_t i = 0; i < n; ++i) bvec[static_cast<size_t>(i)] = beta * cv[cv.size() == 1 ? 0 : static_cast<size_t>(i)];
    bias = float_bytes(bvec);
  }
  emit_fully_connected(im, node, x, ir::DType::Float32, n, k, float_bytes(filter), bias, ir::DType::Float32, {});
}

void matmul(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  const Constant& b = im.constant(node, 1, "B");
  if (b.dims.size() != 2 || b.dtype != ir::DType::Float32) im.unsupported(node, "B must be a 2-D float constant");
  const auto k = static_cast<int32_t>(b.dims[0]), n = static_cast<int32_t>(b.dims[1]);
  const std::vector<float> bv = b.floats();
  std::vector<float> filter(bv.size());
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < k; ++j) filter[static_cast<size_t>(i) * k + j] = bv[static_cast<size_t>(j) * n + i];
  emit_fully_connected(im, node, x, ir::DType::Float32, n, k, float_bytes(filter), std::nullopt, ir::DType::Float32, {});
}

// Relu / Relu6 right after a float conv or FC that nothing else reads becomes its fused
// activation (what TFLite converters do); otherwise an op of its own.
void activation(Importer& im, const onnx::NodeProto& node, ir::OpType type, ir::Activation fused) {
  const int32_t x = im.value(node, 0);
  ir::Operator* prev = im.last_op_producing(x);
  if (prev && t(im, x).dtype == ir::DType::Float32 && im.readers(Importer::input_name(node, 0)) == 1) {
    ir::Activation* act = nullptr;
    if (auto* o = std::get_if<ir::Conv2DOptions>(&prev->options)) act = &o->activation;
    if (auto* o = std::get_if<ir::DepthwiseConv2DOptions>(&prev->options)) act = &o->activation;
    if (auto* o = std::get_if<ir::FullyConnectedOptions>(&prev->options)) act = &o->activation;
    if (act && *act == ir::Activation::None) {
      *act = fused;
      im.alias(node, 0, x);
      return;
    }
  }
  const int32_t out = im.add_output(node, 0, t(im, x).dtype, t(im, x).quant);
  im.add_op(type, {x}, {out}, ir::NoOptions{}, node);
}

void relu(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {});
  activation(im, node, ir::OpType::Relu, ir::Activation::Relu);
}

void clip(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {});
  const Constant* lo = im.optional_constant(node, 1, "min");
  const Constant* hi = im.optional_constant(node, 2, "max");
  const float min = lo ? lo->floats().at(0) : -std::numeric_limits<float>::infinity();
  const float max = hi ? hi->floats().at(0) : std::numeric_limits<float>::infinity();
  if (min == 0.0f && max == 6.0f) return activation(im, node, ir::OpType::Relu6, ir::Activation::Relu6);
  if (min == 0.0f && std::isinf(max) && max > 0) return activation(im, node, ir::OpType::Relu, ir::Activation::Relu);
  im.unsupported(node, fmt::format("Clip to [{}, {}] (supported: [0, 6] and [0, inf))", min, max));
}

void unary(Importer& im, const onnx::NodeProto& node, ir::OpType type) {
  im.expect_attrs(node, {});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  const int32_t out = im.add_output(node, 0, ir::DType::Float32);
  im.add_op(type, {x}, {out}, ir::NoOptions{}, node);
}
void sigmoid(Importer& im, const onnx::NodeProto& node) { unary(im, node, ir::OpType::Logistic); }
void tanh_op(Importer& im, const onnx::NodeProto& node) { unary(im, node, ir::OpType::Tanh); }

void softmax(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"axis"});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  const size_t rank = im.onnx_dims(Importer::input_name(node, 0)).size();
  int64_t axis = im.attr_int(node, "axis", im.opset() >= 13 ? -1 : 1);
  if (axis < 0) axis += static_cast<int64_t>(rank);
  if (rank == 4 || axis != static_cast<int64_t>(rank) - 1)
    im.unsupported(node, "softmax over an axis other than the last of a rank-2/3 value");
  const int32_t out = im.add_output(node, 0, ir::DType::Float32);
  im.add_op(ir::OpType::Softmax, {x}, {out}, ir::SoftmaxOptions{1.0f}, node);
}

void elementwise(Importer& im, const onnx::NodeProto& node, ir::OpType type) {
  im.expect_attrs(node, {});
  const size_t rank = im.onnx_dims(node.output(0)).size();
  int32_t operands[2];
  for (int k = 0; k < 2; ++k) {
    const std::string name = Importer::input_name(node, k);
    if (im.is_constant(name)) {
      operands[k] = elementwise_constant(im, node, k, rank);
    } else {
      operands[k] = im.value(node, k);
      if (rank == 4 && im.onnx_dims(name).size() != 4)
        im.unsupported(node, "broadcasting a computed value of lower rank against a rank-4 value");
    }
    expect_float(im, node, operands[k]);
  }
  const int32_t out = im.add_output(node, 0, ir::DType::Float32);
  im.add_op(type, {operands[0], operands[1]}, {out}, ir::ElementwiseOptions{}, node);
}
void add(Importer& im, const onnx::NodeProto& node) { elementwise(im, node, ir::OpType::Add); }
void sub(Importer& im, const onnx::NodeProto& node) { elementwise(im, node, ir::OpType::Sub); }
void mul(Importer& im, const onnx::NodeProto& node) { elementwise(im, node, ir::OpType::Mul); }

void max_pool(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"});
  const int32_t x = im.value(node, 0);
  emit_pool(im, node, ir::OpType::MaxPool2D, x, false, t(im, x).quant);
}
void average_pool(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  emit_pool(im, node, ir::OpType::AveragePool2D, x, false, {});
}
void global_average_pool(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {});
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  emit_pool(im, node, ir::OpType::AveragePool2D, x, true, {});
}
void global_max_pool(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {});
  const int32_t x = im.value(node, 0);
  emit_pool(im, node, ir::OpType::MaxPool2D, x, true, t(im, x).quant);
}

void reshape(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"allowzero", "axis", "axes"});  // the inferred output shape decides
  emit_reshape(im, node, im.value(node, 0));
}

void transpose(Importer& im, const onnx::NodeProto& node) { emit_transpose(im, node, im.value(node, 0)); }

void concat(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"axis"});
  std::vector<int32_t> inputs;
  for (int k = 0; k < node.input_size(); ++k) inputs.push_back(im.value(node, k));
  const size_t rank = t(im, inputs.at(0)).shape.size();
  const int32_t axis = ir_axis(im.attr_int(node, "axis", 0), rank);
  const int32_t out = im.add_output(node, 0, t(im, inputs[0]).dtype, t(im, inputs[0]).quant);
  im.add_op(ir::OpType::Concatenation, inputs, {out}, ir::ConcatenationOptions{axis, ir::Activation::None}, node);
}

void pad(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"mode"});
  if (im.attr_string(node, "mode", "constant") != "constant") im.unsupported(node, "only mode=constant is supported");
  const int32_t x = im.value(node, 0);
  const size_t rank = t(im, x).shape.size();
  const std::vector<int64_t> pads = im.constant(node, 1, "pads").ints();
  if (pads.size() != 2 * rank) im.malformed(node, "pads does not have 2 * rank values");
  if (const Constant* v = im.optional_constant(node, 2, "constant_value"); v && v->floats().at(0) != 0.0f)
    im.unsupported(node, "a non-zero constant_value is not supported");
  if (node.input_size() > 3 && !node.input(3).empty()) im.unsupported(node, "the axes input is not supported");
  std::vector<int32_t> ir_pads(2 * rank);
  static constexpr int32_t kToNchw[4] = {0, 2, 3, 1};
  for (size_t i = 0; i < rank; ++i) {
    const size_t d = rank == 4 ? static_cast<size_t>(kToNchw[i]) : i;
    if (pads[d] < 0 || pads[d + rank] < 0) im.unsupported(node, "negative pads (cropping) are not supported");
    ir_pads[2 * i] = static_cast<int32_t>(pads[d]);
    ir_pads[2 * i + 1] = static_cast<int32_t>(pads[d + rank]);
  }
  std::vector<uint8_t> bytes(ir_pads.size() * 4);
  std::memcpy(bytes.data(), ir_pads.data(), bytes.size());
  const int32_t p = im.add_constant(node.name() + "_pads", ir::DType::Int32, {static_cast<int32_t>(rank), 2}, std::move(bytes));
  const int32_t out = im.add_output(node, 0, t(im, x).dtype, t(im, x).quant);
  im.add_op(ir::OpType::Pad, {x, p}, {out}, ir::NoOptions{}, node);
}

// Folded into the float conv before it when nothing else reads the conv's output;
// otherwise a per-channel MUL and ADD.
void batch_norm(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"epsilon", "momentum", "training_mode"});
  if (im.attr_int(node, "training_mode", 0) != 0 || node.output_size() > 1)
    im.unsupported(node, "training mode (running statistics outputs) is not supported");
  const int32_t x = im.value(node, 0);
  expect_float(im, node, x);
  const std::vector<float> scale = im.constant(node, 1, "scale").floats();
  const std::vector<float> bias = im.constant(node, 2, "B").floats();
  const std::vector<float> mean = im.constant(node, 3, "mean").floats();
  const std::vector<float> var = im.constant(node, 4, "var").floats();
  const float eps = im.attr_float(node, "epsilon", 1e-5f);
  const std::vector<int32_t> shape = t(im, x).shape;  // a copy: adding tensors moves the graph's
  const size_t c = static_cast<size_t>(shape.size() == 4 ? shape[3] : shape.size() >= 2 ? shape[1] : 0);
  if (c == 0 || scale.size() != c || bias.size() != c || mean.size() != c || var.size() != c)
    im.malformed(node, "scale, B, mean and var must have one value per channel");
  std::vector<float> a(c), b(c);
  for (size_t i = 0; i < c; ++i) {
    a[i] = scale[i] / std::sqrt(var[i] + eps);
    b[i] = bias[i] - mean[i] * a[i];
  }
  ir::Operator* prev = im.last_op_producing(x);
  if (prev && (prev->type == ir::OpType::Conv2D || prev->type == ir::OpType::DepthwiseConv2D) &&
      im.readers(Importer::input_name(node, 0)) == 1) {
    const bool dw = prev->type == ir::OpType::DepthwiseConv2D;
    const bool act_none = dw ? std::get<ir::DepthwiseConv2DOptions>(prev->options).activation == ir::Activation::None
                             : std::get<ir::Conv2DOptions>(prev->options).activation == ir::Activation::None;
    ir::Tensor& filter = im.graph().tensors[static_cast<size_t>(prev->inputs[1])];
    if (act_none && filter.dtype == ir::DType::Float32) {
      const size_t per = filter.data.size() / 4 / c;
      for (size_t i = 0; i < filter.data.size() / 4; ++i) {
        const size_t ch = dw ? i % c : i / per;
        float v;
        std::memcpy(&v, filter.data.data() + i * 4, 4);
        v *= a[ch];
        std::memcpy(filter.data.data() + i * 4, &v, 4);
      }
      std::vector<float> new_bias = b;
      if (prev->inputs.size() > 2 && prev->inputs[2] >= 0) {
        ir::Tensor& bt = im.graph().tensors[static_cast<size_t>(prev->inputs[2])];
        for (size_t i = 0; i < c; ++i) {
          float v;
          std::memcpy(&v, bt.data.data() + i * 4, 4);
          new_bias[i] = v * a[i] + b[i];
        }
        bt.data = float_bytes(new_bias);
      } else {
        prev->inputs.resize(2);
        prev->inputs.push_back(im.add_constant(node.name() + "_bias", ir::DType::Float32,
                                               {static_cast<int32_t>(c)}, float_bytes(new_bias)));
      }
      im.alias(node, 0, x);
      return;
    }
  }
  if (shape.size() != 4 && shape.size() != 2) im.unsupported(node, "only rank-2 and rank-4 inputs are supported");
  std::vector<int32_t> cshape(shape.size(), 1);
  cshape[shape.size() - 1] = static_cast<int32_t>(c);
  const int32_t ac = im.add_constant(node.name() + "_scale", ir::DType::Float32, cshape, float_bytes(a));
  const int32_t bc = im.add_constant(node.name() + "_shift", ir::DType::Float32, cshape, float_bytes(b));
  const int32_t scaled = im.add_temp(node.name() + "_scaled", ir::DType::Float32, shape);
  im.add_op(ir::OpType::Mul, {x, ac}, {scaled}, ir::ElementwiseOptions{}, node);
  const int32_t out = im.add_output(node, 0, ir::DType::Float32);
  im.add_op(ir::OpType::Add, {scaled, bc}, {out}, ir::ElementwiseOptions{}, node);
}

void identity(Importer& im, const onnx::NodeProto& node) {
  if (node.output_size() > 1 && im.readers(node.output(1)) > 0) im.unsupported(node, "the mask output is not supported");
  im.alias(node, 0, im.value(node, 0));
}

void constant(Importer& im, const onnx::NodeProto& node) {
  for (const auto& a : node.attribute()) {
    if (a.name() == "value" && a.type() == onnx::AttributeProto_AttributeType_TENSOR) {
      im.define_constant(node.output(0), read_tensor_proto(a.t(), node.name()));
      return;
    }
  }
  im.unsupported(node, "only the 'value' tensor attribute is supported");
}

}  // namespace

void emit_transpose(Importer& im, const onnx::NodeProto& node, int32_t x) {
  im.expect_attrs(node, {"perm"});
  const size_t rank = im.graph().tensors[static_cast<size_t>(x)].shape.size();
  std::vector<int64_t> perm = im.attr_ints(node, "perm");
  if (perm.empty())
    for (size_t i = 0; i < rank; ++i) perm.insert(perm.begin(), static_cast<int64_t>(i));
  if (perm.size() != rank) im.malformed(node, "perm does not match the input rank");
  std::vector<int32_t> ir_perm(rank);
  for (size_t i = 0; i < rank; ++i) {
    if (perm[i] < 0 || perm[i] >= static_cast<int64_t>(rank)) im.malformed(node, "perm out of range");
    ir_perm[i] = static_cast<int32_t>(perm[i]);
  }
  if (rank == 4) {  // both sides are NHWC in the IR: compose NHWC→NCHW, perm, NCHW→NHWC
    static constexpr int32_t kToNchw[4] = {0, 2, 3, 1}, kFromNchw[4] = {0, 3, 1, 2};
    for (size_t i = 0; i < 4; ++i) ir_perm[i] = kFromNchw[perm[static_cast<size_t>(kToNchw[i])]];
  }
  im.alias(node, 0, im.transpose(x, ir_perm, node.output(0)));
}

Converter find_converter(const std::string& op_type) {
  static const std::map<std::string, Converter> table = {
      {"Conv", conv}, {"Gemm", gemm}, {"MatMul", matmul}, {"Relu", relu}, {"Clip", clip},
      {"Sigmoid", sigmoid}, {"Tanh", tanh_op}, {"Softmax", softmax}, {"Add", add}, {"Sub", sub},
      {"Mul", mul}, {"MaxPool", max_pool}, {"AveragePool", average_pool},
      {"GlobalAveragePool", global_average_pool}, {"GlobalMaxPool", global_max_pool},
      {"Reshape", reshape}, {"Flatten", reshape}, {"Squeeze", reshape}, {"Unsqueeze", reshape},
      {"Transpose", transpose}, {"Concat", concat}, {"Pad", pad},
      {"BatchNormalization", batch_norm}, {"Identity", identity}, {"Dropout", identity},
      {"Constant", constant},
  };
  const auto it = table.find(op_type);
  return it == table.end() ? nullptr : it->second;
}

}  // namespace mlonmcu::frontends::onnx_import
