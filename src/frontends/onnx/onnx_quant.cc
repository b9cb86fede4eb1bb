// Quantized ONNX. QOperator: QLinearConv, QLinearMatMul, QuantizeLinear, DequantizeLinear map
// to int8 IR ops whose `requant` is FloatHalfEven (ONNX's float-scale rounding, not TFLite's
// fixed point). QDQ: DequantizeLinear of a constant is folded at import (and remembered), a
// Conv between DequantizeLinear inputs and a single QuantizeLinear becomes the same integer
// conv QLinearConv would be (what onnxruntime's QDQ fusion does); every other float op between
// Q/DQ pairs runs in float, exactly as the ONNX graph says. Activations are int8 only.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>

#include "frontends/onnx/onnx_convert.h"

namespace mlonmcu::frontends::onnx_import {

namespace {

constexpr auto kOnnxRounding = ir::Requantization::FloatHalfEven;

ir::Tensor& tensor(Importer& im, int32_t i) { return im.graph().tensors[static_cast<size_t>(i)]; }

// Scale and zero point inputs (constants): per tensor, or per `channels` along an axis.
ir::Quantization qparams(Importer& im, const onnx::NodeProto& node, int scale_k, int zp_k) {
  const Constant& s = im.constant(node, scale_k, "scale");
  const Constant* z = im.optional_constant(node, zp_k, "zero point");
  if (!z || z->dtype == ir::DType::UInt8)
    im.unsupported(node, "uint8 quantization (MLonMCU's kernels are int8; quantize with int8 activations and weights)");
  if (z->dtype != ir::DType::Int8 && z->dtype != ir::DType::Int32)
    im.unsupported(node, fmt::format("zero point of type {}", dtype_name(z->dtype)));
  ir::Quantization q;
  q.scale = s.floats();
  q.zero_point = z->ints();
  if (q.scale.empty() || q.scale.size() != q.zero_point.size()) im.malformed(node, "scale and zero point sizes differ");
  for (float v : q.scale)
    if (!(v > 0.0f) || !std::isfinite(v)) im.malformed(node, fmt::format("scale {} is not a positive number", v));
  return q;
}

ir::Quantization per_tensor(Importer& im, const onnx::NodeProto& node, int scale_k, int zp_k) {
  ir::Quantization q = qparams(im, node, scale_k, zp_k);
  if (q.scale.size() != 1) im.unsupported(node, "per-axis quantization of an activation");
  return q;
}

// Gives an int8 value the quantization an op reads it with. A value already bound to other
// parameters is reinterpreted through a view (same bytes, other scale).
int32_t bind(Importer& im, const onnx::NodeProto& node, int32_t x, const ir::Quantization& q) {
  ir::Tensor& t = tensor(im, x);
  if (t.dtype != ir::DType::Int8) im.unsupported(node, fmt::format("{} activations (int8 expected)", dtype_name(t.dtype)));
  if (t.quant.empty()) {
    // Also the graph input behind the importer's layout transpose.
    for (int32_t cur = x;;) {
      tensor(im, cur).quant = q;
      const ir::Operator* from = nullptr;
      for (const auto& op : im.graph().ops)
        if (!op.outputs.empty() && op.outputs[0] == cur && op.type == ir::OpType::Transpose) from = &op;
      if (!from || !tensor(im, from->inputs[0]).quant.empty()) break;
      cur = from->inputs[0];
    }
    return x;
  }
  if (t.quant.scale == q.scale && t.quant.zero_point == q.zero_point) return x;
  ir::ReshapeOptions o;
  o.new_shape = t.shape;
  const int32_t view = im.add_temp(t.name + "_as_" + node.name(), ir::DType::Int8, o.new_shape, q);  // t dies here
  im.add_op(ir::OpType::Reshape, {x}, {view}, o, node);
  return view;
}

void symmetric(Importer& im, const onnx::NodeProto& node, const ir::Quantization& wq) {
  for (int64_t z : wq.zero_point)
    if (z != 0) im.unsupported(node, "weights with a non-zero zero point (only symmetric int8 weights are supported)");
}

// --- constants behind DequantizeLinear (QDQ weights and biases) ---

void dequantize_linear(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"axis"});
  const std::string x_name = Importer::input_name(node, 0);
  if (im.is_constant(x_name)) {
    const Constant& c = im.constant(node, 0, "x");
    ir::Quantization q = qparams(im, node, 1, 2);
    const std::vector<int64_t> v = c.ints();
    int64_t axis = im.attr_int(node, "axis", 1);
    if (axis < 0) axis += static_cast<int64_t>(c.dims.size());
    int64_t inner = 1;
    if (q.scale.size() > 1) {
      if (axis < 0 || axis >= static_cast<int64_t>(c.dims.size()) || c.dims[static_cast<size_t>(axis)] != static_cast<int64_t>(q.scale.size()))
        im.malformed(node, "per-axis scales do not match the axis");
      for (size_t d = static_cast<size_t>(axis) + 1; d < c.dims.size(); ++d) inner *= c.dims[d];
    }
    std::vector<float> f(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
      const size_t ch = q.scale.size() == 1 ? 0 : static_cast<size_t>((static_cast<int64_t>(i) / inner) % static_cast<int64_t>(q.scale.size()));
      f[i] = static_cast<float>(v[i] - q.zero_point[ch]) * q.scale[ch];
    }
    Constant out;
    out.dtype = ir::DType::Float32;
    out.dims = c.dims;
    out.bytes = float_bytes(f);
    im.define_constant(node.output(0), out);
    q.axis = static_cast<int32_t>(axis);
    im.define_quantized_constant(node.output(0), {c, q});
    return;
  }
  const int32_t x = bind(im, node, im.value(node, 0), per_tensor(im, node, 1, 2));
  const int32_t out = im.add_output(node, 0, ir::DType::Float32);
  im.add_op(ir::OpType::Dequantize, {x}, {out}, ir::NoOptions{}, node);
}

