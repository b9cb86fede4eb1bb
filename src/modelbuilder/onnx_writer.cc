// IR → ONNX (see onnx_writer.h). Weights are transposed from the IR's OHWI / 1HWC layouts to
// ONNX's OIHW, TFLite's SAME padding becomes explicit pads, fused activations become Relu or
// Clip nodes (in the quantized styles a Relu whose clamp is the int8 range itself is dropped).
#include "modelbuilder/onnx_writer.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <fstream>
#include <map>
#include <set>

#include "common/error.h"
#include "ir/layout.h"

namespace mlonmcu::modelbuilder {

namespace {

constexpr int64_t kOpset = 13;

int32_t elem_type(ir::DType d) {
  switch (d) {
    case ir::DType::Float32: return onnx::TensorProto_DataType_FLOAT;
    case ir::DType::Int8: return onnx::TensorProto_DataType_INT8;
    case ir::DType::UInt8: return onnx::TensorProto_DataType_UINT8;
    case ir::DType::Int16: return onnx::TensorProto_DataType_INT16;
    case ir::DType::Int32: return onnx::TensorProto_DataType_INT32;
    case ir::DType::Int64: return onnx::TensorProto_DataType_INT64;
    case ir::DType::Bool: return onnx::TensorProto_DataType_BOOL;
    case ir::DType::Float16: return onnx::TensorProto_DataType_FLOAT16;
    case ir::DType::BFloat16: return onnx::TensorProto_DataType_BFLOAT16;
    case ir::DType::Float64: return onnx::TensorProto_DataType_DOUBLE;
    case ir::DType::UInt16: return onnx::TensorProto_DataType_UINT16;
    case ir::DType::UInt32: return onnx::TensorProto_DataType_UINT32;
    case ir::DType::UInt64: return onnx::TensorProto_DataType_UINT64;
    case ir::DType::Complex64: return onnx::TensorProto_DataType_COMPLEX64;
    case ir::DType::Complex128: return onnx::TensorProto_DataType_COMPLEX128;
    case ir::DType::Resource:  // no ONNX counterpart (onnx 1.12 has no INT4 either)
    case ir::DType::Int4: break;
  }
  return onnx::TensorProto_DataType_UNDEFINED;
}

std::vector<int32_t> onnx_dims(const std::vector<int32_t>& nhwc) {
  if (nhwc.size() != 4) return nhwc;
  return {nhwc[0], nhwc[3], nhwc[1], nhwc[2]};
}

int32_t same_total(int32_t in, int32_t out, int32_t k, int32_t s, int32_t d) {
  return std::max((out - 1) * s + (k - 1) * d + 1 - in, 0);
}

class Writer {
 public:
  Writer(const ir::Graph& g, OnnxStyle style) : g_(g), style_(style) {}

  onnx::ModelProto run() {
    onnx::ModelProto m;
    m.set_ir_version(7);
    m.set_producer_name("mlonmcu-modelbuilder");
    m.set_model_version(1);
    auto* o = m.add_opset_import();
    o->set_domain("");
    o->set_version(kOpset);
    graph_ = m.mutable_graph();
    graph_->set_name(g_.name);
    const bool quantized = style_ != OnnxStyle::Float;
    for (const auto& t : g_.tensors)
      if (!t.is_const() && (t.dtype == ir::DType::Float32) == quantized && t.dtype != ir::DType::Int32)
        fail("tensor '" + t.name + "' is " + ir::dtype_name(t.dtype) + ", the style needs " +
             (quantized ? "int8" : "float32") + " activations");
    for (int32_t i : g_.inputs) value_info(graph_->add_input(), i);
    for (const auto& op : g_.ops) write_op(op);
    for (int32_t i : g_.outputs) value_info(graph_->add_output(), i);
    return m;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw Error(ErrorKind::Unsupported, "cannot write graph '" + g_.name + "' as ONNX (" +
                                            onnx_style_name(style_) + "): " + why);
  }
  const ir::Tensor& t(int32_t i) const {
    return i < 0 ? scratch_.at(static_cast<size_t>(-i - 1)) : g_.tensors.at(static_cast<size_t>(i));
  }

  std::string name(int32_t i) {
    auto it = names_.find(i);
    if (it != names_.end()) return it->second;
    std::string n = t(i).name.empty() ? "t" + std::to_string(i) : t(i).name;
    if (used_.count(n)) n += "_" + std::to_string(i);
    used_.insert(n);
    return names_[i] = n;
  }
  std::string fresh(const std::string& base) {
    std::string n = base;
    for (int k = 1; used_.count(n); ++k) n = base + "_" + std::to_string(k);
    used_.insert(n);
    return n;
  }

