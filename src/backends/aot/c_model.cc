#include "backends/aot/c_model.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "backends/aot/c_api.h"
#include "backends/aot/c_text.h"
#include "backends/aot/kernel_call.h"
#include "backends/aot/kernel_sources.h"
#include "common/error.h"
#include "mlonmcu/kernels/variant.h"
#include "mlonmcu/runtime/opcodes.h"

namespace mlonmcu::backends::aot {

namespace {

bool type_fits(const std::string& type, ir::DType dtype) {
  return type == "void" || type == c_type(dtype);
}
int64_t elements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

class Generator {
 public:
  Generator(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
            std::string prefix, std::string model_name)
      : lowered_(lowered), plan_(plan), p_(std::move(prefix)), model_(std::move(model_name)) {
    const auto& g = lowered.graph;
    for (size_t i = 0; i < g.inputs.size(); ++i)
      io_name_.emplace(g.inputs[i], fmt::format("input{}", i));
    for (size_t i = 0; i < g.outputs.size(); ++i)
      io_name_.emplace(g.outputs[i], fmt::format("output{}", i));
  }

  CModel run() {
    std::vector<lowering::Segment> segments = lowered_.segments;
    if (segments.empty()) segments.push_back({0, static_cast<int32_t>(lowered_.ops.size()), {}, {}});
    segments_ = segments;
    // Segment 0 is invoke's body; every other subgraph becomes a function the control ops call.
    for (size_t k = 0; k < segments.size(); ++k) {
      calls_.clear();
      for (int32_t i = segments[k].first_op; i < segments[k].first_op + segments[k].num_ops; ++i)
        emit_layer(static_cast<size_t>(i));
      segment_bodies_.push_back(calls_);
    }
    calls_ = segment_bodies_[0];
    CModel out;
    out.kernel_functions.assign(functions_.begin(), functions_.end());
    out.header = api_header(lowered_, plan_, p_, model_);
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
    return a.slot >= 0 && static_cast<size_t>(a.slot) < list.size()
               ? list[static_cast<size_t>(a.slot)]
               : -1;
  }

  int64_t inner_bytes(int32_t t, int32_t axis) const {
    const ir::Tensor& x = tensor(t);
    int64_t n = static_cast<int64_t>(ir::dtype_size(x.dtype));
    for (size_t d = static_cast<size_t>(std::max(axis, 0)); d < x.shape.size(); ++d)
      n *= x.shape[d];
    return n;
  }

  // Product of tensor t's dims before the axis.
  int64_t outer(int32_t t, int32_t axis) const {
    const auto& s = tensor(t).shape;
    int64_t n = 1;
    for (int32_t d = 0; d < axis && static_cast<size_t>(d) < s.size(); ++d) n *= s[static_cast<size_t>(d)];
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
      if (t < 0)
        throw Error(ErrorKind::Internal,
                    fmt::format("aot: layer {} lacks tensor slot {}", index, a.slot));
      return t;
    };
    auto shape = [&](bool output) -> const std::vector<int32_t>& {
      return tensor(present(output)).shape;
    };
    switch (a.kind) {
      case ArgKind::Params: return "&" + params_name_ + ".p";
      case ArgKind::ParamWord: return int_literal(param_word(op, a.extra));
      case ArgKind::Record: return fmt::format("&{}_p{}_inputs[{}].r", p_, index, k);
      case ArgKind::In: return pointer(present(false), a.type, false);
      case ArgKind::InOrNull:
        return slot(op, a, false) < 0 ? "NULL" : pointer(present(false), a.type, false);
      case ArgKind::Out: return pointer(present(true), a.type, true);
      case ArgKind::Dims: return dims(shape(false));
      case ArgKind::OutDims: return dims(shape(true));
      case ArgKind::BcastDims: return dims(broadcast(shape(false)));
      case ArgKind::OutBcastDims: return dims(broadcast(shape(true)));
      case ArgKind::Dim: {
        const auto& s = shape(false);
        if (a.extra < 0 || static_cast<size_t>(a.extra) >= s.size())
          throw Error(ErrorKind::Internal,
                      fmt::format("aot: layer {} needs dim {}", index, a.extra));
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
      case ArgKind::OutInnerBytes:
        return int_literal(inner_bytes(op.outputs.at(0), param_word(op, a.extra)));
      case ArgKind::OutOuter: return int_literal(outer(op.outputs.at(0), param_word(op, a.extra)));
      case ArgKind::EachOut: return pointer(op.outputs[static_cast<size_t>(k)], a.type, true);
      case ArgKind::EachOutInnerBytes:
        return int_literal(inner_bytes(op.outputs[static_cast<size_t>(k)], param_word(op, a.extra)));
      case ArgKind::EachOutOffsetBytes: {
        int64_t offset = 0;
        for (int32_t j = 0; j < k; ++j)
          offset += inner_bytes(op.outputs[static_cast<size_t>(j)], param_word(op, a.extra));
        return int_literal(offset);
      }
      case ArgKind::InInnerBytes: return int_literal(inner_bytes(present(false), param_word(op, a.extra)));
      case ArgKind::InOuter: return int_literal(outer(present(false), param_word(op, a.extra)));
    }
    return "";
  }

