// TRANSPOSE lowering: the constant permutation is folded into params. Any dtype, up to 6D.
#include <fmt/format.h>

#include "mlonmcu/kernels/transpose.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

mlonmcu_transpose_params_t transpose_params(const check::OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_TRANSPOSE_MAX_RANK, "input");
  check::expect_max_rank(ref, out, MLONMCU_TRANSPOSE_MAX_RANK, "output");
  const auto rank = static_cast<int32_t>(in.shape.size());
  const std::vector<int64_t> perm = check::const_ints(ref, check::input(ref, 1), "permutation");
  if (perm.size() != in.shape.size() || out.shape.size() != in.shape.size())
    check::malformed(ref, fmt::format("permutation of {} values for input shape {} and output shape {}",
                                      perm.size(), check::shape_str(in.shape), check::shape_str(out.shape)));
  mlonmcu_transpose_params_t p{};
  p.rank = rank;
  uint32_t seen = 0;
  for (int32_t d = 0; d < rank; ++d) {
    const int64_t src = perm[static_cast<size_t>(d)];
    if (src < 0 || src >= rank || (seen & (1u << src)))
      check::malformed(ref, fmt::format("permutation value {} is not a permutation of 0..{}", src, rank - 1));
    seen |= 1u << src;
    if (out.shape[d] != in.shape[static_cast<size_t>(src)])
      check::malformed(ref, fmt::format("output shape {} is not input shape {} permuted",
                                        check::shape_str(out.shape), check::shape_str(in.shape)));
    p.perm[d] = static_cast<int32_t>(src);
  }
  return p;
}

}  // namespace

void check_transpose(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  transpose_params({graph, op, backend});
}

LoweredOp lower_transpose(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  return check::single_io(op, MLONMCU_OP_TRANSPOSE, params_words(transpose_params({ctx.graph(), op, backend})));
}

}  // namespace mlonmcu::ops
