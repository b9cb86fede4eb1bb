// The importer's frame: model checks (opset, references, ONNX checker, shape inference,
// static shapes), graph inputs/outputs, and the node loop dispatching to the converters.
#include "frontends/onnx/onnx_import.h"

#include <fmt/format.h>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <cstring>
#include <set>

#include "common/error.h"

namespace mlonmcu::frontends::onnx_import {

namespace {

// Opsets whose op definitions the converters implement (ONNX 1.12's newest is 17). Older
// opsets differ in op semantics (Softmax's coerced axis, Clip's attributes, ...).
constexpr int64_t kMinOpset = 11;
constexpr int64_t kMaxOpset = 17;

}  // namespace

bool layout_neutral(const std::vector<int32_t>& d) {
  return d.size() != 4 || d[1] == 1 || int64_t{d[2]} * d[3] == 1;
}

namespace {

bool default_domain(const std::string& d) { return d.empty() || d == "ai.onnx"; }

}  // namespace

Importer::Importer(onnx::ModelProto model, std::string what)
    : model_(std::move(model)), what_(std::move(what)) {}

std::string Importer::node_label(const onnx::NodeProto& node) const {
  return fmt::format("{}: node '{}' ({}, opset {})", what_, node.name(), node.op_type(), opset_);
}

void Importer::unsupported(const onnx::NodeProto& node, const std::string& reason) const {
  throw Error(ErrorKind::Unsupported, node_label(node) + ": " + reason);
}

void Importer::malformed(const onnx::NodeProto& node, const std::string& reason) const {
  throw Error(ErrorKind::Model, node_label(node) + ": " + reason);
}

void Importer::check_opsets() {
  if (!model_.has_graph() || model_.ir_version() <= 0)
    throw Error(ErrorKind::Model, what_ + ": not an ONNX model (no ir_version or graph)");
  for (const auto& o : model_.opset_import()) {
    if (default_domain(o.domain())) opset_ = o.version();
  }
  if (opset_ == 0) throw Error(ErrorKind::Model, what_ + ": no opset of the default ONNX domain");
  if (opset_ < kMinOpset || opset_ > kMaxOpset)
    throw Error(ErrorKind::Unsupported,
                fmt::format("{}: opset {} is not supported (MLonMCU reads opsets {} to {}; "
                            "re-export with one of them)", what_, opset_, kMinOpset, kMaxOpset));
  const auto& g = model_.graph();
  std::set<std::string> defined;
  for (const auto& t : g.initializer()) defined.insert(t.name());
  for (const auto& i : g.input()) defined.insert(i.name());
  for (const auto& node : g.node()) {
    if (!default_domain(node.domain()))
      unsupported(node, fmt::format("domain '{}' is not supported", node.domain()));
    for (const auto& in : node.input()) {
      if (!in.empty() && !defined.count(in))
        malformed(node, fmt::format("input '{}' is missing: neither an initializer, a graph input "
                                    "nor an earlier node's output", in));
    }
    for (const auto& out : node.output()) defined.insert(out);
  }
  for (const auto& o : g.output())
    if (!defined.count(o.name()))
      throw Error(ErrorKind::Model, fmt::format("{}: graph output '{}' is never computed", what_, o.name()));
}

void Importer::infer_shapes() {
  try {
    onnx::checker::check_model(model_);
    onnx::shape_inference::InferShapes(model_);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Model, fmt::format("{}: fails the ONNX checker: {}", what_, e.what()));
  }
  auto record = [&](const onnx::ValueInfoProto& v, bool required) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) {
      if (required) throw Error(ErrorKind::Unsupported, fmt::format("{}: '{}' has no shape", what_, v.name()));
      return;
    }
    std::vector<int32_t> dims;
    const auto& shape = v.type().tensor_type().shape();
    for (int i = 0; i < shape.dim_size(); ++i) {
      const auto& d = shape.dim(i);
      if (!d.has_dim_value() || d.dim_value() <= 0 || d.dim_value() > (1 << 30))
        throw Error(ErrorKind::Unsupported,
                    fmt::format("{}: '{}' has a dynamic dimension {} ('{}'): MLonMCU needs static "
                                "shapes (export the model with fixed sizes)", what_, v.name(), i,
                                d.has_dim_param() ? d.dim_param() : "?"));
      dims.push_back(static_cast<int32_t>(d.dim_value()));
    }
    dims_[v.name()] = dims;
  };
  const auto& g = model_.graph();
  for (const auto& v : g.input())
    if (!constants_.count(v.name())) record(v, true);
  for (const auto& v : g.value_info()) record(v, false);
  for (const auto& v : g.output()) record(v, false);
}

void Importer::read_constants() {
  for (const auto& t : model_.graph().initializer()) constants_[t.name()] = read_tensor_proto(t, what_);
}