  // The op's params struct (and per-input records) as constants.
  void emit_params(const ops::LoweredOp& op, size_t index, const KernelCall& call) {
    if (call.params_words == 0) return;
    if (op.params.size() < static_cast<size_t>(call.params_words))
      throw Error(ErrorKind::Internal,
                  fmt::format("aot: layer {} has too few params words", index));
    std::vector<std::string> words;
    for (int32_t i = 0; i < call.params_words; ++i)
      words.push_back(int_literal(op.params[static_cast<size_t>(i)]));
    const bool passed = std::any_of(call.args.begin(), call.args.end(),
                                    [](const Arg& a) { return a.kind == ArgKind::Params; });
    // Layers with the same parameters (common: stride, padding, zero points) share one constant.
    const std::string text = fmt::format("{}", fmt::join(words, ", "));
    auto [it, fresh] =
        params_names_.try_emplace({call.params_type, text}, fmt::format("{}_p{}", p_, index));
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
          r.push_back(int_literal(
              param_word(op, call.params_words + static_cast<int32_t>(k) * a.extra + w)));
        records.push_back(fmt::format("{{{{{}}}}}", fmt::join(r, ", ")));
      }
      params_ +=
          fmt::format("static const union {{ int32_t w[{}]; {} r; }} {}_p{}_inputs[{}] = {{{}}};\n",
                      a.extra, a.type, p_, index, op.inputs.size(), fmt::join(records, ", "));
    }
  }

  std::string subgraph_function(int32_t segment) const { return fmt::format("{}_subgraph{}", p_, segment); }

  // `to[i] = from[i]` for each pair, as TFLite-Micro's control-flow kernels copy (skipping a
  // tensor copied onto itself).
  std::string copies(const std::vector<int32_t>& from, const std::vector<int32_t>& to, const std::string& indent) {
    std::string out;
    for (size_t i = 0; i < from.size() && i < to.size(); ++i) {
      if (from[i] == to[i] || (plan_.in_workspace(from[i]) && plan_.in_workspace(to[i]) &&
                               plan_.offsets[static_cast<size_t>(from[i])] == plan_.offsets[static_cast<size_t>(to[i])]))
        continue;
      out += fmt::format("{}memcpy({}, {}, {});\n", indent, pointer(to[i], "void", true), pointer(from[i], "void", false),
                         tensor(to[i]).num_bytes());
    }
    return out;
  }

  const lowering::Segment& segment(int32_t s) const {
    if (s <= 0 || static_cast<size_t>(s) >= segments_.size())
      throw Error(ErrorKind::Internal, fmt::format("aot: control op calls segment {}", s));
    return segments_[static_cast<size_t>(s)];
  }