  void value_info(onnx::ValueInfoProto* v, int32_t i) {
    v->set_name(name(i));
    auto* tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(elem_type(t(i).dtype));
    for (int32_t d : onnx_dims(t(i).shape)) tt->mutable_shape()->add_dim()->set_dim_value(d);
  }

  std::string initializer(const std::string& base, ir::DType dtype, const std::vector<int64_t>& dims,
                          const void* data, size_t bytes) {
    auto* init = graph_->add_initializer();
    const std::string n = fresh(base);
    init->set_name(n);
    init->set_data_type(elem_type(dtype));
    for (int64_t d : dims) init->add_dims(d);
    init->set_raw_data(data, bytes);
    return n;
  }
  std::string scalar_float(const std::string& base, float v) { return initializer(base, ir::DType::Float32, {}, &v, 4); }
  std::string scalar_int8(const std::string& base, int64_t v) {
    const auto q = static_cast<int8_t>(v);
    return initializer(base, ir::DType::Int8, {}, &q, 1);
  }
  std::string ints64(const std::string& base, const std::vector<int64_t>& v) {
    return initializer(base, ir::DType::Int64, {static_cast<int64_t>(v.size())}, v.data(), v.size() * 8);
  }
  // Scale and zero point initializers (per tensor, or per channel with zero points of `zp_dtype`).
  std::pair<std::string, std::string> qparams(const std::string& base, const ir::Quantization& q,
                                              ir::DType zp_dtype = ir::DType::Int8) {
    if (q.scale.size() == 1 && zp_dtype == ir::DType::Int8)
      return {scalar_float(base + "_scale", q.scale[0]), scalar_int8(base + "_zp", q.zero_point.at(0))};
    const auto n = static_cast<int64_t>(q.scale.size());
    std::vector<uint8_t> zp(q.scale.size() * ir::dtype_size(zp_dtype), 0);
    for (size_t i = 0; i < q.scale.size(); ++i) {
      const auto v = static_cast<int32_t>(q.zero_point.at(i));
      std::memcpy(zp.data() + i * ir::dtype_size(zp_dtype), &v, ir::dtype_size(zp_dtype));
    }
    return {initializer(base + "_scale", ir::DType::Float32, {n}, q.scale.data(), q.scale.size() * 4),
            initializer(base + "_zp", zp_dtype, {n}, zp.data(), zp.size())};
  }

  onnx::NodeProto* node(const std::string& type, std::vector<std::string> ins, std::vector<std::string> outs) {
    auto* n = graph_->add_node();
    n->set_op_type(type);
    n->set_name(fresh(type + "_" + (outs.empty() ? std::string() : outs[0])));
    for (auto& s : ins) n->add_input(s);
    for (auto& s : outs) n->add_output(s);
    return n;
  }
  static void attr(onnx::NodeProto* n, const std::string& a, int64_t v) {
    auto* p = n->add_attribute();
    p->set_name(a);
    p->set_type(onnx::AttributeProto_AttributeType_INT);
    p->set_i(v);
  }
  static void attr(onnx::NodeProto* n, const std::string& a, const std::vector<int64_t>& v) {
    auto* p = n->add_attribute();
    p->set_name(a);
    p->set_type(onnx::AttributeProto_AttributeType_INTS);
    for (int64_t x : v) p->add_ints(x);
  }

  // A float view of an int8 activation (DequantizeLinear, made once per tensor).
  std::string float_of(int32_t i) {
    if (t(i).dtype == ir::DType::Float32) return name(i);
    auto it = dequantized_.find(i);
    if (it != dequantized_.end()) return it->second;
    const auto [s, z] = qparams(name(i), t(i).quant);
    const std::string out = fresh(name(i) + "_dq");
    node("DequantizeLinear", {name(i), s, z}, {out});
    return dequantized_[i] = out;
  }
  // The name a float op writes for IR output i: i itself, or a float value quantized into i.
  std::string float_result(int32_t i) { return t(i).dtype == ir::DType::Float32 ? name(i) : fresh(name(i) + "_f"); }
  void finish_float(int32_t i, const std::string& produced) {
    if (produced == name(i)) return;
    const auto [s, z] = qparams(name(i), t(i).quant);
    node("QuantizeLinear", {produced, s, z}, {name(i)});
  }

