// Reads a .tflite flatbuffer into the graph IR. The file is untrusted: the flatbuffers verifier
// checks every offset first, then each tensor, buffer and operator is checked against the
// others (indices, sizes, enums) before it reaches the IR. A model of several subgraphs is read flat (ir::Subgraph): every
// subgraph's tensors and ops appended in subgraph order, indices shifted accordingly.
//
// As tolerant as TFLite-Micro's loader: what it accepts is read here too, and only what would
// make it read out of bounds (or what it cannot size) is an error. Values that matter only to
// some ops (a per-channel axis, an exotic dtype) are kept as they are and checked by the ops
// that use them, so an unused odd tensor does not refuse a model TFLM runs.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <variant>

#include "common/error.h"
#include "frontends/frontend.h"
#include "frontends/tflite/tflite_mapping.h"
#include "frontends/tflite/tflite_options.h"
#include "tflite_schema_generated.h"

namespace mlonmcu::frontends {

namespace {

// Upper bound for one tensor: the IR stores constants in memory and backends index with
// 32-bit arithmetic, so anything beyond this is not a model for a microcontroller.
constexpr int64_t kMaxTensorBytes = int64_t{1} << 31;

class TfliteReader {
 public:
  TfliteReader(const std::vector<uint8_t>& bytes, const std::string& what)
      : bytes_(bytes), what_(what) {}

  ir::Graph read() {
    verify();
    // TFLite-Micro reads every file with the version-3 layout whatever its version field says
    // (the converter has written 3 since 2018), and so does this reader.
    model_ = tflite::GetModel(bytes_.data());
    if (model_->subgraphs() == nullptr || model_->subgraphs()->size() == 0) {
      fail("the model has no subgraphs");
    }
    const auto* subgraphs = model_->subgraphs();
    const tflite::SubGraph* main = subgraphs->Get(0);
    ir::Graph graph;
    graph.name = main->name() != nullptr && main->name()->size() > 0 ? main->name()->str() : "model";
    const auto codes = read_opcodes();
    for (flatbuffers::uoffset_t k = 0; k < subgraphs->size(); ++k) {
      subgraph_ = subgraphs->Get(k);
      tensor_base_ = static_cast<int32_t>(graph.tensors.size());
      ir::Subgraph sub;
      sub.name = subgraph_->name() != nullptr ? subgraph_->name()->str() : "";
      sub.first_op = static_cast<int32_t>(graph.ops.size());
      read_tensors(graph);
      read_operators(graph, codes);
      sub.num_ops = static_cast<int32_t>(graph.ops.size()) - sub.first_op;
      sub.inputs = read_io_indices(subgraph_->inputs(), graph, "input");
      sub.outputs = read_io_indices(subgraph_->outputs(), graph, "output");
      graph.subgraphs.push_back(std::move(sub));
    }
    graph.inputs = graph.subgraphs[0].inputs;
    graph.outputs = graph.subgraphs[0].outputs;
    if (graph.subgraphs.size() == 1) graph.subgraphs.clear();
    check_subgraph_indices(graph);
    return graph;
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(ErrorKind::Model, what_ + ": " + problem);
  }

  void verify() const {
    if (bytes_.size() < 8) {
      fail("not a TFLite model (" + std::to_string(bytes_.size()) + " bytes is too small)");
    }
    if (!tflite::ModelBufferHasIdentifier(bytes_.data())) {
      fail("not a TFLite model (no 'TFL3' file identifier)");
    }
    // Files over 2 GB keep their buffers behind the flatbuffer; the flatbuffer itself is
    // always in the first 2 GB, so the verifier only needs that part.
    const size_t limit = FLATBUFFERS_MAX_BUFFER_SIZE - 1;
    flatbuffers::Verifier verifier(bytes_.data(), std::min(bytes_.size(), limit));
    if (!tflite::VerifyModelBuffer(verifier)) {
      fail("corrupt TFLite flatbuffer (structure verification failed)");
    }
  }

  std::string tensor_label(size_t index, const tflite::Tensor* t) const {
    std::string label = "tensor " + std::to_string(index);
    if (t != nullptr && t->name() != nullptr) label += " '" + t->name()->str() + "'";
    return label;
  }

