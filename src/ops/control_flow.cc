// IF, WHILE and CALL_ONCE: the ops that run other subgraphs, lowered to control opcodes the
// interpreter core and the aot generator execute themselves (lowering::Segment says which ops
// and tensors a subgraph has). Operands and results are copied as TFLite-Micro copies them
// (micro/kernels/kernel_util.cc), so each must match its subgraph tensor in dtype and bytes.
// VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE work on the storage tensors of
// lowering/resource_variables.h: a read and an assignment are byte copies.
#include <fmt/format.h>

#include <string>

#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

std::string named(const ir::Subgraph& sub) { return fmt::format("subgraph '{}'", sub.name); }

const ir::Subgraph& callee(const check::OpRef& ref, size_t slot) {
  const auto& o = check::options<ir::SubgraphOptions>(ref);
  if (slot >= o.subgraphs.size()) check::malformed(ref, "names no subgraph");
  const int32_t index = o.subgraphs[slot];
  if (index <= 0 || static_cast<size_t>(index) >= ref.graph.subgraphs.size())
    check::malformed(ref, fmt::format("calls subgraph {}, which the model does not have", index));
  return ref.graph.subgraphs[static_cast<size_t>(index)];
}

// The op's tensors `ours` (from index `first`) against `theirs` (of `whose`), one by one.
void expect_matching(const check::OpRef& ref, const std::vector<int32_t>& ours, size_t first,
                     const std::vector<int32_t>& theirs, const char* role, const std::string& whose) {
  if (ours.size() - first != theirs.size())
    unsupported(ref.backend, ref.op, fmt::format("{} {}s but {} has {}", ours.size() - first, role, whose, theirs.size()));
  for (size_t i = 0; i < theirs.size(); ++i) {
    if (ours[first + i] < 0) check::malformed(ref, fmt::format("{} {} is absent", role, i));
    const ir::Tensor& a = ref.graph.tensors[static_cast<size_t>(ours[first + i])];
    const ir::Tensor& b = ref.graph.tensors[static_cast<size_t>(theirs[i])];
    if (a.dtype != b.dtype || a.num_bytes() != b.num_bytes())
      unsupported(ref.backend, ref.op,
                  fmt::format("{} {} ('{}', {} {}) differs from {}'s '{}' ({} {}): dynamic shapes", role, i, a.name,
                              ir::dtype_name(a.dtype), check::shape_str(a.shape), whose, b.name,
                              ir::dtype_name(b.dtype), check::shape_str(b.shape)));
  }
}

LoweredOp control(const ir::Operator& op, uint32_t opcode) {
  LoweredOp lowered;
  lowered.opcode = opcode;
  lowered.inputs = op.inputs;
  lowered.outputs = op.outputs;
  lowered.calls = std::get<ir::SubgraphOptions>(op.options).subgraphs;
  lowered.params = lowered.calls;
  return lowered;
}

}  // namespace

void check_if(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  if (op.inputs.empty()) check::malformed(ref, "has no condition");
  const ir::Tensor& cond = check::input(ref, 0);
  check::expect_dtype(ref, cond, {ir::DType::Bool}, "condition");
  if (cond.num_elements() != 1) unsupported(backend, op, "the condition must have one element");
  for (size_t branch = 0; branch < 2; ++branch) {
    const ir::Subgraph& sub = callee(ref, branch);
    expect_matching(ref, op.inputs, 1, sub.inputs, "input", named(sub));
    expect_matching(ref, op.outputs, 0, sub.outputs, "output", named(sub));
  }
}

LoweredOp lower_if(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_if(ctx.graph(), op, backend);
  return control(op, MLONMCU_OP_IF);
}

void check_while(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  const ir::Subgraph& cond = callee(ref, 0);
  const ir::Subgraph& body = callee(ref, 1);
  if (op.inputs.size() != op.outputs.size() || op.inputs.empty())
    unsupported(backend, op, "a WHILE needs as many outputs as inputs, at least one");
  expect_matching(ref, op.inputs, 0, cond.inputs, "input", named(cond));
  expect_matching(ref, op.inputs, 0, body.inputs, "input", named(body));
  expect_matching(ref, op.outputs, 0, body.outputs, "output", named(body));
  expect_matching(ref, op.inputs, 0, op.outputs, "input", "the WHILE's outputs");  // copied onto them
  if (cond.outputs.size() != 1 || graph.tensors[static_cast<size_t>(cond.outputs[0])].dtype != ir::DType::Bool)
    unsupported(backend, op, fmt::format("condition subgraph '{}' must have one bool output", cond.name));
}

LoweredOp lower_while(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_while(ctx.graph(), op, backend);
  return control(op, MLONMCU_OP_WHILE);
}

void check_call_once(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  const ir::Subgraph& init = callee(ref, 0);
  if (!op.inputs.empty() || !op.outputs.empty() || !init.inputs.empty() || !init.outputs.empty())
    unsupported(backend, op, "CALL_ONCE and its init subgraph take no inputs and give no outputs");
}

LoweredOp lower_call_once(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_call_once(ctx.graph(), op, backend);
  LoweredOp lowered = control(op, MLONMCU_OP_CALL_ONCE);
  // Whether init has run lives in the workspace, so it survives from one inference to the next.
  lowered.outputs = {ctx.add_state(fmt::format("call_once_{}/has_run", lowered.calls[0]), ir::DType::Bool, {1})};
  return lowered;
}

void check_var_handle(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  check::expect_arity({graph, op, backend}, 0, 0, 1);
}

LoweredOp lower_var_handle(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_var_handle(ctx.graph(), op, backend);
  return {};  // the handle is resolved at build time; nothing runs
}

// After resolve_resource_variables, input 0 of both is the variable's storage tensor.
void check_read_variable(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  check::expect_arity(ref, 1, 1, 1);
  const ir::Tensor& var = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, var, out);
  check::expect_same_size(ref, var, out);
}

LoweredOp lower_read_variable(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_read_variable(ctx.graph(), op, backend);
  return check::single_io(op, MLONMCU_OP_COPY);
}

void check_assign_variable(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  check::expect_arity(ref, 2, 2, 0);
  const ir::Tensor& var = check::input(ref, 0);
  const ir::Tensor& value = check::input(ref, 1);
  check::expect_same_dtype(ref, var, value);
  check::expect_same_size(ref, value, var);
}

LoweredOp lower_assign_variable(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_assign_variable(ctx.graph(), op, backend);
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_COPY;
  lowered.inputs = {op.inputs[1]};
  lowered.outputs = {op.inputs[0]};
  return lowered;
}

}  // namespace mlonmcu::ops