void Importer::read_inputs() {
  for (const auto& v : model_.graph().input()) {
    if (constants_.count(v.name())) continue;  // IR < 4 lists initializers as inputs
    const auto dtype = dtype_of(v.type().tensor_type().elem_type());
    if (!dtype)
      throw Error(ErrorKind::Unsupported, fmt::format("{}: input '{}' has an unsupported element type", what_, v.name()));
    const std::vector<int32_t>& dims = dims_.at(v.name());
    const int32_t input = add_temp(v.name(), *dtype, dims);
    graph_.inputs.push_back(input);
    // The model's interface stays NCHW (its users' data is); inside, values are NHWC.
    values_[v.name()] = layout_neutral(dims) ? input : transpose(input, {0, 2, 3, 1}, v.name() + "_nhwc");
    if (layout_neutral(dims)) graph_.tensors[static_cast<size_t>(input)].shape = ir_layout(dims);
  }
}

int32_t Importer::transpose(int32_t x, const std::vector<int32_t>& perm, const std::string& name) {
  const ir::Tensor in = graph_.tensors[static_cast<size_t>(x)];
  std::vector<uint8_t> bytes(perm.size() * 4);
  std::memcpy(bytes.data(), perm.data(), bytes.size());
  const int32_t p = add_constant(name + "_perm", ir::DType::Int32, {static_cast<int32_t>(perm.size())}, std::move(bytes));
  std::vector<int32_t> shape(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) shape[i] = in.shape[static_cast<size_t>(perm[i])];
  const int32_t out = add_temp(name, in.dtype, shape, in.quant);
  add_op(ir::OpType::Transpose, {x, p}, {out}, ir::NoOptions{}, onnx::NodeProto());
  return out;
}

void Importer::read_outputs() {
  for (const auto& v : model_.graph().output()) {
    const auto it = values_.find(v.name());
    if (it == values_.end())
      throw Error(ErrorKind::Unsupported, fmt::format("{}: output '{}' is a constant", what_, v.name()));
    const std::vector<int32_t> dims = onnx_dims(v.name());
    graph_.outputs.push_back(layout_neutral(dims) ? it->second : transpose(it->second, {0, 3, 1, 2}, v.name() + "_nchw"));
  }
}