  // The activation after a conv/FC/add: in float a Relu or Clip node; for int8 the clamp is
  // only written when it is narrower than the int8 range of the output.
  void activation(ir::Activation act, int32_t out, const std::string& raw) {
    const std::string target = name(out);
    if (act == ir::Activation::None) {
      node("Identity", {raw}, {target});
      return;
    }
    if (act != ir::Activation::Relu && act != ir::Activation::Relu6) fail(std::string("activation ") + ir::activation_name(act));
    if (t(out).dtype == ir::DType::Float32) {
      emit_clamp(act, raw, target);
      return;
    }
    const auto& q = t(out).quant;
    const bool relu_free = q.zero_point.at(0) == -128;
    const bool relu6_free = relu_free && static_cast<double>(q.scale.at(0)) * 255.0 <= 6.0;
    if (act == ir::Activation::Relu ? relu_free : relu6_free) {
      node("Identity", {raw}, {target});
      return;
    }
    const auto [s, z] = qparams(name(out) + "_raw", q);
    const std::string f = fresh(name(out) + "_raw_dq"), c = fresh(name(out) + "_clamped");
    node("DequantizeLinear", {raw, s, z}, {f});
    emit_clamp(act, f, c);
    const auto [s2, z2] = qparams(name(out), q);
    node("QuantizeLinear", {c, s2, z2}, {target});
  }
  void emit_clamp(ir::Activation act, const std::string& in, const std::string& out) {
    if (act == ir::Activation::Relu) {
      node("Relu", {in}, {out});
    } else {
      node("Clip", {in, scalar_float("zero", 0.0f), scalar_float("six", 6.0f)}, {out});
    }
  }

  // Conv weights to OIHW (from OHWI, or from 1HWC for depthwise).
  std::string conv_weights(int32_t w, bool depthwise, int32_t in_c, std::vector<int64_t>& dims) {
    const ir::Tensor& f = t(w);
    const int32_t kh = f.shape[1], kw = f.shape[2];
    const int32_t m = depthwise ? f.shape[3] : f.shape[0], cg = depthwise ? 1 : f.shape[3];
    (void)in_c;
    const std::array<int64_t, 4> have = depthwise ? std::array<int64_t, 4>{1, kh, kw, m}
                                                  : std::array<int64_t, 4>{m, kh, kw, cg};
    const std::vector<uint8_t> out = ir::permute4(f.data, have, depthwise ? ir::kHwmToMihw : ir::kNhwcToNchw,
                                                  ir::dtype_size(f.dtype));
    dims = {m, cg, kh, kw};
    return initializer(f.name, f.dtype, dims, out.data(), out.size());
  }

  std::vector<int64_t> pads_of(ir::Padding padding, const ir::Tensor& in, const ir::Tensor& out,
                               int32_t kh, int32_t kw, int32_t sh, int32_t sw, int32_t dh, int32_t dw) {
    if (padding == ir::Padding::Valid) return {0, 0, 0, 0};
    const int32_t th = same_total(in.shape[1], out.shape[1], kh, sh, dh);
    const int32_t tw = same_total(in.shape[2], out.shape[2], kw, sw, dw);
    return {th / 2, tw / 2, th - th / 2, tw - tw / 2};
  }

  struct ConvSpec {
    int32_t x, w, b, out;
    bool depthwise;
    int32_t sh, sw, dh, dw;
    ir::Padding padding;
    ir::Activation act;
  };