void quantize_linear(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"axis"});
  const int32_t x = im.value(node, 0);
  if (tensor(im, x).dtype != ir::DType::Float32) im.unsupported(node, "input is not float32");
  const int32_t out = im.add_output(node, 0, ir::DType::Int8, per_tensor(im, node, 1, 2));
  im.add_op(ir::OpType::Quantize, {x}, {out}, ir::NoOptions{}, node, kOnnxRounding);
}

void qlinear_conv(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"});
  const int32_t x = bind(im, node, im.value(node, 0), per_tensor(im, node, 1, 2));
  const Constant& w = im.constant(node, 3, "weight");
  if (w.dtype != ir::DType::Int8) im.unsupported(node, fmt::format("{} weights (int8 expected)", dtype_name(w.dtype)));
  LayerQuant q{qparams(im, node, 4, 5), per_tensor(im, node, 6, 7), kOnnxRounding};
  symmetric(im, node, q.weight);
  emit_conv(im, node, x, w, im.optional_constant(node, 8, "bias"), ir::DType::Int8, q);
}

void qlinear_matmul(Importer& im, const onnx::NodeProto& node) {
  im.expect_attrs(node, {});
  const int32_t x = bind(im, node, im.value(node, 0), per_tensor(im, node, 1, 2));
  const Constant& b = im.constant(node, 3, "b");
  if (b.dtype != ir::DType::Int8 || b.dims.size() != 2) im.unsupported(node, "b must be a 2-D int8 constant");
  LayerQuant q{qparams(im, node, 4, 5), per_tensor(im, node, 6, 7), kOnnxRounding};
  symmetric(im, node, q.weight);
  const auto k = static_cast<int32_t>(b.dims[0]), n = static_cast<int32_t>(b.dims[1]);
  if (q.weight.scale.size() != 1 && q.weight.scale.size() != static_cast<size_t>(n))
    im.unsupported(node, "b's scales must be per tensor or per output column");
  std::vector<uint8_t> filter(b.bytes.size());
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < k; ++j) filter[static_cast<size_t>(i) * k + j] = b.bytes[static_cast<size_t>(j) * n + i];
  emit_fully_connected(im, node, x, ir::DType::Int8, n, k, std::move(filter), std::nullopt, ir::DType::Int8, q);
}

