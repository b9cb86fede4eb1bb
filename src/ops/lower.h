// Lowering: one IR operator → one runtime op (opcode + tensor indices + params words).
// Everything that does not depend on tensor values is done here, at build time on the host:
// requantization multipliers and shifts, activation ranges, softmax/logistic fixed-point
// parameters, padding amounts, output shapes checks. The C kernels then only compute.
//
// The params words are the kernel's params struct (int32_t/float fields only, no padding),
// so the runtime hands `ctx->params` to the kernel as that struct.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "ir/graph.h"
#include "ops/kernel_options.h"

namespace mlonmcu::ops {

struct LoweredOp {
  uint32_t opcode = 0;             // mlonmcu_opcode_t
  std::vector<int32_t> inputs;     // tensor indices in the (possibly extended) graph; -1 = absent
  std::vector<int32_t> outputs;
  std::vector<int32_t> params;     // the kernel's params struct as words
  // Memory-planner hints (src/planner/tensor_sharing.h); they never change what is computed.
  // output_is_input_view: outputs[0] holds exactly the bytes of inputs[0] (RESHAPE, SQUEEZE),
  // so both may live in one buffer and the op's copy becomes a no-op.
  bool output_is_input_view = false;
  // Input slots whose buffer outputs[0] may take over when that input is dead after this op:
  // same byte size and layout as the output, and the kernel reads element k of the input
  // before it writes element k of the output (elementwise ops without broadcasting).
  std::vector<int32_t> inplace_inputs;
  // The subgraphs (lowering::Segment indices) a control-flow op runs: IF then/else, WHILE
  // cond/body, CALL_ONCE init. Empty for every other op.
  std::vector<int32_t> calls;
};

// Gives a lowering function the graph and the kernel options, and lets it add constant tensors
// (per-channel multipliers/shifts, packed weights, lookup tables) that become extra inputs of
// the lowered op.
class LowerContext {
 public:
  explicit LowerContext(ir::Graph& graph, KernelOptions options = {})
      : graph_(graph), options_(options) {}
  const ir::Graph& graph() const { return graph_; }
  const KernelOptions& options() const { return options_; }
  const ir::Tensor& tensor(int32_t index) const;  // throws Model error on a bad index
  // Appends a constant tensor to the graph and returns its index.
  int32_t add_const_int32(const std::string& name, const std::vector<int32_t>& values);
  int32_t add_const_float(const std::string& name, const std::vector<float>& values);
  int32_t add_const_bytes(const std::string& name, const std::vector<uint8_t>& bytes);
  // Appends an int32 work buffer of `words` for a kernel that needs one (made an extra output of
  // the lowered op, so the memory plan gives it workspace bytes for that op only).
  int32_t add_scratch(const std::string& name, int32_t words);
  // Appends a variable tensor (kept across inferences, reset at init: lowering/memory_plan.h).
  int32_t add_state(const std::string& name, ir::DType dtype, std::vector<int32_t> shape);
  // Appends a constant of any dtype (data: its bytes) and returns its index.
  int32_t add_const(const std::string& name, ir::DType dtype, std::vector<int32_t> shape,
                    std::vector<uint8_t> data);

 private:
  ir::Graph& graph_;
  KernelOptions options_;
};

// Copies a params struct into words. The struct must hold only 4-byte fields.
template <typename Params>
std::vector<int32_t> params_words(const Params& p) {
  static_assert(sizeof(Params) % 4 == 0, "params structs hold only 4-byte fields");
  std::vector<int32_t> words(sizeof(Params) / 4);
  __builtin_memcpy(words.data(), &p, sizeof(Params));
  return words;
}

// Throws Error(Unsupported, "<backend>: <OP> ... <option> ...") naming op, option and backend
// for anything the kernels cannot compute exactly (dtype, option, shape).
void check_supported(const ir::Graph& graph, const ir::Operator& op, const std::string& backend);

// Lowers one operator; may append tensors to the graph through ctx. An op that computes nothing
// at run time (VAR_HANDLE) lowers to opcode MLONMCU_OP_INVALID and is left out.
LoweredOp lower(const ir::Operator& op, LowerContext& ctx, const std::string& backend);

// Builds the error message for unsupported things, uniformly.
[[noreturn]] void unsupported(const std::string& backend, const ir::Operator& op,
                              const std::string& what);

}  // namespace mlonmcu::ops
