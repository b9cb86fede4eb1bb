// Lowering of HARD_SWISH: float32 through the unary kernel; int8 through a 256-entry table
// computed here with TFLite-Micro's 16-bit fixed-point arithmetic (the "hires" input scale,
// the reluish multiplier, the rounding and saturating steps, in its order), so the kernel only
// looks values up.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "mlonmcu/kernels/unary.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

// gemmlowp's 16-bit SaturatingRoundingDoublingHighMul.
int16_t srdhm16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  const int32_t ab = int32_t{a} * int32_t{b};
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

// TFLite's SaturatingDoublingHighMul: the same, rounding towards zero.
int16_t sdhm16(int16_t a, int16_t b) {
  if (a == b && a == std::numeric_limits<int16_t>::min()) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>(int32_t{a} * int32_t{b} / (1 << 15));
}

// gemmlowp's RoundingDivideByPOT on int16 (its mask truncated to 16 bits, as the template does).
int16_t rounding_divide16(int16_t x, int exponent) {
  const auto mask = static_cast<int16_t>((1LL << exponent) - 1);
  const auto remainder = static_cast<int16_t>(x & mask);
  const auto threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((x >> exponent) + (remainder > threshold ? 1 : 0));
}

int16_t saturating_shl16(int16_t v, int amount) {
  const int64_t r = static_cast<int64_t>(v) * (int64_t{1} << amount);
  return static_cast<int16_t>(std::clamp<int64_t>(r, std::numeric_limits<int16_t>::min(), std::numeric_limits<int16_t>::max()));
}

// TFLite's DownScaleInt32ToInt16Multiplier.
int16_t to_int16_multiplier(int32_t m) {
  constexpr int32_t kRounding = 1 << 15;
  if (m >= std::numeric_limits<int32_t>::max() - kRounding) return std::numeric_limits<int16_t>::max();
  return static_cast<int16_t>((m + kRounding) >> 16);
}

struct HardSwishParams {
  int32_t input_zero_point, output_zero_point;
  int16_t output_multiplier, reluish_multiplier;
  int output_exponent, reluish_exponent;
};

HardSwishParams hard_swish_s8_params(const check::OpRef& ref) {
  const auto iq = check::per_tensor_int8(ref, check::input(ref, 0), "input");
  const auto oq = check::per_tensor_int8(ref, check::output(ref), "output");
  // As TFLite-Micro's Prepare: the scales in float, the quotients in double.
  const float hires_input_scale = (1.0f / 128.0f) * iq.scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const Multiplier out = quantize_multiplier(static_cast<double>(hires_input_scale / oq.scale), LargeShift::Keep);
  const Multiplier reluish = quantize_multiplier(static_cast<double>(hires_input_scale / reluish_scale), LargeShift::Keep);
  if (out.shift > 0) unsupported(ref.backend, ref.op, "an output scale below input scale / 128");
  if (reluish.shift > 30 || out.shift < -31 || reluish.shift < -31)
    unsupported(ref.backend, ref.op, "input and output scales that far apart");
  return {iq.zero_point, oq.zero_point, to_int16_multiplier(out.multiplier), to_int16_multiplier(reluish.multiplier),
          out.shift, reluish.shift};
}

int8_t hard_swish_s8(const HardSwishParams& p, int8_t x) {
  const auto input_value = static_cast<int16_t>(x - p.input_zero_point);
  const auto hires = static_cast<int16_t>(input_value * (1 << 7));
  const int16_t preshift_output = srdhm16(hires, p.output_multiplier);
  int16_t reluish = hires;
  if (p.reluish_exponent > 0) reluish = saturating_shl16(reluish, p.reluish_exponent - 1);
  reluish = srdhm16(reluish, p.reluish_multiplier);
  if (p.reluish_exponent > 0) reluish = saturating_shl16(reluish, 1);
  if (p.reluish_exponent < 0) reluish = rounding_divide16(reluish, -p.reluish_exponent);
  reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
  const int16_t preshift = sdhm16(reluish, preshift_output);
  int16_t out = rounding_divide16(preshift, -p.output_exponent);
  out = static_cast<int16_t>(out + p.output_zero_point);
  return static_cast<int8_t>(std::clamp<int16_t>(out, -128, 127));
}

DType hard_swish_dtype(const check::OpRef& ref) {
  const check::UnaryPlan plan = check::resolve_unary(ref);
  check::expect_dtype(ref, *plan.in, {DType::Float32, DType::Int8}, "input");
  check::expect_same_dtype(ref, *plan.in, *plan.out);
  if (plan.in->dtype == DType::Int8) hard_swish_s8_params(ref);
  return plan.in->dtype;
}

}  // namespace

void check_hard_swish(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  hard_swish_dtype({graph, op, backend});
}

LoweredOp lower_hard_swish(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const check::OpRef ref{ctx.graph(), op, backend};
  if (hard_swish_dtype(ref) == DType::Float32) {
    mlonmcu_unary_f32_params_t p{};
    p.function = MLONMCU_UNARY_HARD_SWISH;
    LoweredOp lowered = check::single_io(op, MLONMCU_OP_UNARY_F32, params_words(p));
    lowered.inplace_inputs = {0};
    return lowered;
  }
  const HardSwishParams p = hard_swish_s8_params(ref);
  std::vector<uint8_t> table(256);
  for (int v = -128; v <= 127; ++v)
    table[static_cast<uint8_t>(v)] = static_cast<uint8_t>(hard_swish_s8(p, static_cast<int8_t>(v)));
  LoweredOp lowered = check::single_io(op, MLONMCU_OP_LOOKUP_S8);
  lowered.inplace_inputs = {0};
  lowered.inputs.push_back(ctx.add_const(check::output(ref).name + "/table", DType::Int8, {256}, std::move(table)));
  return lowered;
}

}  // namespace mlonmcu::ops