  void conv(const ConvSpec& c) {
    const ir::Tensor& in = t(c.x);
    std::vector<int64_t> wdims;
    const std::string w = conv_weights(c.w, c.depthwise, in.shape[3], wdims);
    const int64_t group = in.shape[3] / wdims[1];
    const auto pads = pads_of(c.padding, in, t(c.out), static_cast<int32_t>(wdims[2]), static_cast<int32_t>(wdims[3]),
                              c.sh, c.sw, c.dh, c.dw);
    const std::string raw = fresh(name(c.out) + "_conv");
    onnx::NodeProto* n = nullptr;
    if (style_ == OnnxStyle::QOperator) {
      const auto [xs, xz] = qparams(name(c.x), in.quant);
      const auto [ws, wz] = qparams(t(c.w).name, t(c.w).quant);
      const auto [ys, yz] = qparams(name(c.out), t(c.out).quant);
      std::vector<std::string> ins = {name(c.x), xs, xz, w, ws, wz, ys, yz};
      if (c.b >= 0) ins.push_back(initializer(t(c.b).name, t(c.b).dtype, {static_cast<int64_t>(t(c.b).num_elements())},
                                              t(c.b).data.data(), t(c.b).data.size()));
      n = node("QLinearConv", ins, {raw});
    } else {
      std::vector<std::string> ins = {float_of(c.x), w};
      if (style_ == OnnxStyle::QDQ) {
        const auto [ws, wz] = qparams(t(c.w).name, t(c.w).quant);
        ins[1] = fresh(w + "_dq");
        auto* dq = node("DequantizeLinear", {w, ws, wz}, {ins[1]});
        if (t(c.w).quant.scale.size() > 1) attr(dq, "axis", 0);
      }
      if (c.b >= 0) {
        const ir::Tensor& b = t(c.b);
        std::string bn = initializer(b.name, b.dtype, {static_cast<int64_t>(b.num_elements())}, b.data.data(), b.data.size());
        if (style_ == OnnxStyle::QDQ) {
          const auto [bs, bz] = qparams(b.name, b.quant, ir::DType::Int32);
          const std::string f = fresh(bn + "_dq");
          auto* dq = node("DequantizeLinear", {bn, bs, bz}, {f});
          attr(dq, "axis", 0);
          bn = f;
        }
        ins.push_back(bn);
      }
      const std::string conv_out = style_ == OnnxStyle::QDQ ? fresh(raw + "_f") : raw;
      n = node("Conv", ins, {conv_out});
      if (style_ == OnnxStyle::QDQ) {
        const auto [ys, yz] = qparams(name(c.out), t(c.out).quant);
        node("QuantizeLinear", {conv_out, ys, yz}, {raw});
      }
    }
    attr(n, "kernel_shape", std::vector<int64_t>{wdims[2], wdims[3]});
    attr(n, "strides", std::vector<int64_t>{c.sh, c.sw});
    attr(n, "dilations", std::vector<int64_t>{c.dh, c.dw});
    attr(n, "pads", pads);
    attr(n, "group", group);
    activation(c.act, c.out, raw);
  }

  // Fully connected: Gemm in float; int8 as a 1x1 convolution between reshapes, since the
  // standard domain's QLinearMatMul has no bias.
  void fully_connected(const ir::Operator& op) {
    const auto& o = std::get<ir::FullyConnectedOptions>(op.options);
    const int32_t x = op.inputs[0], w = op.inputs[1], out = op.outputs[0];
    const int32_t b = op.inputs.size() > 2 ? op.inputs[2] : -1;
    if (t(x).shape.size() != 2) fail("FULLY_CONNECTED needs a rank-2 input (reshape first)");
    const int32_t n = t(w).shape[0], k = t(w).shape[1], batch = t(x).shape[0];
    if (style_ != OnnxStyle::QOperator) {  // Gemm; in QDQ between DequantizeLinear and QuantizeLinear
      std::vector<std::string> ins = {float_of(x), initializer(t(w).name, t(w).dtype, {n, k}, t(w).data.data(), t(w).data.size())};
      if (b >= 0) ins.push_back(initializer(t(b).name, t(b).dtype, {n}, t(b).data.data(), t(b).data.size()));
      if (style_ == OnnxStyle::QDQ) {
        const auto [ws, wz] = qparams(t(w).name, t(w).quant);
        const std::string wf = fresh(ins[1] + "_dq");
        if (t(w).quant.scale.size() > 1) attr(node("DequantizeLinear", {ins[1], ws, wz}, {wf}), "axis", 0);
        else node("DequantizeLinear", {ins[1], ws, wz}, {wf});
        ins[1] = wf;
        if (b >= 0) {
          const auto [bs, bz] = qparams(t(b).name, t(b).quant, ir::DType::Int32);
          const std::string bf = fresh(ins[2] + "_dq");
          attr(node("DequantizeLinear", {ins[2], bs, bz}, {bf}), "axis", 0);
          ins[2] = bf;
        }
      }
      const std::string raw = fresh(name(out) + "_gemm");
      const std::string gemm_out = style_ == OnnxStyle::QDQ ? fresh(raw + "_f") : raw;
      attr(node("Gemm", ins, {gemm_out}), "transB", 1);
      if (style_ == OnnxStyle::QDQ) {
        const auto [ys, yz] = qparams(name(out), t(out).quant);
        node("QuantizeLinear", {gemm_out, ys, yz}, {raw});
      }
      activation(o.activation, out, raw);
      return;
    }
    // [batch, k] → [batch, k, 1, 1] → conv → [batch, n, 1, 1] → [batch, n]; the reshaped
    // tensors are scratch tensors -1 (input), -2 (filter), -3 (output).
    const std::string out_name = name(out);
    const std::string x4 = fresh(name(x) + "_4d"), o4 = fresh(out_name + "_4d");
    node("Reshape", {name(x), ints64(name(x) + "_shape4", {batch, k, 1, 1})}, {x4});
    ir::Tensor tx = t(x), tw = t(w), to = t(out);
    tx.shape = {batch, 1, 1, k};
    tw.shape = {n, 1, 1, k};
    to.shape = {batch, 1, 1, n};
    scratch_ = {tx, tw, to};
    names_[-1] = x4, names_[-3] = o4;
    conv({-1, -2, b, -3, false, 1, 1, 1, 1, ir::Padding::Valid, o.activation});
    for (int32_t i : {-1, -2, -3}) names_.erase(i), dequantized_.erase(i);
    node("Reshape", {o4, ints64(out_name + "_shape2", {batch, n})}, {out_name});
  }

