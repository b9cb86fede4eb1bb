// SOFTMAX lowering. int8 follows TFLite-Micro's Prepare (softmax_common.cc): the input scale and
// beta become a Q31 multiplier and left shift for differences in Q5.26, and diff_min is the most
// negative difference that does not overflow that format. The int8 output is fixed by the op to
// scale 1/256 and zero point -128, which TFLite-Micro requires exactly; an int16 output of int8
// input (the same arithmetic, 16 output bits) 1/65536 and -32768. int16 (16x8): the
// differences rescaled so that [-65535, 0] is exp's [-10, 0], and TFLite's two 513-entry tables
// (exp, 1 / (1 + x)) computed here in float as its Prepare does; output scale 1/32768.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "mlonmcu/kernels/softmax.h"
#include "mlonmcu/kernels/softmax_s16.h"
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

namespace {

// TFLite's LUTPopulate<int16_t>: 512 steps over the input range, each entry the sample at the
// step's start corrected by half the interpolation error at its midpoint, in float.
std::vector<uint8_t> lut_s16(float input_scale, int32_t input_zero_point, float output_scale,
                             int32_t output_zero_point, float (*f)(float)) {
  const float input_min = input_scale * static_cast<float>(-32768 - input_zero_point);
  const float input_max = input_scale * static_cast<float>(32767 - input_zero_point);
  const float output_min = output_scale * static_cast<float>(-32768 - output_zero_point);
  const float output_max = output_scale * static_cast<float>(32767 - output_zero_point);
  constexpr int kSteps = MLONMCU_SOFTMAX_S16_LUT_SIZE - 1;
  const float step = (input_max - input_min) / kSteps;
  const float half_step = step / 2;
  const float scaling_inv = 65536.0f / (output_max - output_min);
  std::vector<int16_t> lut(MLONMCU_SOFTMAX_S16_LUT_SIZE);
  auto saturate = [](float v) { return static_cast<int16_t>(std::min(std::max(v, -32768.0f), 32767.0f)); };
  for (int i = 0; i < kSteps; ++i) {
    const float val = f(input_min + static_cast<float>(i) * step);
    const float val_midpoint = f(input_min + static_cast<float>(i) * step + half_step);
    const float val_next = f(input_min + static_cast<float>(i + 1) * step);
    const float sample = std::round(val * scaling_inv);
    const float midpoint_interp = std::round((val_next * scaling_inv + std::round(val * scaling_inv)) / 2);
    const float midpoint = std::round(val_midpoint * scaling_inv);
    const float bias = std::round((midpoint_interp - midpoint) / 2);
    lut[static_cast<size_t>(i)] = saturate(sample - bias);
  }
  lut[kSteps] = saturate(std::round(f(input_max) * scaling_inv));
  std::vector<uint8_t> bytes(lut.size() * 2);
  std::memcpy(bytes.data(), lut.data(), bytes.size());
  return bytes;
}

float exp_f(float x) { return std::exp(x); }
float one_over_one_plus_x(float x) { return 1.0f / (1.0f + x); }

}  // namespace

mlonmcu_softmax_s16_params_t softmax_s16_params(const check::OpRef& ref, float beta) {
  const ir::Tensor& in = check::input(ref, 0);
  const check::QuantParams qin = check::per_tensor_int16(ref, in, "input");
  const check::QuantParams qout = check::per_tensor_int16(ref, check::output(ref), "output");
  if (!(std::fabs(qout.scale - 1.0f / 32768) <= 0.001f * 1.0f / 32768))
    unsupported(ref.backend, ref.op, fmt::format("int16 output with scale {} (must be 1/32768)", qout.scale));
  const Multiplier m = quantize_multiplier(static_cast<double>(qin.scale) * static_cast<double>(beta) / (10.0 / 65535.0),
                                           LargeShift::Keep);
  if (m.shift > 30 || m.shift < -31) unsupported(ref.backend, ref.op, fmt::format("input scale {} for int16", qin.scale));
  mlonmcu_softmax_s16_params_t p{};
  p.depth = in.shape.back();
  p.outer = p.depth == 0 ? 0 : static_cast<int32_t>(in.num_elements() / p.depth);
  p.input_multiplier = m.multiplier, p.input_shift = m.shift;
  return p;
}

