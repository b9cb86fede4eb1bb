// Build-time quantization arithmetic, following TFLite's derivations exactly (they decide the
// integers the kernels then use, so any deviation breaks bit-exactness).
#pragma once

#include <cstdint>

#include "ir/graph.h"

namespace mlonmcu::ops {

struct Multiplier {
  int32_t multiplier = 0;  // Q31 significand in [2^30, 2^31), or 0
  int32_t shift = 0;       // power of two: positive = left shift
};

// TFLite has two builds of QuantizeMultiplier that differ only for shifts above 30: the
// single-rounding build saturates them (shift 30, multiplier 2^31 - 1), the default
// double-rounding build keeps them. TFLite-Micro's softmax, logistic/tanh and mean Prepare
// follow the default build, the other ops are derived with the saturating one.
enum class LargeShift { Saturate, Keep };

// TFLite's QuantizeMultiplier: frexp, round(q * 2^31), normalize 2^31, flush shifts below -31
// to a zero multiplier, and shifts above 30 as `large_shift` says.
Multiplier quantize_multiplier(double real_multiplier,
                               LargeShift large_shift = LargeShift::Saturate);

// For multipliers < 1 (TFLite's QuantizeMultiplierSmallerThanOneExp): same, shift <= 0.
Multiplier quantize_multiplier_smaller_than_one(double real_multiplier);

struct QuantRange {
  int32_t min = 0;
  int32_t max = 0;
};

// TFLite's CalculateActivationRangeQuantized for an output with this scale/zero point and the
// integer limits of its dtype.
QuantRange activation_range_quantized(ir::Activation act, float scale, int32_t zero_point,
                                      int32_t qmin, int32_t qmax);

struct FloatRange {
  float min = 0;
  float max = 0;
};

// TFLite's CalculateActivationRange<float>.
FloatRange activation_range_float(ir::Activation act);

// TFLite's CalculateInputRadius(integer_bits, left_shift, 31): the largest input difference
// (in input steps) that a fixed-point function with that many integer bits can take before
// its result saturates. left_shift in [0, 62].
int32_t input_radius(int32_t integer_bits, int32_t left_shift);

// TFLite's rescaling of int8 sums whose inputs share one quantization (ADD_N, CUMSUM): inputs
// shifted left by 20 and scaled by half, the sum to the output scale. Sets p's left_shift and
// input_/output_ offset, multiplier and shift; false when the output scale is too small against
// the input's (TFLM would compute a multiplier of 1 or more).
template <class Params>
bool set_sum_rescale(Params& p, float in_scale, int32_t in_zero_point, float out_scale,
                     int32_t out_zero_point) {
  p.left_shift = 20;
  const double twice = 2 * static_cast<double>(in_scale);
  const double out_real = twice / ((1 << p.left_shift) * static_cast<double>(out_scale));
  if (!(out_real < 1.0)) return false;
  const Multiplier mi = quantize_multiplier_smaller_than_one(static_cast<double>(in_scale) / twice);
  const Multiplier mo = quantize_multiplier_smaller_than_one(out_real);
  p.input_offset = -in_zero_point, p.input_multiplier = mi.multiplier, p.input_shift = mi.shift;
  p.output_offset = out_zero_point, p.output_multiplier = mo.multiplier, p.output_shift = mo.shift;
  return true;
}

}  // namespace mlonmcu::ops