  void read_tensors(ir::Graph& graph) const {
    const auto* tensors = subgraph_->tensors();
    if (tensors == nullptr) return;
    graph.tensors.reserve(tensors->size());
    for (size_t i = 0; i < tensors->size(); ++i) {
      graph.tensors.push_back(read_tensor(i, *tensors->Get(static_cast<flatbuffers::uoffset_t>(i))));
    }
  }

  ir::Tensor read_tensor(size_t index, const tflite::Tensor& t) const {
    const std::string label = tensor_label(index, &t);
    ir::Tensor out;
    out.name = t.name() != nullptr ? t.name()->str() : "tensor_" + std::to_string(index);
    const auto type = static_cast<int32_t>(t.type());
    auto dtype = tflite_format::dtype_from_tensor_type(type);
    if (!dtype) {
      fail(label + " has tensor type " + tflite_format::tensor_type_name(type) +
           ", which MLonMCU does not support");
    }
    out.dtype = *dtype;
    int64_t elements = 1;
    if (t.shape() != nullptr) {
      for (int32_t dim : *t.shape()) {
        if (dim < 0) fail(label + " has a negative dimension " + std::to_string(dim));
        out.shape.push_back(dim);
        elements *= dim;  // bounded below: each step is checked before the next multiply
        if (elements > kMaxTensorBytes) fail(label + " is too large");
      }
    }
    const int64_t num_bytes = elements * static_cast<int64_t>(ir::dtype_size(out.dtype));
    if (num_bytes > kMaxTensorBytes) fail(label + " is too large");
    if (t.sparsity() != nullptr) fail(label + " is sparse; sparse tensors are not supported");
    if (out.dtype == ir::DType::Int4) {
      // Packed two per byte, low nibble first. Unpacked to int8 here, as TFLite-Micro's kernels
      // do at Prepare, so every int8 kernel takes int4 weights.
      const std::vector<uint8_t> packed = read_buffer(t.buffer(), label, (elements + 1) / 2);
      if (!packed.empty()) {
        out.dtype = ir::DType::Int8;
        out.data = unpack_int4(packed, elements);
      }
    } else {
      out.data = read_buffer(t.buffer(), label, num_bytes);
    }
    if (t.quantization() != nullptr) out.quant = read_quantization(*t.quantization(), label);
    out.is_variable = t.is_variable();
    // TFLite-Micro gives a variable tensor arena memory and resets it at AllocateTensors, so a
    // buffer in the file is never read (lowering/memory_plan.h says what it starts as).
    if (out.is_variable) out.data.clear();
    return out;
  }

  static std::vector<uint8_t> unpack_int4(const std::vector<uint8_t>& packed, int64_t elements) {
    std::vector<uint8_t> out(static_cast<size_t>(elements));
    for (size_t i = 0; i < out.size(); ++i) {
      const int nibble = (packed[i / 2] >> (4 * (i % 2))) & 0x0f;
      out[i] = static_cast<uint8_t>(static_cast<int8_t>(nibble >= 8 ? nibble - 16 : nibble));
    }
    return out;
  }

  std::vector<uint8_t> read_buffer(uint32_t index, const std::string& label,
                                   int64_t expected_bytes) const {
    const auto* buffers = model_->buffers();
    const size_t count = buffers == nullptr ? 0 : buffers->size();
    if (index >= count) {
      if (index == 0) return {};  // no buffers at all: nothing is constant
      fail(label + " refers to buffer " + std::to_string(index) + " but the model has " +
           std::to_string(count) + " buffers");
    }
    const tflite::Buffer& buffer = *buffers->Get(index);
    const uint8_t* data = nullptr;
    uint64_t size = 0;
    if (buffer.data() != nullptr && buffer.data()->size() > 0) {
      data = buffer.data()->data();
      size = buffer.data()->size();
    } else if (buffer.offset() > 1) {
      // Data kept after the flatbuffer (large models); the offset is from the start of the file.
      const uint64_t offset = buffer.offset();
      size = buffer.size();
      if (offset > bytes_.size() || size > bytes_.size() - offset) {
        fail(label + ": buffer " + std::to_string(index) + " (offset " + std::to_string(offset) +
             ", " + std::to_string(size) + " bytes) lies outside the file");
      }
      data = bytes_.data() + offset;
    }
    if (size == 0) return {};
    // TFLite-Micro takes the buffer's start and sizes the tensor from its shape: a longer
    // buffer is fine (the rest is never read), a shorter one would be read past its end.
    if (size < static_cast<uint64_t>(expected_bytes)) {
      fail(label + " has " + std::to_string(size) + " bytes of constant data but its shape and " +
           "type need " + std::to_string(expected_bytes));
    }
    return std::vector<uint8_t>(data, data + expected_bytes);
  }