// The QDQ frame of a node: input 0 from DequantizeLinear of a run-time int8 value, and the
// output read only by one QuantizeLinear. nullptr when the node is not framed so.
struct QdqFrame {
  const onnx::NodeProto* dq = nullptr;
  const onnx::NodeProto* q = nullptr;
};

std::optional<QdqFrame> qdq_frame(Importer& im, const onnx::NodeProto& node) {
  const onnx::NodeProto* dq = im.producer(Importer::input_name(node, 0));
  const auto readers = im.consumers(node.output(0));
  if (!dq || dq->op_type() != "DequantizeLinear" || im.is_constant(Importer::input_name(*dq, 0)) ||
      readers.size() != 1 || im.readers(node.output(0)) != 1 || readers[0]->op_type() != "QuantizeLinear")
    return std::nullopt;
  return QdqFrame{dq, readers[0]};
}

// Integer weights (and bias) behind DequantizeLinear that an integer op can use as they are:
// symmetric weights, per tensor or per channel along `axis`; a bias at input * weight scale.
bool integer_weights(const QuantizedConstant* w, int32_t axis, const QuantizedConstant* b,
                     const std::string& b_name, float x_scale) {
  if (!w || w->data.dtype != ir::DType::Int8 || (!b_name.empty() && (!b || b->data.dtype != ir::DType::Int32)))
    return false;
  for (int64_t z : w->quant.zero_point)
    if (z != 0) return false;
  if (w->quant.scale.size() > 1 && w->quant.axis != axis) return false;
  if (!b) return true;
  for (size_t c = 0; c < b->quant.scale.size(); ++c) {
    const float want = x_scale * w->quant.scale[w->quant.scale.size() == 1 ? 0 : c];
    if (b->quant.zero_point[c] != 0 || std::fabs(b->quant.scale[c] - want) > 1e-6f * want) return false;
  }
  return b->quant.scale.size() == 1 || b->quant.scale.size() == static_cast<size_t>(b->data.elements());
}

// DequantizeLinear → Conv → QuantizeLinear: the integer conv QLinearConv would be (what
// onnxruntime's QDQ fusion does).
bool fold_qdq_conv(Importer& im, const onnx::NodeProto& node) {
  const auto frame = qdq_frame(im, node);
  if (!frame) return false;
  const std::string b_name = Importer::input_name(node, 2);
  const QuantizedConstant* w = im.quantized_constant(Importer::input_name(node, 1));
  const QuantizedConstant* b = b_name.empty() ? nullptr : im.quantized_constant(b_name);
  const ir::Quantization xq = per_tensor(im, *frame->dq, 1, 2);
  if (!integer_weights(w, 0, b, b_name, xq.scale[0])) return false;
  const int32_t x = bind(im, node, im.value(*frame->dq, 0), xq);
  LayerQuant q{w->quant, per_tensor(im, *frame->q, 1, 2), kOnnxRounding};
  q.weight.axis = 0;
  im.alias(*frame->q, 0, emit_conv(im, node, x, w->data, b ? &b->data : nullptr, ir::DType::Int8, q));
  im.consume(*frame->q);
  return true;
}