ir::Graph Importer::run() {
  check_opsets();
  read_constants();
  infer_shapes();
  graph_.name = model_.graph().name().empty() ? "model" : model_.graph().name();
  const auto& g = model_.graph();
  for (const auto& node : g.node()) {
    for (const auto& in : node.input()) ++readers_[in], consumers_[in].push_back(&node);
    for (const auto& out : node.output()) producers_[out] = &node;
  }
  for (const auto& o : g.output()) ++readers_[o.name()];
  read_inputs();
  for (const auto& node : g.node()) {
    if (consumed(node)) continue;
    Converter convert = find_quant_converter(node.op_type());
    if (!convert) convert = find_converter(node.op_type());
    if (!convert) unsupported(node, "operator not supported by MLonMCU's ONNX frontend");
    try {
      convert(*this, node);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {  // e.g. an empty constant where a value is needed
      malformed(node, std::string("malformed operands (") + e.what() + ")");
    }
  }
  read_outputs();
  remove_dead_ops();
  return std::move(graph_);
}

// Ops whose results nothing reads (the DequantizeLinear of an activation that QDQ folding
// replaced by an integer op) are dropped; tensors stay, unreferenced.
void Importer::remove_dead_ops() {
  std::vector<int> read(graph_.tensors.size(), 0);
  for (int32_t o : graph_.outputs) read[static_cast<size_t>(o)] = 1;
  std::vector<ir::Operator> kept;
  for (auto it = graph_.ops.rbegin(); it != graph_.ops.rend(); ++it) {
    bool live = false;
    for (int32_t o : it->outputs) live = live || read[static_cast<size_t>(o)];
    if (!live) continue;
    for (int32_t i : it->inputs)
      if (i >= 0) read[static_cast<size_t>(i)] = 1;
    kept.push_back(std::move(*it));
  }
  graph_.ops.assign(std::make_move_iterator(kept.rbegin()), std::make_move_iterator(kept.rend()));
}

std::vector<const onnx::NodeProto*> Importer::consumers(const std::string& name) const {
  const auto it = consumers_.find(name);
  return it == consumers_.end() ? std::vector<const onnx::NodeProto*>{} : it->second;
}

// --- attributes ---

namespace {

const onnx::AttributeProto* find_attr(const onnx::NodeProto& node, const std::string& name) {
  for (const auto& a : node.attribute())
    if (a.name() == name) return &a;
  return nullptr;
}

}  // namespace

int64_t Importer::attr_int(const onnx::NodeProto& node, const std::string& name, int64_t fallback) const {
  const auto* a = find_attr(node, name);
  if (!a) return fallback;
  if (a->type() != onnx::AttributeProto_AttributeType_INT) malformed(node, "attribute " + name + " is not an int");
  return a->i();
}

float Importer::attr_float(const onnx::NodeProto& node, const std::string& name, float fallback) const {
  const auto* a = find_attr(node, name);
  if (!a) return fallback;
  if (a->type() != onnx::AttributeProto_AttributeType_FLOAT) malformed(node, "attribute " + name + " is not a float");
  return a->f();
}

std::vector<int64_t> Importer::attr_ints(const onnx::NodeProto& node, const std::string& name) const {
  const auto* a = find_attr(node, name);
  if (!a) return {};
  if (a->type() != onnx::AttributeProto_AttributeType_INTS) malformed(node, "attribute " + name + " is not a list of ints");
  return {a->ints().begin(), a->ints().end()};
}

std::string Importer::attr_string(const onnx::NodeProto& node, const std::string& name,
                                  const std::string& fallback) const {
  const auto* a = find_attr(node, name);
  if (!a) return fallback;
  if (a->type() != onnx::AttributeProto_AttributeType_STRING) malformed(node, "attribute " + name + " is not a string");
  return a->s();
}

void Importer::expect_attrs(const onnx::NodeProto& node, const std::vector<std::string>& known) const {
  for (const auto& a : node.attribute()) {
    bool ok = false;
    for (const auto& k : known) ok = ok || a.name() == k;
    if (!ok) unsupported(node, "attribute '" + a.name() + "' is not supported");
  }
}

// --- values and constants ---

std::string Importer::input_name(const onnx::NodeProto& node, int k) {
  return k < node.input_size() ? node.input(k) : std::string();
}

const Constant* Importer::optional_constant(const onnx::NodeProto& node, int k, const std::string& what) const {
  const std::string name = input_name(node, k);
  if (name.empty()) return nullptr;
  const auto it = constants_.find(name);
  if (it == constants_.end()) unsupported(node, what + " '" + name + "' must be a constant (initializer)");
  return &it->second;
}

const Constant& Importer::constant(const onnx::NodeProto& node, int k, const std::string& what) const {
  const Constant* c = optional_constant(node, k, what);
  if (!c) malformed(node, what + " is missing");
  return *c;
}

int32_t Importer::value(const onnx::NodeProto& node, int k) const {
  const std::string name = input_name(node, k);
  if (name.empty()) malformed(node, fmt::format("input {} is missing", k));
  const auto it = values_.find(name);
  if (it != values_.end()) return it->second;
  if (constants_.count(name)) unsupported(node, fmt::format("input {} ('{}') is a constant where a computed value is expected", k, name));
  malformed(node, fmt::format("input '{}' is not computed before this node", name));
}

std::vector<int32_t> Importer::onnx_dims(const std::string& name) const {
  const auto it = dims_.find(name);
  if (it == dims_.end())
    throw Error(ErrorKind::Unsupported,
                fmt::format("{}: the shape of '{}' is unknown after shape inference", what_, name));
  return it->second;
}

int32_t Importer::add_temp(const std::string& name, ir::DType dtype, std::vector<int32_t> ir_shape,
                           ir::Quantization quant) {
  ir::Tensor t;
  t.name = name;
  t.dtype = dtype;
  t.shape = std::move(ir_shape);
  t.quant = std::move(quant);
  graph_.tensors.push_back(std::move(t));
  return static_cast<int32_t>(graph_.tensors.size() - 1);
}

int32_t Importer::add_output(const onnx::NodeProto& node, int k, ir::DType dtype, ir::Quantization quant) {
  if (k >= node.output_size()) malformed(node, fmt::format("output {} is missing", k));
  const std::string& name = node.output(k);
  const int32_t index = add_temp(name, dtype, ir_layout(onnx_dims(name)), std::move(quant));
  values_[name] = index;
  return index;
}

int32_t Importer::add_constant(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                               std::vector<uint8_t> data, ir::Quantization quant) {
  const int32_t index = add_temp(name, dtype, std::move(shape), std::move(quant));
  graph_.tensors[static_cast<size_t>(index)].data = std::move(data);
  return index;
}

void Importer::alias(const onnx::NodeProto& node, int k, int32_t index) {
  if (k >= node.output_size()) malformed(node, fmt::format("output {} is missing", k));
  values_[node.output(k)] = index;
}

int32_t Importer::add_op(ir::OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                         ir::Options options, const onnx::NodeProto& node, ir::Requantization requant) {
  ir::Operator op;
  op.type = type;
  op.type_name = op_type_name(type);
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  op.options = std::move(options);
  op.requant = requant;
  (void)node;
  graph_.ops.push_back(std::move(op));
  return static_cast<int32_t>(graph_.ops.size() - 1);
}

int Importer::readers(const std::string& name) const {
  const auto it = readers_.find(name);
  return it == readers_.end() ? 0 : it->second;
}

const onnx::NodeProto* Importer::producer(const std::string& name) const {
  const auto it = producers_.find(name);
  return it == producers_.end() ? nullptr : it->second;
}

ir::Operator* Importer::last_op_producing(int32_t tensor) {
  if (graph_.ops.empty()) return nullptr;
  ir::Operator& op = graph_.ops.back();
  return op.outputs.size() == 1 && op.outputs[0] == tensor ? &op : nullptr;
}

}  // namespace mlonmcu::frontends::onnx_import
