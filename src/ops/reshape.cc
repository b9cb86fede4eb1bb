// RESHAPE and SQUEEZE lowering: the data does not move, so both become a byte copy to the output
// (whose shape is the result). RESHAPE's optional shape operand is not needed at run time.
#include <fmt/format.h>

#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/shape_common.h"

namespace mlonmcu::ops {

namespace {

void check_same_bytes(const shape::OpRef& ref) {
  const ir::Tensor& in = shape::input(ref, 0);
  const ir::Tensor& out = shape::output(ref);
  shape::expect_same_dtype(ref, in, out);
  shape::expect_max_rank(ref, in, 6, "input");
  shape::expect_max_rank(ref, out, 6, "output");
  if (in.num_elements() != out.num_elements())
    shape::malformed(ref, fmt::format("input shape {} and output shape {} differ in size",
                                      shape::shape_str(in.shape), shape::shape_str(out.shape)));
}

LoweredOp copy_op(const ir::Operator& op) {
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_COPY;
  lowered.inputs = {op.inputs[0]};
  lowered.outputs = {op.outputs[0]};
  return lowered;
}

}  // namespace

void check_reshape(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const shape::OpRef ref{graph, op, backend};
  shape::expect_arity(ref, 1, 2, 1);
  check_same_bytes(ref);
}

LoweredOp lower_reshape(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_reshape(ctx.graph(), op, backend);
  return copy_op(op);
}

void check_squeeze(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const shape::OpRef ref{graph, op, backend};
  shape::expect_arity(ref, 1, 1, 1);
  check_same_bytes(ref);
}

LoweredOp lower_squeeze(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_squeeze(ctx.graph(), op, backend);
  return copy_op(op);
}

}  // namespace mlonmcu::ops
