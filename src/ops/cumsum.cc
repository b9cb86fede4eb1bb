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
    p.left_shift = 20;
    const double twice = 2 * static_cast<double>(iq.scale);
    const double out_real = twice / ((1 << p.left_shift) * static_cast<double>(oq.scale));
    if (!(out_real < 1.0)) unsupported(ref.backend, ref.op, "an output scale that small against the input's");
    const Multiplier mi = quantize_multiplier_smaller_than_one(static_cast<double>(iq.scale) / twice);
    const Multiplier mo = quantize_multiplier_smaller_than_one(out_real);
    p.input_offset = -iq.zero_point, p.input_multiplier = mi.multiplier, p.input_shift = mi.shift;
    p.output_offset = oq.zero_point, p.output_multiplier = mo.multiplier, p.output_shift = mo.shift;
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