  // Scales and zero points as TFLite-Micro takes them: custom quantization details are ignored,
  // a single zero point stands for every channel (weights store one 0), and the per-channel
  // axis is checked by the ops that read per-channel scales.
  ir::Quantization read_quantization(const tflite::QuantizationParameters& q,
                                     const std::string& label) const {
    ir::Quantization out;
    if (q.scale() == nullptr || q.scale()->size() == 0) return out;  // min/max only: float
    for (float s : *q.scale()) {
      if (!std::isfinite(s) || s < 0) fail(label + " has an invalid quantization scale");
      out.scale.push_back(s);
    }
    const size_t n = out.scale.size();
    if (q.zero_point() != nullptr && q.zero_point()->size() == n) {
      out.zero_point.assign(q.zero_point()->begin(), q.zero_point()->end());
    } else {
      const int64_t zp =
          q.zero_point() != nullptr && q.zero_point()->size() > 0 ? q.zero_point()->Get(0) : 0;
      out.zero_point.assign(n, zp);
    }
    out.axis = q.quantized_dimension();
    return out;
  }

  struct OpCode {
    int32_t builtin = 0;
    std::string custom_code;
  };

  std::vector<OpCode> read_opcodes() const {
    std::vector<OpCode> codes;
    if (model_->operator_codes() == nullptr) return codes;
    for (const tflite::OperatorCode* code : *model_->operator_codes()) {
      OpCode out;
      // Old files fill only the byte field; newer ones both (byte = 127 for large codes).
      out.builtin = std::max<int32_t>(code->deprecated_builtin_code(),
                                      static_cast<int32_t>(code->builtin_code()));
      if (out.builtin < 0) fail("invalid builtin operator code " + std::to_string(out.builtin));
      if (code->custom_code() != nullptr) out.custom_code = code->custom_code()->str();
      codes.push_back(std::move(out));
    }
    return codes;
  }

  void read_operators(ir::Graph& graph, const std::vector<OpCode>& codes) const {
    const auto* ops = subgraph_->operators();
    if (ops == nullptr) return;
    graph.ops.reserve(ops->size());
    for (size_t i = 0; i < ops->size(); ++i) {
      const tflite::Operator& op = *ops->Get(static_cast<flatbuffers::uoffset_t>(i));
      if (op.opcode_index() >= codes.size()) {
        fail("operator " + std::to_string(i) + " uses opcode index " +
             std::to_string(op.opcode_index()) + " but the model has " +
             std::to_string(codes.size()) + " operator codes");
      }
      graph.ops.push_back(read_operator(i, op, codes[op.opcode_index()], graph));
    }
  }

  ir::Operator read_operator(size_t index, const tflite::Operator& op, const OpCode& code,
                             const ir::Graph& graph) const {
    ir::Operator out;
    auto type = tflite_format::op_type_from_builtin(code.builtin);
    if (code.builtin == tflite_format::kCustomBuiltinCode) {
      out.type_name = code.custom_code.empty() ? "CUSTOM" : code.custom_code;
      type = tflite_format::op_type_from_custom(code.custom_code);
    } else {
      out.type_name = tflite_format::builtin_name(code.builtin);
    }
    const std::string label = "operator " + std::to_string(index) + " (" + out.type_name + ")";
    out.inputs = read_op_indices(op.inputs(), graph, label, "input", true);
    out.outputs = read_op_indices(op.outputs(), graph, label, "output", false);
    if (type) {
      out.type = *type;
      out.options = tflite_format::read_options(
          *type, op, [&](const std::string& problem) { fail(label + " " + problem); });
    }
    return out;
  }

