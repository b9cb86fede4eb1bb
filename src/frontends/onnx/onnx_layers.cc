// Convolution, fully connected, pooling and reshape layers in IR form (see onnx_convert.h).
#include <fmt/format.h>

#include <cstring>

#include "frontends/onnx/onnx_convert.h"
#include "ir/layout.h"
#include "modelbuilder/builder.h"

namespace mlonmcu::frontends::onnx_import {

namespace {

struct Window {
  int32_t k_h = 1, k_w = 1, stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
  ir::Padding padding = ir::Padding::Valid;
  int32_t pad_t = 0, pad_l = 0, pad_b = 0, pad_r = 0;  // ONNX's pads
  bool pad_op = false;  // the pads are neither SAME nor VALID: a PAD op applies them
  bool any_pads() const { return pad_t || pad_l || pad_b || pad_r; }
};

int32_t tflite_same_total(int32_t in, int32_t k, int32_t s, int32_t d) {
  const int32_t out = (in + s - 1) / s;
  return std::max((out - 1) * s + (k - 1) * d + 1 - in, 0);
}

// Resolves ONNX's auto_pad / pads into TFLite's SAME or VALID where they agree, else into
// explicit pads (a PAD op before a VALID window). The inferred output size must match.
Window resolve_window(Importer& im, const onnx::NodeProto& node, const std::vector<int32_t>& in_nhwc,
                      const std::vector<int32_t>& out_nhwc, int32_t k_h, int32_t k_w) {
  Window w;
  w.k_h = k_h, w.k_w = k_w;
  const auto strides = im.attr_ints(node, "strides");
  const auto dilations = im.attr_ints(node, "dilations");
  if ((!strides.empty() && strides.size() != 2) || (!dilations.empty() && dilations.size() != 2))
    im.unsupported(node, "only 2-D windows are supported");
  if (!strides.empty()) w.stride_h = static_cast<int32_t>(strides[0]), w.stride_w = static_cast<int32_t>(strides[1]);
  if (!dilations.empty()) w.dil_h = static_cast<int32_t>(dilations[0]), w.dil_w = static_cast<int32_t>(dilations[1]);
  if (w.stride_h < 1 || w.stride_w < 1 || w.dil_h < 1 || w.dil_w < 1 || k_h < 1 || k_w < 1)
    im.malformed(node, "strides, dilations and kernel sizes must be positive");
  const int32_t in_h = in_nhwc[1], in_w = in_nhwc[2];
  const std::string auto_pad = im.attr_string(node, "auto_pad", "NOTSET");
  int32_t pt = 0, pl = 0, pb = 0, pr = 0;
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    const int32_t th = tflite_same_total(in_h, k_h, w.stride_h, w.dil_h);
    const int32_t tw = tflite_same_total(in_w, k_w, w.stride_w, w.dil_w);
    const bool upper = auto_pad == "SAME_UPPER";
    pt = upper ? th / 2 : th - th / 2, pb = th - pt;
    pl = upper ? tw / 2 : tw - tw / 2, pr = tw - pl;
  } else if (auto_pad == "NOTSET") {
    const auto pads = im.attr_ints(node, "pads");
    if (!pads.empty() && pads.size() != 4) im.unsupported(node, "only 2-D pads are supported");
    if (!pads.empty()) {
      for (int64_t p : pads)
        if (p < 0 || p > 1024) im.unsupported(node, fmt::format("pad {} is not supported", p));
      pt = static_cast<int32_t>(pads[0]), pl = static_cast<int32_t>(pads[1]);
      pb = static_cast<int32_t>(pads[2]), pr = static_cast<int32_t>(pads[3]);
    }
  } else if (auto_pad != "VALID") {
    im.malformed(node, "unknown auto_pad '" + auto_pad + "'");
  }
  auto out_size = [](int32_t in, int32_t p, int32_t k, int32_t s, int32_t d) {
    return (in + p - ((k - 1) * d + 1)) / s + 1;
  };
  if (out_size(in_h, pt + pb, k_h, w.stride_h, w.dil_h) != out_nhwc[1] ||
      out_size(in_w, pl + pr, k_w, w.stride_w, w.dil_w) != out_nhwc[2])
    im.unsupported(node, "the output size is not floor((in + pads - window) / stride) + 1 (ceil_mode is not supported)");
  const int32_t th = tflite_same_total(in_h, k_h, w.stride_h, w.dil_h);
  const int32_t tw = tflite_same_total(in_w, k_w, w.stride_w, w.dil_w);
  const bool same = pt == th / 2 && pb == th - th / 2 && pl == tw / 2 && pr == tw - tw / 2 &&
                    out_nhwc[1] == (in_h + w.stride_h - 1) / w.stride_h &&
                    out_nhwc[2] == (in_w + w.stride_w - 1) / w.stride_w;
  w.pad_t = pt, w.pad_l = pl, w.pad_b = pb, w.pad_r = pr;
  w.padding = w.any_pads() && same ? ir::Padding::Same : ir::Padding::Valid;
  w.pad_op = w.any_pads() && !same;
  return w;
}

// PAD op in front of a window with explicit pads; int8 pads with the zero point (real 0).
int32_t apply_pads(Importer& im, const onnx::NodeProto& node, int32_t x, const Window& w) {
  const ir::Tensor in = im.graph().tensors[static_cast<size_t>(x)];
  std::vector<int32_t> pads = {0, 0, w.pad_t, w.pad_b, w.pad_l, w.pad_r, 0, 0};
  std::vector<uint8_t> bytes(pads.size() * 4);
  std::memcpy(bytes.data(), pads.data(), bytes.size());
  const int32_t pads_t = im.add_constant(node.name() + "_pads", ir::DType::Int32, {4, 2}, std::move(bytes));
  const int32_t out = im.add_temp(node.name() + "_padded", in.dtype,
                                  {in.shape[0], in.shape[1] + w.pad_t + w.pad_b,
                                   in.shape[2] + w.pad_l + w.pad_r, in.shape[3]},
                                  in.quant);
  im.add_op(ir::OpType::Pad, {x, pads_t}, {out}, ir::NoOptions{}, node);
  return out;
}

const ir::Tensor& tensor_of(Importer& im, int32_t index) {
  return im.graph().tensors[static_cast<size_t>(index)];
}

std::optional<std::vector<uint8_t>> bias_bytes(Importer& im, const onnx::NodeProto& node,
                                               const Constant* bias, ir::DType want, int32_t n) {
  if (!bias) return std::nullopt;
  if (bias->dtype != want) im.unsupported(node, fmt::format("bias of type {} (expected {})", dtype_name(bias->dtype), dtype_name(want)));
  if (bias->elements() != n) im.malformed(node, fmt::format("bias has {} elements for {} outputs", bias->elements(), n));
  return bias->bytes;
}

}  // namespace