  // IF, WHILE, CALL_ONCE as C control flow around calls of the subgraphs' functions.
  void emit_control(const ops::LoweredOp& op) {
    uses_memcpy_ = true;
    const std::string flag_ptr = "*(const uint8_t*)";
    if (op.opcode == MLONMCU_OP_CALL_ONCE) {
      const std::string flag = pointer(op.outputs.at(0), "void", true);
      calls_ += fmt::format("  if (!*(uint8_t*){0}) {{\n    {1}();\n    *(uint8_t*){0} = 1;\n  }}\n", flag,
                            subgraph_function(op.calls.at(0)));
      return;
    }
    if (op.opcode == MLONMCU_OP_IF) {
      const std::vector<int32_t> operands(op.inputs.begin() + 1, op.inputs.end());
      calls_ += fmt::format("  if ({}{}) {{\n", flag_ptr, pointer(op.inputs.at(0), "void", false));
      for (size_t branch = 0; branch < 2; ++branch) {
        const lowering::Segment& seg = segment(op.calls.at(branch));
        calls_ += copies(operands, seg.inputs, "    ");
        calls_ += fmt::format("    {}();\n", subgraph_function(op.calls[branch]));
        calls_ += copies(seg.outputs, op.outputs, "    ");
        calls_ += branch == 0 ? "  } else {\n" : "  }\n";
      }
      return;
    }
    const lowering::Segment& cond = segment(op.calls.at(0));
    const lowering::Segment& body = segment(op.calls.at(1));
    calls_ += copies(op.inputs, cond.inputs, "  ") + copies(op.inputs, op.outputs, "  ");
    calls_ += fmt::format("  {}();\n", subgraph_function(op.calls[0]));
    calls_ += fmt::format("  while ({}{}) {{\n", flag_ptr, pointer(cond.outputs.at(0), "void", false));
    calls_ += copies(op.outputs, body.inputs, "    ");
    calls_ += fmt::format("    {}();\n", subgraph_function(op.calls[1]));
    calls_ += copies(body.outputs, op.outputs, "    ") + copies(op.outputs, cond.inputs, "    ");
    calls_ += fmt::format("    {}();\n  }}\n", subgraph_function(op.calls[0]));
  }

  void emit_layer(size_t index) {
    const ops::LoweredOp& op = lowered_.ops[index];
    const lowering::LayerInfo& layer = lowered_.layers[index];
    std::string comment = fmt::format("  /* {}: {} {}", index, layer.op, layer.shapes);
    if (layer.macs > 0) comment += fmt::format(", {} MACs", thousands(layer.macs));
    calls_ += comment + " */\n";
    if (!op.calls.empty()) {  // not a layer: the ops of the subgraphs it runs are
      emit_control(op);
      return;
    }
    calls_ += fmt::format("  {}_LAYER_BEGIN({});\n", upper_case(p_), index);
    const bool same_bytes = op.output_is_input_view && !op.inputs.empty() && !op.outputs.empty() &&
                            plan_.in_workspace(op.inputs[0]) && plan_.in_workspace(op.outputs[0]) &&
                            plan_.offsets[static_cast<size_t>(op.inputs[0])] ==
                                plan_.offsets[static_cast<size_t>(op.outputs[0])];
    if (same_bytes) {
      calls_ += "  /* the output is a view of the input's bytes: nothing to do */\n";
    } else {
      const KernelCall* call = kernel_call(op.opcode);
      if (!call)
        throw Error(ErrorKind::Internal,
                    fmt::format("aot: no kernel call for opcode {}", op.opcode));
      emit_params(op, index, *call);
      // A kernel with variants: its _with entry point and the inner loop of this layer's
      // variant, chosen by the kernel library's own rule, so only that loop is linked.
      std::string function = call->function, inner;
      if (call->variant) {
        auto dims_of = [&](const std::vector<int32_t>& list, size_t i) {
          std::vector<int32_t> d = i < list.size() ? tensor(list[i]).shape : std::vector<int32_t>{};
          d.resize(std::max<size_t>(d.size(), 4), 1);
          return d;
        };
        const auto in = dims_of(op.inputs, 0), filter = dims_of(op.inputs, 1),
                   out = dims_of(op.outputs, 0);
        const int variant = call->variant(op.params.data(), {in.data(), filter.data(), out.data()});
        if (variant != MLONMCU_VARIANT_NONE) {
          const char* name = mlonmcu_kernel_variant_name(variant);
          if (!name)
            throw Error(ErrorKind::Internal, fmt::format("aot: layer {}: kernel variant {}", index, variant));
          function += "_with";
          inner = fmt::format("{}_{}", call->inner, name);
          functions_.insert(inner);
        }
      }
      functions_.insert(function);
      const int32_t calls = call->per_input    ? static_cast<int32_t>(op.inputs.size())
                            : call->per_output ? static_cast<int32_t>(op.outputs.size())
                                               : 1;
      for (int32_t k = 0; k < calls; ++k) {
        std::vector<std::string> args;
        if (!inner.empty()) args.push_back(inner);
        for (const Arg& a : call->args) args.push_back(arg(op, index, a, k));
        calls_ += call_statement(function, args);
      }
    }
    calls_ += fmt::format("  {}_LAYER_END({});\n", upper_case(p_), index);
  }

