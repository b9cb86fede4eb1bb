// Lowering of CUMSUM: a constant int32 axis, float32 or int8 (one scale for the input, an own
// one for the output, derived as TFLite-Micro's Prepare does with 20 bits of headroom).
#include <fmt/format.h>

#include "mlonmcu/kernels/cumsum.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

mlonmcu_cumsum_params_t cumsum_params(const check::OpRef& ref) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, in, {ir::DType::Float32, ir::DType::Int8}, "input");
  check::expect_same_dtype(ref, in, out);
  check::expect_dtype(ref, check::input(ref, 1), {ir::DType::Int32}, "axis");
  check::expect_shape(ref, out, in.shape);
  const std::vector<int64_t> axis = check::const_ints(ref, check::input(ref, 1), "axis");
  const auto rank = static_cast<int64_t>(in.shape.size());
  if (axis.size() != 1 || rank < 1) check::malformed(ref, "one axis of a tensor of rank 1 or more");
  const int64_t a = axis[0] < 0 ? axis[0] + rank : axis[0];
  if (a < 0 || a >= rank) check::malformed(ref, fmt::format("axis {} outside rank {}", axis[0], rank));
  mlonmcu_cumsum_params_t p{};
  p.outer = 1, p.inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    if (d != a) (d < a ? p.outer : p.inner) *= in.shape[static_cast<size_t>(d)];
  p.depth = in.shape[static_cast<size_t>(a)];
  const auto& o = check::options<ir::CumsumOptions>(ref);
  p.exclusive = o.exclusive, p.reverse = o.reverse;
  if (in.dtype == ir::DType::Int8) {
    const auto iq = check::per_tensor_int8(ref, in, "input"), oq = check::per_tensor_int8(ref, out, "output");
    if (!set_sum_rescale(p, iq.scale, iq.zero_point, oq.scale, oq.zero_point))
      unsupported(ref.backend, ref.op, "an output scale that small against the input's");
  }
  return p;
}

}  // namespace

void check_cumsum(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  cumsum_params({graph, op, backend});
}

LoweredOp lower_cumsum(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_cumsum_params_t p = cumsum_params({ctx.graph(), op, backend});
  const bool int8 = ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8;
  return check::single_io(op, int8 ? MLONMCU_OP_CUMSUM_S8 : MLONMCU_OP_CUMSUM_F32, params_words(p));
}

}  // namespace mlonmcu::ops