  std::vector<int32_t> read_op_indices(const flatbuffers::Vector<int32_t>* v,
                                       const ir::Graph& graph, const std::string& label,
                                       const char* kind, bool optional_allowed) const {
    std::vector<int32_t> out;
    if (v == nullptr) return out;
    const auto count = static_cast<int64_t>(graph.tensors.size()) - tensor_base_;
    for (int32_t index : *v) {
      const bool absent = optional_allowed && index == -1;
      if (!absent && (index < 0 || index >= count)) {
        fail(label + " " + kind + " refers to tensor " + std::to_string(index) +
             " but the subgraph has " + std::to_string(count) + " tensors");
      }
      out.push_back(absent ? index : index + tensor_base_);
    }
    return out;
  }

  std::vector<int32_t> read_io_indices(const flatbuffers::Vector<int32_t>* v,
                                       const ir::Graph& graph, const char* kind) const {
    std::vector<int32_t> out;
    if (v == nullptr) return out;
    const auto count = static_cast<int64_t>(graph.tensors.size()) - tensor_base_;
    for (int32_t index : *v) {
      if (index < 0 || index >= count) {
        fail(std::string("graph ") + kind + " refers to tensor " + std::to_string(index) +
             " but the subgraph has " + std::to_string(count) + " tensors");
      }
      out.push_back(index + tensor_base_);
    }
    return out;
  }

  // IF, WHILE and CALL_ONCE name subgraphs that exist, and no subgraph calls itself, directly or
  // through others (TFLM would recurse without end).
  void check_subgraph_indices(const ir::Graph& graph) const {
    const auto count = static_cast<int32_t>(std::max<size_t>(graph.subgraphs.size(), 1));
    std::vector<std::vector<int32_t>> calls(static_cast<size_t>(count));
    for (int32_t k = 0; k < count; ++k) {
      const int32_t first = graph.subgraphs.empty() ? 0 : graph.subgraphs[static_cast<size_t>(k)].first_op;
      const int32_t end = first + (graph.subgraphs.empty() ? static_cast<int32_t>(graph.ops.size())
                                                           : graph.subgraphs[static_cast<size_t>(k)].num_ops);
      for (int32_t i = first; i < end; ++i) {
        const ir::Operator& op = graph.ops[static_cast<size_t>(i)];
        const auto* opts = std::get_if<ir::SubgraphOptions>(&op.options);
        if (opts == nullptr) continue;
        for (int32_t index : opts->subgraphs) {
          if (index < 0 || index >= count)
            fail("operator " + std::to_string(i - first) + " (" + op.type_name + ") of subgraph " +
                 std::to_string(k) + " calls subgraph " + std::to_string(index) +
                 " but the model has " + std::to_string(count) + " subgraphs");
          calls[static_cast<size_t>(k)].push_back(index);
        }
      }
    }
    // Depth-first from every subgraph: 1 = on the current path, 2 = done.
    std::vector<int> state(static_cast<size_t>(count), 0);
    auto visit = [&](auto&& self, int32_t k) -> void {
      state[static_cast<size_t>(k)] = 1;
      for (int32_t callee : calls[static_cast<size_t>(k)]) {
        if (state[static_cast<size_t>(callee)] == 1)
          fail("subgraph " + std::to_string(callee) + " calls itself (through subgraph " +
               std::to_string(k) + ")");
        if (state[static_cast<size_t>(callee)] == 0) self(self, callee);
      }
      state[static_cast<size_t>(k)] = 2;
    };
    for (int32_t k = 0; k < count; ++k)
      if (state[static_cast<size_t>(k)] == 0) visit(visit, k);
  }

  const std::vector<uint8_t>& bytes_;
  std::string what_;
  const tflite::Model* model_ = nullptr;
  const tflite::SubGraph* subgraph_ = nullptr;  // the one being read
  int32_t tensor_base_ = 0;                       // index of its first tensor in the graph
};

}  // namespace

ir::Graph parse_tflite(const std::vector<uint8_t>& bytes, const std::string& what) {
  return TfliteReader(bytes, what).read();
}

}  // namespace mlonmcu::frontends
