// SOFTMAX lowering. int8 follows TFLite-Micro's Prepare (softmax_common.cc): the input scale and
// beta become a Q31 multiplier and left shift for differences in Q5.26, and diff_min is the most
// negative difference that does not overflow that format. The int8 output is fixed by the op to
// scale 1/256 and zero point -128, which TFLite-Micro requires exactly.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mlonmcu/kernels/softmax.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lower.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"
#include "ops/softmax_scaling.h"

namespace mlonmcu::ops {

namespace {
constexpr int kScaledDiffIntegerBits = 5;
}  // namespace

mlonmcu_softmax_s8_params_t softmax_s8_params(const check::OpRef& ref, float beta, float input_scale) {
  // TFLite's PreprocessSoftmaxScaling: capped so that the multiplier fits a Q31 significand.
  const double real = std::min(static_cast<double>(beta) * static_cast<double>(input_scale) *
                                   static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((1LL << 31) - 1));
  if (!(real > 1.0))
    unsupported(ref.backend, ref.op,
                fmt::format("beta * input scale = {} is too small for the int8 kernel",
                            static_cast<double>(beta) * input_scale));
  const Multiplier m = quantize_multiplier(real, LargeShift::Keep);
  mlonmcu_softmax_s8_params_t p{};
  p.input_multiplier = m.multiplier;
  p.input_left_shift = m.shift;
  p.diff_min = static_cast<int32_t>(-1.0 * input_radius(kScaledDiffIntegerBits, m.shift));
  return p;
}

void check_softmax(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  check::expect_arity(ref, 1, 1, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, in, {ir::DType::Int8, ir::DType::Float32}, "input");
  check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, 6, "input");
  if (in.shape.empty()) check::malformed(ref, "input is a scalar (softmax needs a last dimension)");
  if (in.shape != out.shape)
    check::malformed(ref, fmt::format("input shape {} differs from output shape {}",
                                      check::shape_str(in.shape), check::shape_str(out.shape)));
  const float beta = check::options<ir::SoftmaxOptions>(ref).beta;
  if (!std::isfinite(beta) || beta <= 0.0f)
    unsupported(backend, op, fmt::format("beta {}", beta));
  if (in.dtype == ir::DType::Int8) {
    const check::QuantParams qin = check::per_tensor_int8(ref, in, "input");
    const check::QuantParams qout = check::per_tensor_int8(ref, out, "output");
    if (qout.zero_point != -128 || qout.scale != 1.0f / 256)
      unsupported(backend, op,
                  fmt::format("int8 output with scale {} and zero point {} (must be 1/256 and -128)",
                              qout.scale, qout.zero_point));
    softmax_s8_params(ref, beta, qin.scale);
  }
}

LoweredOp lower_softmax(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_softmax(ctx.graph(), op, backend);
  const check::OpRef ref{ctx.graph(), op, backend};
  const ir::Tensor& in = check::input(ref, 0);
  const float beta = check::options<ir::SoftmaxOptions>(ref).beta;
  LoweredOp lowered = check::single_io(op);
  if (in.dtype == ir::DType::Int8) {
    lowered.opcode = MLONMCU_OP_SOFTMAX_S8;
    lowered.params = params_words(softmax_s8_params(ref, beta, in.quant.scale[0]));
  } else {
    lowered.opcode = MLONMCU_OP_SOFTMAX_F32;
    mlonmcu_softmax_f32_params_t p{};
    p.beta = beta;
    lowered.params = params_words(p);
  }
  return lowered;
}

}  // namespace mlonmcu::ops
