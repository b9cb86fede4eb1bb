// MEAN, SUM, REDUCE_MAX, REDUCE_MIN lowering (one kernel, the reducer in params). int8 and int16
// REDUCE_MAX/MIN need input and output of one quantization (TFLite-Micro refuses others) and pick
// raw values. MEAN and SUM: the constant axes are folded into a bit mask; the integer paths are
// TFLite-Micro's QuantizedMeanOrSum, whatever the quantizations (equal ones too): the multiplier
// for input_scale / output_scale (QuantizeMultiplier), for MEAN folded with 1/count here exactly
// as that function does at run time:
//     shift = min(floor(log2(count)), 32, 31 + output_shift),
//     multiplier = (multiplier << shift) / count, output_shift -= shift.
// TFLite-Micro's float path (generic or the 4D axes {1, 2} special case) adds the elements in
// input order and divides by the count; the kernel does the same per output element.
#include <fmt/format.h>

#include <algorithm>

#include "mlonmcu/kernels/mean.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

int32_t floor_log2(int64_t n) {
  int32_t r = 0;
  while (n > 1) {
    n >>= 1;
    ++r;
  }
  return r;
}

mlonmcu_mean_params_t mean_params(const check::OpRef& ref, int32_t reducer) {
  check::expect_arity(ref, 2, 2, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  // int16 only for MEAN and SUM, as in TFLite-Micro (its REDUCE_MAX/MIN take float32 and int8).
  if (in.dtype == ir::DType::Int16 && reducer != MLONMCU_REDUCE_MEAN && reducer != MLONMCU_REDUCE_SUM)
    unsupported(ref.backend, ref.op, "int16 input");
  check::expect_dtype(ref, in, {ir::DType::Int8, ir::DType::Int16, ir::DType::Float32}, "input");
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, MLONMCU_MEAN_MAX_RANK, "input");
  check::expect_max_rank(ref, out, MLONMCU_MEAN_MAX_RANK, "output");
  const auto rank = static_cast<int32_t>(in.shape.size());
  const std::vector<int64_t> axes = check::const_ints(ref, check::input(ref, 1), "axis");

  mlonmcu_mean_params_t p{};
  for (int64_t a : axes) {
    const int64_t axis = a < 0 ? a + rank : a;
    if (axis < 0 || axis >= rank)
      check::malformed(ref, fmt::format("axis {} outside a rank-{} input", a, rank));
    p.reduce_mask |= 1 << axis;
  }
  int64_t reduced = 1;
  int64_t kept = 1;
  for (int32_t d = 0; d < rank; ++d) ((p.reduce_mask & (1 << d)) ? reduced : kept) *= in.shape[d];
  if (kept != out.num_elements())
    check::malformed(ref, fmt::format("output shape {} does not hold the mean of input shape {} over "
                                      "the given axes", check::shape_str(out.shape),
                                      check::shape_str(in.shape)));
  if (check::options<ir::ReducerOptions>(ref).keep_dims && out.shape.size() != in.shape.size())
    check::malformed(ref, "keep_dims is set but the output rank differs from the input rank");
  p.num_reduced = static_cast<int32_t>(reduced);
  p.reducer = reducer;

  auto quant = [&](const ir::Tensor& t, const char* role) {
    return t.dtype == ir::DType::Int16 ? check::per_tensor_int16(ref, t, role) : check::per_tensor_int8(ref, t, role);
  };
  if (in.dtype == ir::DType::Int8 && (reducer == MLONMCU_REDUCE_MAX || reducer == MLONMCU_REDUCE_MIN)) {
    const check::QuantParams qin = quant(in, "input");
    const check::QuantParams qout = quant(out, "output");
    if (qin.scale != qout.scale || qin.zero_point != qout.zero_point)
      unsupported(ref.backend, ref.op, "int8 input and output quantized differently");
  } else if (in.dtype != ir::DType::Float32) {
    const check::QuantParams qin = quant(in, "input");
    const check::QuantParams qout = quant(out, "output");
    p.input_zero_point = qin.zero_point;
    p.output_zero_point = qout.zero_point;
    const double ratio = static_cast<double>(qin.scale) / static_cast<double>(qout.scale);
    if (ratio < 0x1p-31 || ratio >= 0x1p30)
      unsupported(ref.backend, ref.op, fmt::format("input to output scale ratio {}", ratio));
    const Multiplier m = quantize_multiplier(ratio, LargeShift::Keep);
    int32_t multiplier = m.multiplier;
    int32_t shift = m.shift;
    if (reduced > 0 && reducer == MLONMCU_REDUCE_MEAN) {
      const int32_t pot = std::min({floor_log2(reduced), 32, 31 + shift});
      if (pot < 0)
        unsupported(ref.backend, ref.op, fmt::format("input to output scale ratio {}", ratio));
      multiplier = static_cast<int32_t>((static_cast<int64_t>(multiplier) << pot) / reduced);
      shift -= pot;
    }
    p.requantize = 1;
    p.multiplier = multiplier;
    p.shift = shift;
  }
  return p;
}

}  // namespace

#define MLONMCU_REDUCE_OP(name, reducer)                                                           \
  void check_##name(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) { \
    mean_params({graph, op, backend}, reducer);                                                   \
  }                                                                                               \
  LoweredOp lower_##name(const ir::Operator& op, LowerContext& ctx, const std::string& backend) { \
    const mlonmcu_mean_params_t p = mean_params({ctx.graph(), op, backend}, reducer);             \
    const ir::DType dtype = ctx.tensor(op.inputs[0]).dtype;                                       \
    const uint32_t opcode = dtype == ir::DType::Int8    ? MLONMCU_OP_MEAN_S8                       \
                            : dtype == ir::DType::Int16 ? MLONMCU_OP_MEAN_S16                      \
                                                        : MLONMCU_OP_MEAN_F32;                     \
    return check::single_io(op, opcode, params_words(p));                                         \
  }
MLONMCU_REDUCE_OP(mean, MLONMCU_REDUCE_MEAN)
MLONMCU_REDUCE_OP(sum, MLONMCU_REDUCE_SUM)
MLONMCU_REDUCE_OP(reduce_max, MLONMCU_REDUCE_MAX)
MLONMCU_REDUCE_OP(reduce_min, MLONMCU_REDUCE_MIN)
#undef MLONMCU_REDUCE_OP

}  // namespace mlonmcu::ops
