// Lowering of ADD_N (float32; int8 with all inputs in one quantization, multipliers derived as
// TFLite-Micro's Prepare does with 20 bits of headroom). Up to MLONMCU_ADD_N_MAX_INPUTS inputs.
#include <fmt/format.h>

#include "mlonmcu/kernels/add_n.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

mlonmcu_add_n_params_t add_n_params(const check::OpRef& ref) {
  const size_t n = ref.op.inputs.size();
  if (n < 2) check::malformed(ref, "ADD_N needs two inputs or more");
  if (n > MLONMCU_ADD_N_MAX_INPUTS)
    unsupported(ref.backend, ref.op, fmt::format("{} inputs (at most {})", n, MLONMCU_ADD_N_MAX_INPUTS));
  check::expect_arity(ref, n, n, 1);
  const ir::Tensor& first = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, first, {ir::DType::Float32, ir::DType::Int8}, "input");
  check::expect_same_dtype(ref, first, out);
  check::expect_shape(ref, out, first.shape);
  mlonmcu_add_n_params_t p{};
  p.num_inputs = static_cast<int32_t>(n);
  check::QuantParams iq;
  if (first.dtype == ir::DType::Int8) iq = check::per_tensor_int8(ref, first, "input");
  for (size_t i = 1; i < n; ++i) {
    const ir::Tensor& in = check::input(ref, i);
    check::expect_same_dtype(ref, first, in);
    if (in.shape != first.shape)
      check::malformed(ref, fmt::format("input {} has shape {}, input 0 {}", i, check::shape_str(in.shape),
                                        check::shape_str(first.shape)));
    if (first.dtype == ir::DType::Int8) {
      const auto q = check::per_tensor_int8(ref, in, "input");
      if (q.scale != iq.scale || q.zero_point != iq.zero_point)
        check::malformed(ref, fmt::format("input {} is quantized unlike input 0 (TFLite-Micro requires one quantization)", i));
    }
  }
  if (first.dtype == ir::DType::Int8) {
    const auto oq = check::per_tensor_int8(ref, out, "output");
    if (!set_sum_rescale(p, iq.scale, iq.zero_point, oq.scale, oq.zero_point))
      unsupported(ref.backend, ref.op, "an output scale that small against the input's");
  }
  return p;
}

}  // namespace

void check_add_n(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  add_n_params({graph, op, backend});
}

LoweredOp lower_add_n(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_add_n_params_t p = add_n_params({ctx.graph(), op, backend});
  LoweredOp lowered;
  lowered.opcode = ctx.tensor(op.inputs[0]).dtype == ir::DType::Int8 ? MLONMCU_OP_ADD_N_S8 : MLONMCU_OP_ADD_N_F32;
  lowered.inputs = op.inputs;
  lowered.outputs = op.outputs;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