std::vector<uint8_t> float_bytes(const std::vector<float>& v) {
  std::vector<uint8_t> out(v.size() * 4);
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

int32_t emit_conv(Importer& im, const onnx::NodeProto& node, int32_t x, const Constant& w,
                  const Constant* bias, ir::DType out_dtype, const LayerQuant& q) {
  const std::vector<int32_t> in = tensor_of(im, x).shape;
  if (in.size() != 4 || w.dims.size() != 4) im.unsupported(node, "only 2-D convolutions (rank-4 input and weights) are supported");
  const int64_t group = im.attr_int(node, "group", 1);
  const auto m = static_cast<int32_t>(w.dims[0]), cg = static_cast<int32_t>(w.dims[1]);
  const auto kh = static_cast<int32_t>(w.dims[2]), kw = static_cast<int32_t>(w.dims[3]);
  if (group < 1 || cg * group != in[3] || m % group != 0)
    im.malformed(node, fmt::format("weights {}x{}x{}x{} do not fit {} input channels in {} groups", m, cg, kh, kw, in[3], group));
  const auto ks = im.attr_ints(node, "kernel_shape");
  if (!ks.empty() && (ks.size() != 2 || ks[0] != kh || ks[1] != kw)) im.malformed(node, "kernel_shape differs from the weights");
  const int32_t out = im.add_output(node, 0, out_dtype, q.output);
  const std::vector<int32_t> out_shape = tensor_of(im, out).shape;
  const Window win = resolve_window(im, node, in, out_shape, kh, kw);
  const int32_t src = win.pad_op ? apply_pads(im, node, x, win) : x;

  const bool depthwise = group > 1 && cg == 1 && group == in[3];
  const std::vector<uint8_t> filter = ir::permute4(w.bytes, {m, cg, kh, kw},
                                                   depthwise ? ir::kMihwToHwm : ir::kNchwToNhwc,
                                                   dtype_size(w.dtype));
  ir::Quantization wq = q.weight;
  wq.axis = depthwise ? 3 : 0;
  const std::vector<int32_t> fshape = depthwise ? std::vector<int32_t>{1, kh, kw, m} : std::vector<int32_t>{m, kh, kw, cg};
  const int32_t f = im.add_constant(node.name() + "_filter", w.dtype, fshape, std::move(filter), wq);
  const ir::DType bias_dtype = w.dtype == ir::DType::Float32 ? ir::DType::Float32 : ir::DType::Int32;
  int32_t b = -1;
  if (auto bytes = bias_bytes(im, node, bias, bias_dtype, m)) {
    ir::Quantization bq;
    if (!q.weight.empty()) {  // int32 bias: scale input * weight, as the kernels assume
      const float in_scale = tensor_of(im, x).quant.scale.at(0);
      for (float s : q.weight.scale) bq.scale.push_back(in_scale * s);
      bq.zero_point.assign(bq.scale.size(), 0);
    }
    b = im.add_constant(node.name() + "_bias", bias_dtype, {m}, std::move(*bytes), bq);
  }
  std::vector<int32_t> inputs = {src, f};
  if (b >= 0) inputs.push_back(b);
  if (depthwise) {
    ir::DepthwiseConv2DOptions o;
    o.padding = win.padding;
    o.stride_h = win.stride_h, o.stride_w = win.stride_w, o.dilation_h = win.dil_h, o.dilation_w = win.dil_w;
    o.depth_multiplier = 1;
    im.add_op(ir::OpType::DepthwiseConv2D, inputs, {out}, o, node, q.requant);
  } else {
    ir::Conv2DOptions o;
    o.padding = win.padding;
    o.stride_h = win.stride_h, o.stride_w = win.stride_w, o.dilation_h = win.dil_h, o.dilation_w = win.dil_w;
    im.add_op(ir::OpType::Conv2D, inputs, {out}, o, node, q.requant);
  }
  return out;
}

int32_t emit_fully_connected(Importer& im, const onnx::NodeProto& node, int32_t x,
                             ir::DType w_dtype, int32_t n, int32_t k, std::vector<uint8_t> filter,
                             std::optional<std::vector<uint8_t>> bias, ir::DType out_dtype,
                             const LayerQuant& q) {
  const ir::Tensor in = tensor_of(im, x);  // a copy: adding tensors moves the graph's
  if (in.shape.size() != 2 || in.shape[1] != k)
    im.unsupported(node, fmt::format("only [batch, {}] inputs are supported (got rank {})", k, in.shape.size()));
  const int32_t f = im.add_constant(node.name() + "_filter", w_dtype, {n, k}, std::move(filter), q.weight);
  std::vector<int32_t> inputs = {x, f};
  if (bias) {
    ir::Quantization bq;
    if (!q.weight.empty()) {
      const float in_scale = in.quant.scale.at(0);
      for (float s : q.weight.scale) bq.scale.push_back(in_scale * s);
      bq.zero_point.assign(bq.scale.size(), 0);
    }
    const ir::DType bias_dtype = w_dtype == ir::DType::Float32 ? ir::DType::Float32 : ir::DType::Int32;
    inputs.push_back(im.add_constant(node.name() + "_bias", bias_dtype, {n}, std::move(*bias), bq));
  }
  const int32_t out = im.add_output(node, 0, out_dtype, q.output);
  im.add_op(ir::OpType::FullyConnected, inputs, {out}, ir::FullyConnectedOptions{}, node, q.requant);
  return out;
}

void emit_pool(Importer& im, const onnx::NodeProto& node, ir::OpType type, int32_t x, bool global,
               const ir::Quantization& out_quant) {
  const ir::Tensor in = tensor_of(im, x);
  if (in.shape.size() != 4) im.unsupported(node, "only 2-D pooling (rank-4 input) is supported");
  int32_t kh = in.shape[1], kw = in.shape[2];
  if (!global) {
    const auto ks = im.attr_ints(node, "kernel_shape");
    if (ks.size() != 2) im.unsupported(node, "only 2-D kernel_shape is supported");
    kh = static_cast<int32_t>(ks[0]), kw = static_cast<int32_t>(ks[1]);
    if (im.attr_int(node, "ceil_mode", 0) != 0) im.unsupported(node, "ceil_mode=1 is not supported");
    if (im.attr_int(node, "storage_order", 0) != 0) im.unsupported(node, "storage_order=1 is not supported");
    if (node.output_size() > 1 && !node.output(1).empty()) im.unsupported(node, "the Indices output is not supported");
    const auto dil = im.attr_ints(node, "dilations");
    for (int64_t d : dil)
      if (d != 1) im.unsupported(node, "dilated pooling is not supported");
  }
  const int32_t out = im.add_output(node, 0, in.dtype, out_quant);
  const std::vector<int32_t> out_shape = tensor_of(im, out).shape;
  Window win;
  if (!global) win = resolve_window(im, node, in.shape, out_shape, kh, kw);
  int32_t src = x;
  const bool include_pad = type == ir::OpType::AveragePool2D && im.attr_int(node, "count_include_pad", 0) == 1;
  if (win.pad_op && !include_pad)
    im.unsupported(node, "pads other than TFLite's SAME/VALID are supported for AveragePool with count_include_pad=1 only");
  // TFLite's SAME excludes padded values from the average; a PAD op makes them count (ONNX's
  // count_include_pad=1). Max pooling would need -inf pads.
  if (include_pad && win.any_pads()) {
    src = apply_pads(im, node, x, win);
    win.padding = ir::Padding::Valid;
  }
  ir::Pool2DOptions o;
  o.padding = win.padding;
  o.stride_h = win.stride_h, o.stride_w = win.stride_w;
  o.filter_h = kh, o.filter_w = kw;
  im.add_op(type, {src}, {out}, o, node);
}

namespace {

int32_t transpose(Importer& im, const onnx::NodeProto& node, int32_t x, std::vector<int32_t> perm,
                  const std::string& suffix) {
  return im.transpose(x, perm, node.name() + suffix);
}

}  // namespace

void emit_reshape(Importer& im, const onnx::NodeProto& node, int32_t x) {
  const ir::Tensor in = tensor_of(im, x);
  const std::vector<int32_t> in_dims = im.onnx_dims(Importer::input_name(node, 0));
  const std::vector<int32_t> out_dims = im.onnx_dims(node.output(0));
  int32_t src = x;
  if (!layout_neutral(in_dims)) src = transpose(im, node, x, {0, 3, 1, 2}, "_to_nchw");
  ir::ReshapeOptions o;
  if (!layout_neutral(out_dims)) {
    const int32_t nchw = im.add_temp(node.name() + "_nchw", in.dtype, out_dims, in.quant);
    o.new_shape = out_dims;
    im.add_op(ir::OpType::Reshape, {src}, {nchw}, o, node);
    const int32_t t = transpose(im, node, nchw, {0, 2, 3, 1}, "_to_nhwc");
    im.alias(node, 0, t);
    return;
  }
  const int32_t out = im.add_output(node, 0, in.dtype, in.quant);
  o.new_shape = tensor_of(im, out).shape;
  im.add_op(ir::OpType::Reshape, {src}, {out}, o, node);
}

int32_t elementwise_constant(Importer& im, const onnx::NodeProto& node, int k, size_t rank) {
  const Constant& c = im.constant(node, k, "operand");
  if (c.dims.size() > rank) im.malformed(node, "a constant operand has more dims than the output");
  std::vector<int64_t> dims(rank - c.dims.size(), 1);
  dims.insert(dims.end(), c.dims.begin(), c.dims.end());
  std::vector<int32_t> shape(dims.begin(), dims.end());
  return im.add_constant(node.name() + "_const" + std::to_string(k), c.dtype, ir_layout(shape),
                         nchw_to_nhwc(c.bytes, dims, dtype_size(c.dtype)));
}

}  // namespace mlonmcu::frontends::onnx_import