  void pool(const ir::Operator& op, const std::string& type) {
    const auto& o = std::get<ir::Pool2DOptions>(op.options);
    const int32_t x = op.inputs[0], out = op.outputs[0];
    // int8 MaxPool is exact on int8 values (ONNX allows int8 MaxPool), QDQ frames it all the
    // same; averages go through float.
    const bool direct = style_ == OnnxStyle::Float || (type == "MaxPool" && style_ == OnnxStyle::QOperator);
    const std::string in = direct ? name(x) : float_of(x);
    const std::string res = direct ? name(out) : float_result(out);
    auto* n = node(type, {in}, {res});
    attr(n, "kernel_shape", std::vector<int64_t>{o.filter_h, o.filter_w});
    attr(n, "strides", std::vector<int64_t>{o.stride_h, o.stride_w});
    attr(n, "pads", pads_of(o.padding, t(x), t(out), o.filter_h, o.filter_w, o.stride_h, o.stride_w, 1, 1));
    if (!direct) finish_float(out, res);
    if (o.activation != ir::Activation::None) fail("pooling with a fused activation");
  }

  void elementwise(const ir::Operator& op, const std::string& type) {
    const auto& o = std::get<ir::ElementwiseOptions>(op.options);
    const int32_t out = op.outputs[0];
    std::vector<std::string> ins;
    for (int32_t i : op.inputs) {
      if (t(i).is_const()) fail("constant operands of " + type);
      ins.push_back(float_of(i));
    }
    const std::string res = fresh(name(out) + "_" + type);
    node(type, ins, {res});
    if (t(out).dtype == ir::DType::Float32) {
      activation(o.activation, out, res);
      return;
    }
    std::string clamped = res;
    if (o.activation != ir::Activation::None) {
      clamped = fresh(res + "_act");
      emit_clamp(o.activation, res, clamped);
    }
    finish_float(out, clamped);
  }

  void unary(const ir::Operator& op, const std::string& type) {
    const int32_t x = op.inputs[0], out = op.outputs[0];
    const std::string res = float_result(out);
    if (type == "Clip")
      node(type, {float_of(x), scalar_float("zero", 0.0f), scalar_float("six", 6.0f)}, {res});
    else
      node(type, {float_of(x)}, {res});
    finish_float(out, res);
  }

  // A layout op on `in`; in the QDQ style framed by DequantizeLinear / QuantizeLinear with the
  // (unchanged) quantization q of the data, as QDQ models write every op.
  onnx::NodeProto* layout_op(const std::string& type, const std::string& in, std::vector<std::string> extra,
                             const std::string& out, const ir::Quantization& q) {
    std::vector<std::string> ins = {in};
    if (style_ != OnnxStyle::QDQ) {
      ins.insert(ins.end(), extra.begin(), extra.end());
      return node(type, ins, {out});
    }
    const auto [s, z] = qparams(out, q);
    ins[0] = fresh(in + "_dq");
    node("DequantizeLinear", {in, s, z}, {ins[0]});
    ins.insert(ins.end(), extra.begin(), extra.end());
    const std::string f = fresh(out + "_f");
    onnx::NodeProto* n = node(type, ins, {f});
    node("QuantizeLinear", {f, s, z}, {out});
    return n;
  }

