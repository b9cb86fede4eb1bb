// State of one ONNX import: the checked ModelProto, the IR graph being built, and the helpers
// every op converter uses (attributes, constants, layout, errors). ONNX activations of rank 4
// are NCHW; the IR (and the kernels) keep them NHWC, so every rank-4 value is stored permuted
// and converters translate axes, pads and constant layouts once, at import.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::frontends::onnx_import {

// A constant (initializer or Constant node output) in ONNX layout.
struct Constant {
  ir::DType dtype = ir::DType::Float32;
  std::vector<int64_t> dims;
  std::vector<uint8_t> bytes;  // little-endian elements, dims' product of them
  int64_t elements() const;
  std::vector<float> floats() const;     // any numeric dtype, converted
  std::vector<int64_t> ints() const;     // integer dtypes
};

// The integer constant and its quantization behind a DequantizeLinear output (QDQ weights).
struct QuantizedConstant {
  Constant data;  // int8 or int32, ONNX layout
  ir::Quantization quant;
};

// Maps ONNX's elem_type to the IR dtype; nullopt for types MLonMCU does not handle.
std::optional<ir::DType> dtype_of(int32_t elem_type);

// NCHW dims → NHWC (rank 4 only; other ranks unchanged).
std::vector<int32_t> ir_layout(const std::vector<int32_t>& onnx_dims);
// The IR axis of an ONNX axis of a value with this rank.
int32_t ir_axis(int64_t onnx_axis, size_t rank);
// Permutes the elements of an NCHW constant into NHWC.
std::vector<uint8_t> nchw_to_nhwc(const std::vector<uint8_t>& bytes, const std::vector<int64_t>& dims,
                                  size_t element_size);

// NCHW and NHWC hold the same byte order (rank != 4, C == 1 or H * W == 1).
bool layout_neutral(const std::vector<int32_t>& onnx_dims);

class Importer {
 public:
  Importer(onnx::ModelProto model, std::string what);

  ir::Graph run();

  // --- for converters ---
  const onnx::ModelProto& model() const { return model_; }
  int64_t opset() const { return opset_; }
  ir::Graph& graph() { return graph_; }

  [[noreturn]] void unsupported(const onnx::NodeProto& node, const std::string& reason) const;
  [[noreturn]] void malformed(const onnx::NodeProto& node, const std::string& reason) const;

  // Attributes, with the node named in the error when one has the wrong type.
  int64_t attr_int(const onnx::NodeProto& node, const std::string& name, int64_t fallback) const;
  float attr_float(const onnx::NodeProto& node, const std::string& name, float fallback) const;
  std::vector<int64_t> attr_ints(const onnx::NodeProto& node, const std::string& name) const;
  std::string attr_string(const onnx::NodeProto& node, const std::string& name,
                          const std::string& fallback) const;
  // Every attribute must be one of `known`, so an option we ignore cannot change results.
  void expect_attrs(const onnx::NodeProto& node, const std::vector<std::string>& known) const;

  // Input k's name, or "" when absent (optional inputs may be given as empty names).
  static std::string input_name(const onnx::NodeProto& node, int k);
  bool is_constant(const std::string& name) const { return constants_.count(name) != 0; }
  // The constant input k; an error naming the node when it is absent or computed at run time.
  const Constant& constant(const onnx::NodeProto& node, int k, const std::string& what) const;
  const Constant* optional_constant(const onnx::NodeProto& node, int k, const std::string& what) const;

  // The IR tensor of a run-time value (graph input or an earlier node's output).
  int32_t value(const onnx::NodeProto& node, int k) const;
  // The ONNX (not IR) dims of a value, from the model or shape inference.
  std::vector<int32_t> onnx_dims(const std::string& name) const;
  // Adds the IR tensor for output k of the node, with the inferred shape in IR layout.
  int32_t add_output(const onnx::NodeProto& node, int k, ir::DType dtype, ir::Quantization quant = {});
  // Adds a run-time tensor of the given IR shape (intermediate of a multi-op mapping).
  int32_t add_temp(const std::string& name, ir::DType dtype, std::vector<int32_t> ir_shape,
                   ir::Quantization quant = {});
  // Adds an IR constant (data already in IR layout).
  int32_t add_constant(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                       std::vector<uint8_t> data, ir::Quantization quant = {});
  // The output k of the node is the IR tensor `index` (Identity, Dropout, folded ops).
  void alias(const onnx::NodeProto& node, int k, int32_t index);
  // Registers a constant produced at import (Constant nodes, folded DequantizeLinear).
  void define_constant(const std::string& name, Constant c) { constants_[name] = std::move(c); }
  // A TRANSPOSE of x into a new tensor.
  int32_t transpose(int32_t x, const std::vector<int32_t>& perm, const std::string& name);
  void define_quantized_constant(const std::string& name, QuantizedConstant c) { quantized_[name] = std::move(c); }
  const QuantizedConstant* quantized_constant(const std::string& name) const {
    const auto it = quantized_.find(name);
    return it == quantized_.end() ? nullptr : &it->second;
  }
  int32_t add_op(ir::OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                 ir::Options options, const onnx::NodeProto& node,
                 ir::Requantization requant = ir::Requantization::FixedPoint);

  // Nodes reading a value (graph outputs count as one reader each).
  int readers(const std::string& name) const;
  // The nodes reading a value, in graph order.
  std::vector<const onnx::NodeProto*> consumers(const std::string& name) const;
  // The node producing a value, or nullptr.
  const onnx::NodeProto* producer(const std::string& name) const;
  // Marks a node as already converted (it was folded into another one).
  void consume(const onnx::NodeProto& node) { folded_.insert(&node); }
  bool consumed(const onnx::NodeProto& node) const { return folded_.count(&node) != 0; }
  // The IR op that produced a value, when it is the latest one (for folding BatchNorm, Relu).
  ir::Operator* last_op_producing(int32_t tensor);

 private:
  void remove_dead_ops();
  void check_opsets();
  void infer_shapes();
  void read_constants();
  void read_inputs();
  void read_outputs();
  std::string node_label(const onnx::NodeProto& node) const;

  onnx::ModelProto model_;
  std::string what_;
  int64_t opset_ = 0;
  ir::Graph graph_;
  std::map<std::string, Constant> constants_;
  std::map<std::string, QuantizedConstant> quantized_;
  std::map<std::string, int32_t> values_;  // ONNX value name → IR tensor
  std::map<std::string, std::vector<int32_t>> dims_;
  std::map<std::string, int> readers_;
  std::map<std::string, const onnx::NodeProto*> producers_;
  std::map<std::string, std::vector<const onnx::NodeProto*>> consumers_;
  std::set<const onnx::NodeProto*> folded_;
};

// The converter of one op type; nullptr for an op MLonMCU does not import.
using Converter = void (*)(Importer&, const onnx::NodeProto&);
Converter find_converter(const std::string& op_type);
// Quantized ops (QOperator) and the QDQ pattern folding.
Converter find_quant_converter(const std::string& op_type);

// Reads a TensorProto (raw_data or typed fields); errors name the tensor.
Constant read_tensor_proto(const onnx::TensorProto& t, const std::string& what);

}  // namespace mlonmcu::frontends::onnx_import