  std::string source(const std::vector<std::string>& kernel_headers) {
    const std::string P = upper_case(p_);
    std::string s = fmt::format(
        "/* Generated by MLonMCU (aot backend) from model '{}'. Do not edit.\n"
        " * {} layers",
        model_, lowered_.ops.size());
    int64_t macs = 0;
    for (const auto& l : lowered_.layers) macs += l.macs;
    s +=
        fmt::format(", {} MACs per inference; workspace {} B (whole-tensor lower bound {} B). */\n",
                    thousands(macs), plan_.workspace_size, plan_.lower_bound);
    s += fmt::format("#include \"{}.h\"\n\n#include <stddef.h>\n#include <stdint.h>\n", p_);
    if (uses_memcpy_ ||
        std::any_of(lowered_.graph.tensors.begin(), lowered_.graph.tensors.end(), lowering::is_persistent))
      s += "#include <string.h>\n";  // init's memset, control flow's memcpy
    for (const auto& h : kernel_headers) s += fmt::format("#include \"{}\"\n", h);
    bool float_consts = false;
    for (int32_t t : used_constants_)
      float_consts = float_consts || tensor(t).dtype == ir::DType::Float32;
    if (float_consts) s += "#include <math.h>\n";
    s += fmt::format(R"(
/* Per-layer markers for profiling builds (the harness defines the functions). */
#ifdef MLIF_LAYER_MARKERS
void mlonmcu_layer_begin(int32_t layer);
void mlonmcu_layer_end(int32_t layer);
#define {0}_LAYER_BEGIN(i) mlonmcu_layer_begin(i)
#define {0}_LAYER_END(i) mlonmcu_layer_end(i)
#else
#define {0}_LAYER_BEGIN(i) ((void)0)
#define {0}_LAYER_END(i) ((void)0)
#endif

/* All activations: {1} B, offsets planned at build time. Every tensor is written before it is
 * read (variable tensors by init), so the workspace needs no zeroing: define MLONMCU_NOINIT_SECTION to place it in a
 * section the start-up code does not clear (MLonMCU's bare-metal targets use ".noinit"). */
#ifdef MLONMCU_NOINIT_SECTION
#define {0}_WORKSPACE_PLACEMENT __attribute__((section(MLONMCU_NOINIT_SECTION), aligned({3})))
#else
#define {0}_WORKSPACE_PLACEMENT __attribute__((aligned({3})))
#endif
static uint8_t {2}_workspace[{4}] {0}_WORKSPACE_PLACEMENT;
)",
                     P, plan_.workspace_size, p_, std::max<int64_t>(plan_.alignment, 16),
                     std::max<int64_t>(plan_.workspace_size, 1));
    for (bool outputs : {false, true})
      for (const ModelIo& io : model_ios(lowered_.graph, outputs)) {
        const ir::Tensor& t = tensor(io.tensor);
        if (plan_.own_buffer[static_cast<size_t>(io.tensor)])
          s += fmt::format("static {} {}_{}_buffer[{}] __attribute__((aligned(16)));\n",
                           c_type(t.dtype), p_, io.name, std::max<int64_t>(t.num_elements(), 1));
      }
    s += "\n";
    for (bool outputs : {false, true})
      for (const ModelIo& io : model_ios(lowered_.graph, outputs)) {
        const ir::Tensor& t = tensor(io.tensor);
        s += fmt::format("{}* const {}_{} = {};\n", c_type(t.dtype), p_, io.name,
                         t.is_const() ? "NULL" : pointer(io.tensor, c_type(t.dtype), true));
      }
    s += "\n/* Constants: weights, biases, per-channel requantization. */\n";
    for (int32_t t : used_constants_) {
      const ir::Tensor& x = tensor(t);
      weight_bytes_ += static_cast<int64_t>(x.data.size());
      s += fmt::format(
          "/* '{}', {} {} */\nstatic const {} {}_c{}[{}] __attribute__((aligned(16))) = {{{}}};\n",
          x.name, ir::dtype_name(x.dtype), lowering::shape_text(x.shape), c_type(x.dtype), p_, t,
          std::max<int64_t>(x.num_elements(), 1), x.data.empty() ? " 0 " : initializer(x));
    }
    s += "\n/* Shapes. */\n";
    for (const auto& [d, name] : dims_) {
      std::vector<std::string> v;
      for (int32_t x : d) v.push_back(int_literal(x));
      s += fmt::format("static const int32_t {}[{}] = {{{}}};\n", name, d.size(),
                       fmt::join(v, ", "));
    }
    s += "\n/* Layer parameters (kernel params structs). */\n" + params_;
    // Variable tensors start as TFLite-Micro resets them (lowering/memory_plan.h).
    std::string init;
    for (size_t t = 0; t < lowered_.graph.tensors.size(); ++t)
      if (lowering::is_persistent(lowered_.graph.tensors[t]) && plan_.in_workspace(static_cast<int32_t>(t)))
        init += fmt::format("  memset(&{}_workspace[{}], {}, {}); /* state '{}' */\n", p_, plan_.offsets[t],
                            lowering::persistent_reset_byte(lowered_.graph.tensors[t]),
                            lowered_.graph.tensors[t].num_bytes(), lowered_.graph.tensors[t].name);
    s += init.empty() ? fmt::format("\nint {}_init(void) {{ return 0; }}\n", p_)
                      : fmt::format("\nint {}_init(void) {{\n{}  return 0;\n}}\n", p_, init);
    std::set<int32_t> called;  // a subgraph no op runs gets no function (it would be unused)
    for (const ops::LoweredOp& op : lowered_.ops) called.insert(op.calls.begin(), op.calls.end());
    if (!called.empty()) {
      s += "\n/* The model's other subgraphs, run by its control-flow ops. */\n";
      for (int32_t k : called) s += fmt::format("static void {}(void);\n", subgraph_function(k));
      for (int32_t k : called)
        s += fmt::format("\nstatic void {}(void) {{\n{}}}\n", subgraph_function(k),
                         segment_bodies_.at(static_cast<size_t>(k)));
    }
    s += fmt::format("\nint {}_invoke(void) {{\n{}  return 0;\n}}\n", p_, calls_);
    for (bool outputs : {false, true}) {
      const std::string kind = outputs ? "output" : "input";
      std::string ptr_cases, size_cases;
      for (size_t i = 0; i < model_ios(lowered_.graph, outputs).size(); ++i) {
        const ModelIo io = model_ios(lowered_.graph, outputs)[i];
        ptr_cases += fmt::format("    case {}: return {}_{};\n", i, p_, io.name);
        size_cases += fmt::format("    case {}: return {};\n", i, tensor(io.tensor).num_bytes());
      }
      s += fmt::format(
          "\nvoid* {0}_{1}(int index) {{\n  switch (index) {{\n{2}    default: return NULL;\n  "
          "}}\n}}\n"
          "\nsize_t {0}_{1}_size(int index) {{\n  switch (index) {{\n{3}    default: return 0;\n  "
          "}}\n}}\n",
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
  std::vector<lowering::Segment> segments_;
  std::vector<std::string> segment_bodies_;  // per segment, its statements
  bool uses_memcpy_ = false;
  std::map<std::pair<std::string, std::string>, std::string> params_names_;  // (type, words)
  std::string params_name_;  // of the layer being emitted
  int64_t weight_bytes_ = 0;
};

}  // namespace

bool valid_prefix(const std::string& prefix) {
  if (prefix.empty() || prefix.size() > 32 ||
      !(std::isalpha(static_cast<unsigned char>(prefix[0])) || prefix[0] == '_'))
    return false;
  return std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

CModel generate_c_model(const lowering::LoweredGraph& lowered, const lowering::MemoryPlan& plan,
                        const std::string& prefix, const std::string& model_name) {
  if (!valid_prefix(prefix))
    throw Error(
        ErrorKind::Config,
        fmt::format("aot.prefix '{}' is not a C identifier of at most 32 characters", prefix));
  return Generator(lowered, plan, prefix, model_name).run();
}

}  // namespace mlonmcu::backends::aot