  void reshape(const ir::Operator& op) {
    const int32_t x = op.inputs[0], out = op.outputs[0];
    const ir::Quantization& q = t(x).quant;
    auto neutral = [](const std::vector<int32_t>& s) { return s.size() != 4 || s[3] == 1 || int64_t{s[1]} * s[2] == 1; };
    std::string src = name(x);
    if (!neutral(t(x).shape)) {  // the IR's reshape follows NHWC element order
      const std::string nhwc = fresh(src + "_nhwc");
      attr(layout_op("Transpose", src, {}, nhwc, q), "perm", std::vector<int64_t>{0, 2, 3, 1});
      src = nhwc;
    }
    const auto& s = t(out).shape;
    if (!neutral(s)) {
      const std::string r = fresh(name(out) + "_nhwc");
      layout_op("Reshape", src, {ints64(name(out) + "_shape", {s.begin(), s.end()})}, r, q);
      attr(layout_op("Transpose", r, {}, name(out), q), "perm", std::vector<int64_t>{0, 3, 1, 2});
      return;
    }
    const auto d = onnx_dims(s);
    layout_op("Reshape", src, {ints64(name(out) + "_shape", {d.begin(), d.end()})}, name(out), q);
  }

  void write_op(const ir::Operator& op) {
    switch (op.type) {
      case ir::OpType::Conv2D: {
        const auto& o = std::get<ir::Conv2DOptions>(op.options);
        conv({op.inputs[0], op.inputs[1], op.inputs.size() > 2 ? op.inputs[2] : -1, op.outputs[0], false,
              o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, o.padding, o.activation});
        return;
      }
      case ir::OpType::DepthwiseConv2D: {
        const auto& o = std::get<ir::DepthwiseConv2DOptions>(op.options);
        if (t(op.inputs[1]).shape[3] != t(op.inputs[0]).shape[3]) fail("depth_multiplier > 1");
        conv({op.inputs[0], op.inputs[1], op.inputs.size() > 2 ? op.inputs[2] : -1, op.outputs[0], true,
              o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, o.padding, o.activation});
        return;
      }
      case ir::OpType::FullyConnected: return fully_connected(op);
      case ir::OpType::AveragePool2D: return pool(op, "AveragePool");
      case ir::OpType::MaxPool2D: return pool(op, "MaxPool");
      case ir::OpType::Add: return elementwise(op, "Add");
      case ir::OpType::Sub: return elementwise(op, "Sub");
      case ir::OpType::Mul: return elementwise(op, "Mul");
      case ir::OpType::Relu: return unary(op, "Relu");
      case ir::OpType::Relu6: return unary(op, "Clip");
      case ir::OpType::Logistic: return unary(op, "Sigmoid");
      case ir::OpType::Tanh: return unary(op, "Tanh");
      case ir::OpType::Softmax: {
        if (t(op.inputs[0]).shape.size() == 4) fail("SOFTMAX on a rank-4 tensor");
        return unary(op, "Softmax");
      }
      case ir::OpType::Reshape: return reshape(op);
      default: fail(std::string("operator ") + op.type_name + " is not supported by the ONNX writer");
    }
  }

  const ir::Graph& g_;
  OnnxStyle style_;
  onnx::GraphProto* graph_ = nullptr;
  std::map<int32_t, std::string> names_;
  std::map<int32_t, std::string> dequantized_;
  std::set<std::string> used_;
  std::vector<ir::Tensor> scratch_;
};

}  // namespace

const char* onnx_style_name(OnnxStyle style) {
  switch (style) {
    case OnnxStyle::Float: return "float";
    case OnnxStyle::QOperator: return "QOperator";
    case OnnxStyle::QDQ: return "QDQ";
  }
  return "?";
}

std::vector<uint8_t> write_onnx(const ir::Graph& graph, OnnxStyle style) {
  const onnx::ModelProto m = Writer(graph, style).run();
  std::string bytes;
  if (!m.SerializeToString(&bytes)) throw Error(ErrorKind::Internal, "cannot serialize ONNX model");
  return {bytes.begin(), bytes.end()};
}

void write_onnx_file(const ir::Graph& graph, OnnxStyle style, const std::filesystem::path& path) {
  const std::vector<uint8_t> bytes = write_onnx(graph, style);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(ErrorKind::Io, path.string() + ": cannot write");
}

std::vector<uint8_t> nhwc_to_nchw(const std::vector<uint8_t>& bytes, const std::vector<int32_t>& s,
                                  size_t es) {
  if (s.size() != 4) return bytes;
  return ir::permute4(bytes, {s[0], s[1], s[2], s[3]}, ir::kNhwcToNchw, es);
}

}  // namespace mlonmcu::modelbuilder
