// RESHAPE and SQUEEZE lowering: the data does not move, so both become a byte copy to the output
// (whose shape is the result). RESHAPE's optional shape operand is not needed at run time.
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

void check_same_bytes(const check::OpRef& ref, size_t max_in) {
  const check::UnaryPlan plan = check::resolve_unary(ref, max_in);
  check::expect_same_dtype(ref, *plan.in, *plan.out);
  check::expect_max_rank(ref, *plan.in, 6, "input");
  check::expect_max_rank(ref, *plan.out, 6, "output");
}

}  // namespace

void check_reshape(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  check_same_bytes(ref, 2);
}

LoweredOp lower_reshape(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_reshape(ctx.graph(), op, backend);
  LoweredOp lowered = check::single_io(op, MLONMCU_OP_COPY);
  lowered.output_is_input_view = true;
  return lowered;
}

void check_squeeze(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  check_same_bytes(ref, 1);
}

LoweredOp lower_squeeze(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_squeeze(ctx.graph(), op, backend);
  LoweredOp lowered = check::single_io(op, MLONMCU_OP_COPY);
  lowered.output_is_input_view = true;
  return lowered;
}

}  // namespace mlonmcu::ops