void check_softmax(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  const check::OpRef ref{graph, op, backend};
  check::expect_arity(ref, 1, 1, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& out = check::output(ref);
  check::expect_dtype(ref, in, {ir::DType::Int8, ir::DType::Int16, ir::DType::Float32}, "input");
  // TFLite's one mixed case: int8 in, int16 out.
  if (!(in.dtype == ir::DType::Int8 && out.dtype == ir::DType::Int16)) check::expect_same_dtype(ref, in, out);
  check::expect_max_rank(ref, in, 6, "input");
  if (in.shape.empty()) check::malformed(ref, "input is a scalar (softmax needs a last dimension)");
  if (in.shape != out.shape)
    check::malformed(ref, fmt::format("input shape {} differs from output shape {}",
                                      check::shape_str(in.shape), check::shape_str(out.shape)));
  const float beta = check::options<ir::SoftmaxOptions>(ref).beta;
  if (!std::isfinite(beta) || beta <= 0.0f)
    unsupported(backend, op, fmt::format("beta {}", beta));
  if (in.dtype == ir::DType::Int8 && out.dtype == ir::DType::Int16) {
    const check::QuantParams qin = check::per_tensor_int8(ref, in, "input");
    // TFLite-Micro's Prepare: zero point exactly -32768 (not 16x8's 0), scale 1/65536 within 0.1 %.
    if (out.quant.empty() || out.quant.per_channel())
      unsupported(backend, op, "int16 output of int8 without one scale and zero point");
    const float scale = out.quant.scale[0];
    const int64_t zp = out.quant.zero_point.empty() ? 0 : out.quant.zero_point[0];
    if (zp != -32768 || !(std::fabs(scale - 1.0f / 65536) <= 0.001f * 1.0f / 65536))
      unsupported(backend, op,
                  fmt::format("int16 output of int8 with scale {} and zero point {} (must be 1/65536 and -32768)",
                              scale, zp));
    softmax_s8_params(ref, beta, qin.scale);
  } else if (in.dtype == ir::DType::Int8) {
    const check::QuantParams qin = check::per_tensor_int8(ref, in, "input");
    const check::QuantParams qout = check::per_tensor_int8(ref, out, "output");
    if (qout.zero_point != -128 || qout.scale != 1.0f / 256)
      unsupported(backend, op,
                  fmt::format("int8 output with scale {} and zero point {} (must be 1/256 and -128)",
                              qout.scale, qout.zero_point));
    softmax_s8_params(ref, beta, qin.scale);
  }
  if (in.dtype == ir::DType::Int16) softmax_s16_params(ref, beta);
}

LoweredOp lower_softmax(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  check_softmax(ctx.graph(), op, backend);
  const check::OpRef ref{ctx.graph(), op, backend};
  const ir::Tensor& in = check::input(ref, 0);
  const float beta = check::options<ir::SoftmaxOptions>(ref).beta;
  LoweredOp lowered = check::single_io(op);
  if (in.dtype == ir::DType::Int16) {
    const mlonmcu_softmax_s16_params_t p = softmax_s16_params(ref, beta);
    // exp over [-10, 0] and 1 / (1 + x) over [0, 1], each on the int16 range (TFLite's ranges).
    constexpr float kRange = 65535.0f;
    const std::string name = check::output(ref).name;  // adding tensors moves the graph's tensors
    lowered.inputs.push_back(ctx.add_const(name + "/exp_table", ir::DType::Int16, {MLONMCU_SOFTMAX_S16_LUT_SIZE},
                                           lut_s16(10.0f / kRange, 32767, 2.0f / kRange, 0, exp_f)));
    lowered.inputs.push_back(ctx.add_const(name + "/reciprocal_table", ir::DType::Int16,
                                           {MLONMCU_SOFTMAX_S16_LUT_SIZE},
                                           lut_s16(1.0f / kRange, -32768, 2.0f / kRange, 0, one_over_one_plus_x)));
    lowered.opcode = MLONMCU_OP_SOFTMAX_S16;
    lowered.params = params_words(p);
    return lowered;
  }
  if (in.dtype == ir::DType::Int8) {
    lowered.opcode = check::output(ref).dtype == ir::DType::Int16 ? MLONMCU_OP_SOFTMAX_S8_S16 : MLONMCU_OP_SOFTMAX_S8;
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