// DequantizeLinear → Gemm / MatMul (constant B) → QuantizeLinear: an integer fully connected
// layer, as QLinearMatMul (plus the bias) computes it.
bool fold_qdq_matmul(Importer& im, const onnx::NodeProto& node) {
  const auto frame = qdq_frame(im, node);
  if (!frame) return false;
  const bool gemm = node.op_type() == "Gemm";
  if (gemm && (im.attr_int(node, "transA", 0) != 0 || im.attr_float(node, "alpha", 1.0f) != 1.0f ||
               im.attr_float(node, "beta", 1.0f) != 1.0f))
    return false;
  const bool trans_b = gemm && im.attr_int(node, "transB", 0) != 0;
  const std::string b_name = gemm ? Importer::input_name(node, 2) : std::string();
  const QuantizedConstant* w = im.quantized_constant(Importer::input_name(node, 1));
  const QuantizedConstant* b = b_name.empty() ? nullptr : im.quantized_constant(b_name);
  const ir::Quantization xq = per_tensor(im, *frame->dq, 1, 2);
  if (!w || w->data.dims.size() != 2 || !integer_weights(w, trans_b ? 0 : 1, b, b_name, xq.scale[0])) return false;
  const auto n = static_cast<int32_t>(trans_b ? w->data.dims[0] : w->data.dims[1]);
  const auto k = static_cast<int32_t>(trans_b ? w->data.dims[1] : w->data.dims[0]);
  if (b && b->data.elements() != n) return false;
  std::vector<uint8_t> filter(w->data.bytes.size());
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < k; ++j)
      filter[static_cast<size_t>(i) * k + j] = w->data.bytes[trans_b ? static_cast<size_t>(i) * k + j : static_cast<size_t>(j) * n + i];
  const int32_t x = bind(im, node, im.value(*frame->dq, 0), xq);
  LayerQuant q{w->quant, per_tensor(im, *frame->q, 1, 2), kOnnxRounding};
  q.weight.axis = 0;
  std::optional<std::vector<uint8_t>> bias;
  if (b) bias = b->data.bytes;
  im.alias(*frame->q, 0, emit_fully_connected(im, node, x, ir::DType::Int8, n, k, std::move(filter), bias, ir::DType::Int8, q));
  im.consume(*frame->q);
  return true;
}

// DequantizeLinear → MaxPool / Reshape / Flatten / Transpose → QuantizeLinear with the same scale and zero
// point on both sides moves no value off the int8 grid: the op runs on the int8 data.
bool fold_qdq_passthrough(Importer& im, const onnx::NodeProto& node) {
  const auto frame = qdq_frame(im, node);
  if (!frame) return false;
  const ir::Quantization in_q = per_tensor(im, *frame->dq, 1, 2), out_q = per_tensor(im, *frame->q, 1, 2);
  if (in_q.scale != out_q.scale || in_q.zero_point != out_q.zero_point) return false;
  const int32_t x = bind(im, node, im.value(*frame->dq, 0), in_q);
  if (node.op_type() == "MaxPool") {
    im.expect_attrs(node, {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"});
    emit_pool(im, node, ir::OpType::MaxPool2D, x, false, in_q);
  } else if (node.op_type() == "Transpose") {
    emit_transpose(im, node, x);
  } else {
    emit_reshape(im, node, x);
  }
  im.alias(*frame->q, 0, im.value(*frame->q, 0));
  im.consume(*frame->q);
  return true;
}

void conv_or_qdq(Importer& im, const onnx::NodeProto& node) {
  if (!fold_qdq_conv(im, node)) find_converter(node.op_type())(im, node);
}
void matmul_or_qdq(Importer& im, const onnx::NodeProto& node) {
  if (!fold_qdq_matmul(im, node)) find_converter(node.op_type())(im, node);
}
void passthrough_or_qdq(Importer& im, const onnx::NodeProto& node) {
  if (!fold_qdq_passthrough(im, node)) find_converter(node.op_type())(im, node);
}

}  // namespace

Converter find_quant_converter(const std::string& op_type) {
  static const std::map<std::string, Converter> table = {
      {"QuantizeLinear", quantize_linear}, {"DequantizeLinear", dequantize_linear},
      {"QLinearConv", qlinear_conv}, {"QLinearMatMul", qlinear_matmul}, {"Conv", conv_or_qdq},
      {"Gemm", matmul_or_qdq}, {"MatMul", matmul_or_qdq}, {"MaxPool", passthrough_or_qdq},
      {"Reshape", passthrough_or_qdq}, {"Flatten", passthrough_or_qdq}, {"Transpose", passthrough_or_qdq},
  };
  const auto it = table.find(op_type);
  return it == table.end() ? nullptr : it->second;
}

}  // namespace mlonmcu::frontends::onnx_import
