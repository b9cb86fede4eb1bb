#include "backends/aot/c_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/aot/kernel_call.h"
#include "backends/aot/kernel_sources.h"
#include "common/error.h"

namespace mlonmcu::backends::aot {

namespace {

const char* c_type(ir::DType dtype) {
  switch (dtype) {
    case ir::DType::Float32: return "float";
    case ir::DType::Int8: return "int8_t";
    case ir::DType::UInt8: return "uint8_t";
    case ir::DType::Int16: return "int16_t";
    case ir::DType::Int32: return "int32_t";
    case ir::DType::Int64: return "int64_t";
    case ir::DType::Bool: return "uint8_t";
  }
  return "uint8_t";
}

// Integer literals that are valid C for every value (INT32_MIN has no literal of its own).
std::string int_literal(int64_t v) {
  if (v == INT64_MIN) return "(-INT64_C(9223372036854775807) - 1)";
  if (v < INT32_MIN || v > INT32_MAX) return fmt::format("INT64_C({})", v);
  if (v == INT32_MIN) return "(-2147483647 - 1)";
  return std::to_string(v);
}

std::string float_literal(float f) {
  if (std::isnan(f)) return "NAN";
  if (std::isinf(f)) return f > 0 ? "INFINITY" : "-INFINITY";
  std::string s = fmt::format("{:.9g}", f);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string thousands(int64_t v) {
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int64_t elements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

// The elements of a constant tensor as C initializer values, 16 per line for bytes.
std::string initializer(const ir::Tensor& t) {
  const size_t size = ir::dtype_size(t.dtype);
  const size_t n = t.data.size() / size;
  const size_t per_line = size == 1 ? 16 : 8;
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += i % per_line == 0 ? "\n   " : "";
    const uint8_t* p = t.data.data() + i * size;
    std::string v;
    switch (t.dtype) {
      case ir::DType::Float32: {
        float f;
        std::memcpy(&f, p, 4);
        v = float_literal(f);
        break;
      }
      case ir::DType::Int8: v = std::to_string(static_cast<int8_t>(*p)); break;
      case ir::DType::UInt8:
      case ir::DType::Bool: v = std::to_string(*p); break;
      case ir::DType::Int16: {
        int16_t x;
        std::memcpy(&x, p, 2);
        v = std::to_string(x);
        break;
      }
      case ir::DType::Int32: {
        int32_t x;
        std::memcpy(&x, p, 4);
        v = int_literal(x);
        break;
      }
      case ir::DType::Int64: {
        int64_t x;
        std::memcpy(&x, p, 8);
        v = int_literal(x);
        break;
      }
    }
    out += " " + v + ",";
  }
  return out + "\n";
}

// "  fn(a, b, c);" wrapped at 100 columns with the arguments aligned after the parenthesis.
std::string call_statement(const std::string& function, const std::vector<std::string>& args) {
  constexpr size_t kWidth = 100;
  const std::string head = "  " + function + "(";
  std::string out = head, line = head;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string piece = args[i] + (i + 1 < args.size() ? "," : ");");
    if (line.size() > head.size() && line.size() + 1 + piece.size() > kWidth) {
      out += "\n" + std::string(head.size(), ' ');
      line = std::string(head.size(), ' ');
    } else if (line.size() > head.size()) {
      out += " ";
      line += " ";
    }
    out += piece;
    line += piece;
  }
  if (args.empty()) out += ");";
  return out + "\n";
}

bool type_fits(const std::string& type, ir::DType dtype) {
  return type == "void" || type == c_type(dtype);
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

class Generator {
 public:
  Generator(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
            std::string prefix, std::string model_name)
      : lowered_(lowered), plan_(plan), p_(std::move(prefix)), model_(std::move(model_name)) {
    const auto& g = lowered.graph;
    for (size_t i = 0; i < g.inputs.size(); ++i) io_name_.emplace(g.inputs[i], fmt::format("input{}", i));
    for (size_t i = 0; i < g.outputs.size(); ++i) io_name_.emplace(g.outputs[i], fmt::format("output{}", i));
  }

  CModel run() {
    for (size_t i = 0; i < lowered_.ops.size(); ++i) emit_layer(i);
    CModel out;
    out.kernel_functions.assign(functions_.begin(), functions_.end());
    out.header = header();
    out.source = source(kernel_files_for(out.kernel_functions).public_headers);
    out.weight_bytes = weight_bytes_;
    return out;
  }

 private:
  const ir::Tensor& tensor(int32_t t) const {
    if (t < 0 || static_cast<size_t>(t) >= lowered_.graph.tensors.size())
      throw Error(ErrorKind::Internal, fmt::format("aot: op refers to tensor {}", t));
    return lowered_.graph.tensors[static_cast<size_t>(t)];
  }

  // The address of tensor t's data as `const type*` (or `type*`).
  std::string pointer(int32_t t, const std::string& type, bool writable) {
    const ir::Tensor& x = tensor(t);
    if (!type_fits(type, x.dtype))
      throw Error(ErrorKind::Internal, fmt::format("aot: tensor '{}' is {}, the kernel takes {}",
                                                   x.name, ir::dtype_name(x.dtype), type));
    const std::string cast = fmt::format("({}{}*)", writable ? "" : "const ", type);
    if (x.is_const()) {
      if (writable) throw Error(ErrorKind::Internal, "aot: a kernel would write a constant");
      used_constants_.insert(t);
      const std::string name = fmt::format("{}_c{}", p_, t);
      return type == c_type(x.dtype) ? name : cast + name;
    }
    if (plan_.in_workspace(t))
      return fmt::format("{}&{}_workspace[{}]", cast, p_, plan_.offsets[static_cast<size_t>(t)]);
    if (plan_.own_buffer[static_cast<size_t>(t)])
      return fmt::format("{}{}_{}_buffer", type == c_type(x.dtype) ? "" : cast, p_, io_name_.at(t));
    throw Error(ErrorKind::Internal, fmt::format("aot: tensor '{}' has no memory", x.name));
  }

  std::string dims(std::vector<int32_t> d) {
    if (d.empty()) d = {1};
    auto it = dims_.find(d);
    if (it == dims_.end())
      it = dims_.emplace(d, fmt::format("{}_dims_{}", p_, fmt::join(d, "x"))).first;
    return it->second;
  }

  static std::vector<int32_t> broadcast(const std::vector<int32_t>& shape) {
    std::vector<int32_t> out(6, 1);
    for (size_t i = 0; i < shape.size() && i < 6; ++i) out[6 - shape.size() + i] = shape[i];
    return out;
  }

  int32_t slot(const ops::LoweredOp& op, const Arg& a, bool output) const {
    const auto& list = output ? op.outputs : op.inputs;
    return a.slot >= 0 && static_cast<size_t>(a.slot) < list.size() ? list[static_cast<size_t>(a.slot)] : -1;
  }

  int64_t inner_bytes(int32_t t, int32_t axis) const {
    const ir::Tensor& x = tensor(t);
    int64_t n = static_cast<int64_t>(ir::dtype_size(x.dtype));
    for (size_t d = static_cast<size_t>(std::max(axis, 0)); d < x.shape.size(); ++d) n *= x.shape[d];
    return n;
  }

  int32_t param_word(const ops::LoweredOp& op, int32_t word) const {
    if (word < 0 || static_cast<size_t>(word) >= op.params.size())
      throw Error(ErrorKind::Internal, "aot: op params shorter than its params struct");
    return op.params[static_cast<size_t>(word)];
  }

  std::string arg(const ops::LoweredOp& op, size_t index, const Arg& a, int32_t k) {
    auto present = [&](bool output) {
      const int32_t t = slot(op, a, output);
      if (t < 0) throw Error(ErrorKind::Internal, fmt::format("aot: layer {} lacks tensor slot {}", index, a.slot));
      return t;
    };
    auto shape = [&](bool output) -> const std::vector<int32_t>& { return tensor(present(output)).shape; };
    switch (a.kind) {
      case ArgKind::Params: return "&" + params_name_ + ".p";
      case ArgKind::ParamWord: return int_literal(param_word(op, a.extra));
      case ArgKind::Record: return fmt::format("&{}_p{}_inputs[{}].r", p_, index, k);
      case ArgKind::In: return pointer(present(false), a.type, false);
      case ArgKind::InOrNull: return slot(op, a, false) < 0 ? "NULL" : pointer(present(false), a.type, false);
      case ArgKind::Out: return pointer(present(true), a.type, true);
      case ArgKind::Dims: return dims(shape(false));
      case ArgKind::OutDims: return dims(shape(true));
      case ArgKind::BcastDims: return dims(broadcast(shape(false)));
      case ArgKind::OutBcastDims: return dims(broadcast(shape(true)));
      case ArgKind::Dim: {
        const auto& s = shape(false);
        if (a.extra < 0 || static_cast<size_t>(a.extra) >= s.size())
          throw Error(ErrorKind::Internal, fmt::format("aot: layer {} needs dim {}", index, a.extra));
        return int_literal(s[static_cast<size_t>(a.extra)]);
      }
      case ArgKind::Rank: return int_literal(static_cast<int64_t>(shape(false).size()));
      case ArgKind::Elements: return int_literal(elements(shape(false)));
      case ArgKind::Bytes: return int_literal(tensor(present(false)).num_bytes());
      case ArgKind::ElementSize:
        return int_literal(static_cast<int64_t>(ir::dtype_size(tensor(present(false)).dtype)));
      case ArgKind::Rows:
      case ArgKind::OutRows: {
        const auto& s = shape(a.kind == ArgKind::OutRows);
        const int64_t last = s.empty() ? 1 : s.back();
        return int_literal(last == 0 ? 0 : elements(s) / last);
      }
      case ArgKind::LastDim: return int_literal(shape(false).empty() ? 1 : shape(false).back());
      case ArgKind::EachIn: return pointer(op.inputs[static_cast<size_t>(k)], a.type, false);
      case ArgKind::EachInnerBytes:
        return int_literal(inner_bytes(op.inputs[static_cast<size_t>(k)], param_word(op, a.extra)));
      case ArgKind::EachOffsetBytes: {
        int64_t offset = 0;
        for (int32_t j = 0; j < k; ++j)
          offset += inner_bytes(op.inputs[static_cast<size_t>(j)], param_word(op, a.extra));
        return int_literal(offset);
      }
      case ArgKind::OutInnerBytes: return int_literal(inner_bytes(op.outputs.at(0), param_word(op, a.extra)));
      case ArgKind::OutOuter: {
        const auto& s = tensor(op.outputs.at(0)).shape;
        int64_t n = 1;
        for (int32_t d = 0; d < param_word(op, a.extra) && static_cast<size_t>(d) < s.size(); ++d) n *= s[static_cast<size_t>(d)];
        return int_literal(n);
      }
    }
    return "";
  }

  // The op's params struct (and per-input records) as constants.
  void emit_params(const ops::LoweredOp& op, size_t index, const KernelCall& call) {
    if (call.params_words == 0) return;
    if (op.params.size() < static_cast<size_t>(call.params_words))
      throw Error(ErrorKind::Internal, fmt::format("aot: layer {} has too few params words", index));
    std::vector<std::string> words;
    for (int32_t i = 0; i < call.params_words; ++i) words.push_back(int_literal(op.params[static_cast<size_t>(i)]));
    const bool passed = std::any_of(call.args.begin(), call.args.end(),
                                    [](const Arg& a) { return a.kind == ArgKind::Params; });
    // Layers with the same parameters (common: stride, padding, zero points) share one constant.
    const std::string text = fmt::format("{}", fmt::join(words, ", "));
    auto [it, fresh] = params_names_.try_emplace({call.params_type, text}, fmt::format("{}_p{}", p_, index));
    params_name_ = it->second;
    if (passed && fresh)
      params_ += fmt::format("static const union {{ int32_t w[{}]; {} p; }} {} = {{{{{}}}}};\n",
                             call.params_words, call.params_type, params_name_, text);
    for (const Arg& a : call.args) {
      if (a.kind != ArgKind::Record) continue;
      std::vector<std::string> records;
      for (size_t k = 0; k < op.inputs.size(); ++k) {
        std::vector<std::string> r;
        for (int32_t w = 0; w < a.extra; ++w)
          r.push_back(int_literal(param_word(op, call.params_words + static_cast<int32_t>(k) * a.extra + w)));
        records.push_back(fmt::format("{{{{{}}}}}", fmt::join(r, ", ")));
      }
      params_ += fmt::format("static const union {{ int32_t w[{}]; {} r; }} {}_p{}_inputs[{}] = {{{}}};\n",
                             a.extra, a.type, p_, index, op.inputs.size(), fmt::join(records, ", "));
    }
  }

  void emit_layer(size_t index) {
    const ops::LoweredOp& op = lowered_.ops[index];
    const lowering::LayerInfo& layer = lowered_.layers[index];
    std::string comment = fmt::format("  /* {}: {} {}", index, layer.op, layer.shapes);
    if (layer.macs > 0) comment += fmt::format(", {} MACs", thousands(layer.macs));
    calls_ += comment + " */\n";
    calls_ += fmt::format("  {}_LAYER_BEGIN({});\n", upper(p_), index);
    const bool same_bytes = op.output_is_input_view && !op.inputs.empty() && !op.outputs.empty() &&
                            plan_.in_workspace(op.inputs[0]) && plan_.in_workspace(op.outputs[0]) &&
                            plan_.offsets[static_cast<size_t>(op.inputs[0])] ==
                                plan_.offsets[static_cast<size_t>(op.outputs[0])];
    if (same_bytes) {
      calls_ += "  /* the output is a view of the input's bytes: nothing to do */\n";
    } else {
      const KernelCall* call = kernel_call(op.opcode);
      if (!call) throw Error(ErrorKind::Internal, fmt::format("aot: no kernel call for opcode {}", op.opcode));
      functions_.insert(call->function);
      emit_params(op, index, *call);
      const int32_t calls = call->per_input ? static_cast<int32_t>(op.inputs.size()) : 1;
      for (int32_t k = 0; k < calls; ++k) {
        std::vector<std::string> args;
        for (const Arg& a : call->args) args.push_back(arg(op, index, a, k));
        calls_ += call_statement(call->function, args);
      }
    }
    calls_ += fmt::format("  {}_LAYER_END({});\n", upper(p_), index);
  }

  struct Io {
    std::string name;  // input0
    size_t index;
    int32_t tensor;
  };
  std::vector<Io> ios(bool outputs) const {
    std::vector<Io> out;
    const auto& list = outputs ? lowered_.graph.outputs : lowered_.graph.inputs;
    for (size_t i = 0; i < list.size(); ++i)
      out.push_back({fmt::format("{}{}", outputs ? "output" : "input", i), i, list[i]});
    return out;
  }

  std::string header() const {
    const std::string P = upper(p_);
    std::string h = fmt::format(
        "/* Generated by MLonMCU (aot backend) from model '{}'. Do not edit.\n"
        " *\n"
        " * The model as plain C99 calling MLonMCU's kernels: no allocation, no interpreter.\n"
        " * Call {}_init() once, then per inference: fill the inputs, call {}_invoke(), read the\n"
        " * outputs. {}\n"
        " * Returns 0 on success. Not reentrant: one inference at a time. */\n"
        "#ifndef {}_H_\n#define {}_H_\n\n#include <stddef.h>\n#include <stdint.h>\n\n"
        "#ifdef __cplusplus\nextern \"C\" {{\n#endif\n\n",
        model_, p_, p_,
        plan_.own_buffer.empty() || std::none_of(plan_.own_buffer.begin(), plan_.own_buffer.end(), [](bool b) { return b; })
            ? "Inputs and outputs live in the workspace: an inference may\n * overwrite its inputs, "
              "so refill them before every call."
            : "Inputs and outputs have buffers of their own.",
        P, P);
    h += fmt::format("#define {}_NUM_INPUTS {}\n#define {}_NUM_OUTPUTS {}\n", P,
                     lowered_.graph.inputs.size(), P, lowered_.graph.outputs.size());
    h += fmt::format("#define {}_WORKSPACE_SIZE {} /* bytes of activations, static */\n\n", P,
                     plan_.workspace_size);
    for (bool outputs : {false, true})
      for (const Io& io : ios(outputs)) {
        const ir::Tensor& t = tensor(io.tensor);
        const std::string N = P + "_" + upper(io.name);
        h += fmt::format("/* {} {}: '{}', {} {} */\n", outputs ? "Output" : "Input", io.index,
                         t.name, ir::dtype_name(t.dtype), lowering::shape_text(t.shape));
        h += fmt::format("extern {}* const {}_{};\n", c_type(t.dtype), p_, io.name);
        h += fmt::format("#define {}_TYPE {}\n#define {}_SIZE {}\n#define {}_RANK {}\n", N,
                         c_type(t.dtype), N, t.num_bytes(), N, t.shape.size());
        h += fmt::format("#define {}_SHAPE {{{}}}\n", N, fmt::join(t.shape.empty() ? std::vector<int32_t>{1} : t.shape, ", "));
        if (!t.quant.empty())
          h += fmt::format("#define {}_SCALE {}\n#define {}_ZERO_POINT {}\n", N,
                           float_literal(t.quant.scale[0]), N,
                           int_literal(t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0]));
        h += "\n";
      }
    h += fmt::format(
        "int {0}_init(void);\nint {0}_invoke(void);\n\n"
        "/* By index, for generic code; NULL / 0 for an index out of range. */\n"
        "void* {0}_input(int index);\nsize_t {0}_input_size(int index);\n"
        "void* {0}_output(int index);\nsize_t {0}_output_size(int index);\n\n"
        "#ifdef __cplusplus\n}}\n#endif\n\n#endif /* {1}_H_ */\n",
        p_, P);
    return h;
  }

  std::string source(const std::vector<std::string>& kernel_headers) {
    const std::string P = upper(p_);
    std::string s = fmt::format("/* Generated by MLonMCU (aot backend) from model '{}'. Do not edit.\n"
                                " * {} layers",
                                model_, lowered_.ops.size());
    int64_t macs = 0;
    for (const auto& l : lowered_.layers) macs += l.macs;
    s += fmt::format(", {} MACs per inference; workspace {} B (whole-tensor lower bound {} B). */\n",
                     thousands(macs), plan_.workspace_size, plan_.lower_bound);
    s += fmt::format("#include \"{}.h\"\n\n#include <stddef.h>\n#include <stdint.h>\n", p_);
    for (const auto& h : kernel_headers) s += fmt::format("#include \"{}\"\n", h);
    bool float_consts = false;
    for (int32_t t : used_constants_) float_consts = float_consts || tensor(t).dtype == ir::DType::Float32;
    if (float_consts) s += "#include <math.h>\n";
    s += fmt::format(
        "\n/* Per-layer markers for profiling builds (the harness defines the functions). */\n"
        "#ifdef MLIF_LAYER_MARKERS\nvoid mlonmcu_layer_begin(int32_t layer);\nvoid mlonmcu_layer_end(int32_t layer);\n"
        "#define {0}_LAYER_BEGIN(i) mlonmcu_layer_begin(i)\n#define {0}_LAYER_END(i) mlonmcu_layer_end(i)\n"
        "#else\n#define {0}_LAYER_BEGIN(i) ((void)0)\n#define {0}_LAYER_END(i) ((void)0)\n#endif\n\n",
        P);
    s += fmt::format("/* All activations: {} B, offsets planned at build time. */\nstatic uint8_t {}_workspace[{}] __attribute__((aligned({})));\n",
                     plan_.workspace_size, p_, std::max<int64_t>(plan_.workspace_size, 1), std::max<int64_t>(plan_.alignment, 16));
    for (bool outputs : {false, true})
      for (const Io& io : ios(outputs)) {
        const ir::Tensor& t = tensor(io.tensor);
        if (plan_.own_buffer[static_cast<size_t>(io.tensor)])
          s += fmt::format("static {} {}_{}_buffer[{}] __attribute__((aligned(16)));\n", c_type(t.dtype), p_,
                           io.name, std::max<int64_t>(t.num_elements(), 1));
      }
    s += "\n";
    for (bool outputs : {false, true})
      for (const Io& io : ios(outputs)) {
        const ir::Tensor& t = tensor(io.tensor);
        s += fmt::format("{}* const {}_{} = {};\n", c_type(t.dtype), p_, io.name,
                         t.is_const() ? "NULL" : pointer(io.tensor, c_type(t.dtype), true));
      }
    s += "\n/* Constants: weights, biases, per-channel requantization. */\n";
    for (int32_t t : used_constants_) {
      const ir::Tensor& x = tensor(t);
      weight_bytes_ += static_cast<int64_t>(x.data.size());
      s += fmt::format("/* '{}', {} {} */\nstatic const {} {}_c{}[{}] __attribute__((aligned(16))) = {{{}}};\n",
                       x.name, ir::dtype_name(x.dtype), lowering::shape_text(x.shape), c_type(x.dtype), p_, t,
                       std::max<int64_t>(x.num_elements(), 1), x.data.empty() ? " 0 " : initializer(x));
    }
    s += "\n/* Shapes. */\n";
    for (const auto& [d, name] : dims_) {
      std::vector<std::string> v;
      for (int32_t x : d) v.push_back(int_literal(x));
      s += fmt::format("static const int32_t {}[{}] = {{{}}};\n", name, d.size(), fmt::join(v, ", "));
    }
    s += "\n/* Layer parameters (kernel params structs). */\n" + params_;
    s += fmt::format("\nint {}_init(void) {{ return 0; }}\n\nint {}_invoke(void) {{\n{}  return 0;\n}}\n", p_,
                     p_, calls_);
    for (bool outputs : {false, true}) {
      const std::string kind = outputs ? "output" : "input";
      std::string ptr_cases, size_cases;
      for (size_t i = 0; i < ios(outputs).size(); ++i) {
        const Io io = ios(outputs)[i];
        ptr_cases += fmt::format("    case {}: return {}_{};\n", i, p_, io.name);
        size_cases += fmt::format("    case {}: return {};\n", i, tensor(io.tensor).num_bytes());
      }
      s += fmt::format("\nvoid* {0}_{1}(int index) {{\n  switch (index) {{\n{2}    default: return NULL;\n  }}\n}}\n"
                       "\nsize_t {0}_{1}_size(int index) {{\n  switch (index) {{\n{3}    default: return 0;\n  }}\n}}\n",
                       p_, kind, ptr_cases, size_cases);
    }
    return s;
  }

  const lowering::LoweredGraph& lowered_;
  const lowering::MemoryPlan& plan_;
  const std::string p_;
  const std::string model_;
  std::map<int32_t, std::string> io_name_;
  std::set<int32_t> used_constants_;
  std::map<std::vector<int32_t>, std::string> dims_;
  std::set<std::string> functions_;
  std::string params_, calls_;
  std::map<std::pair<std::string, std::string>, std::string> params_names_;  // (type, words)
  std::string params_name_;  // of the layer being emitted
  int64_t weight_bytes_ = 0;
};

}  // namespace

bool valid_prefix(const std::string& prefix) {
  if (prefix.empty() || prefix.size() > 32 || !(std::isalpha(static_cast<unsigned char>(prefix[0])) || prefix[0] == '_'))
    return false;
  return std::all_of(prefix.begin(), prefix.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

CModel generate_c_model(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
                        const std::string& prefix, const std::string& model_name) {
  if (!valid_prefix(prefix))
    throw Error(ErrorKind::Config, fmt::format("aot.prefix '{}' is not a C identifier of at most 32 characters", prefix));
  return Generator(lowered, plan, prefix, model_name).run();
}

std::string mlif_adapter_source(const std::string& prefix) {
  return fmt::format(
      "/* Generated by MLonMCU: the harness's model API (mlif_model.h) over the aot model. */\n"
      "#include \"mlif_model.h\"\n#include \"{0}.h\"\n\n"
      "int mlif_model_init(void) {{ return {0}_init(); }}\n"
      "int mlif_model_invoke(void) {{ return {0}_invoke(); }}\n"
      "int mlif_model_num_inputs(void) {{ return {1}_NUM_INPUTS; }}\n"
      "int mlif_model_num_outputs(void) {{ return {1}_NUM_OUTPUTS; }}\n"
      "void* mlif_model_input(int index) {{ return {0}_input(index); }}\n"
      "size_t mlif_model_input_size(int index) {{ return {0}_input_size(index); }}\n"
      "void* mlif_model_output(int index) {{ return {0}_output(index); }}\n"
      "size_t mlif_model_output_size(int index) {{ return {0}_output_size(index); }}\n",
      prefix, upper(prefix));
}

}  // namespace mlonmcu::backends::aot
