/* SOFTMAX kernels. The int8 version follows TFLite's fixed-point algorithm: exp() of the
 * rescaled differences to the row maximum in Q5.26, their sum in Q12.19, one reciprocal per row,
 * and a final rounding shift to the output: int8 with scale 1/256 or int16 with scale 1/65536. */
#include "mlonmcu/kernels/softmax.h"

#include <math.h>

#include "mlonmcu/kernels/fixedpoint.h"
#include "mlonmcu/kernels/requantize.h"

enum { kScaledDiffIntegerBits = 5, kAccumulationIntegerBits = 12 };

/* exp(beta * scale * diff) in Q0 for one input difference diff <= 0 that is >= diff_min. */
static int32_t softmax_exp_of_diff(int32_t diff, const mlonmcu_softmax_s8_params_t* params) {
  /* TFLite's MultiplyByQuantizedMultiplierGreaterThanOne: left shift first, then the multiply */
  const int32_t shifted = (int32_t)((uint32_t)diff << params->input_left_shift);
  const int32_t diff_rescaled = mlonmcu_srdhm(shifted, params->input_multiplier);
  return mlonmcu_fp_exp_on_negative_values(diff_rescaled, kScaledDiffIntegerBits);
}

/* One row; the output is int8 (bits 8, zero point -128) or int16 (bits 16, zero point -32768),
 * TFLite's template over OutputT. */
static void softmax_s8_row(const int8_t* in, int8_t* out8, int16_t* out16, int32_t depth,
                           const mlonmcu_softmax_s8_params_t* params) {
  const int32_t out_bits = out16 != 0 ? 16 : 8;
  const int32_t out_min = out16 != 0 ? INT16_MIN : INT8_MIN;
  const int32_t out_max = out16 != 0 ? INT16_MAX : INT8_MAX;
  int32_t c;
  int32_t max_in_row = -128;
  int32_t sum_of_exps = 0; /* Q12 */
  int32_t num_bits_over_unit = 0;
  int32_t shifted_scale;
  int32_t exponent;

  for (c = 0; c < depth; ++c) {
    if (in[c] > max_in_row) max_in_row = in[c];
  }
  for (c = 0; c < depth; ++c) {
    const int32_t diff = (int32_t)in[c] - max_in_row;
    if (diff >= params->diff_min) {
      sum_of_exps = mlonmcu_fp_add(
          sum_of_exps, mlonmcu_fp_rescale(softmax_exp_of_diff(diff, params), 0,
                                          kAccumulationIntegerBits));
    }
  }

  shifted_scale =
      mlonmcu_fp_get_reciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
  exponent = num_bits_over_unit + 31 - out_bits;

  /* Second pass recomputes exp() instead of storing it: no scratch memory. */
  for (c = 0; c < depth; ++c) {
    const int32_t diff = (int32_t)in[c] - max_in_row;
    int32_t result = out_min;
    if (diff >= params->diff_min) {
      const int32_t scaled = mlonmcu_srdhm(shifted_scale, softmax_exp_of_diff(diff, params));
      /* TFLite checks exponent <= 31; beyond that (int8: >= 512 equal maxima) the quotient
       * rounds to 0 anyway. int16's exponent stays <= 27 (the Q12 sum saturates at 4096). */
      const int32_t unsat =
          exponent > 31 ? 0 : mlonmcu_rounding_divide_by_pot(scaled, exponent < 0 ? 0 : exponent);
      result = mlonmcu_clamp_s32(unsat + out_min, out_min, out_max);
    }
    if (out16 != 0)
      out16[c] = (int16_t)result;
    else
      out8[c] = (int8_t)result;
  }
}

void mlonmcu_softmax_s8(const int8_t* input, int8_t* output, int32_t outer_size, int32_t depth,
                        const mlonmcu_softmax_s8_params_t* params) {
  int32_t i;
  for (i = 0; i < outer_size; ++i)
    softmax_s8_row(input + (int64_t)i * depth, output + (int64_t)i * depth, 0, depth, params);
}

void mlonmcu_softmax_s8_s16(const int8_t* input, int16_t* output, int32_t outer_size, int32_t depth,
                            const mlonmcu_softmax_s8_params_t* params) {
  int32_t i;
  for (i = 0; i < outer_size; ++i)
    softmax_s8_row(input + (int64_t)i * depth, 0, output + (int64_t)i * depth, depth, params);
}

void mlonmcu_softmax_f32(const float* input, float* output, int32_t outer_size, int32_t depth,
                         const mlonmcu_softmax_f32_params_t* params) {
  int32_t i;
  int32_t c;
  for (i = 0; i < outer_size; ++i) {
    const float* in = input + (int64_t)i * depth;
    float* out = output + (int64_t)i * depth;
    float max = in[0];
    float sum = 0.0f;
    for (c = 1; c < depth; ++c) {
      if (max < in[c]) max = in[c];
    }
    for (c = 0; c < depth; ++c) {
      const float e = expf((in[c] - max) * params->beta);
      out[c] = e;
      sum += e;
    }
    for (c = 0; c < depth; ++c) out[c] = out[c] / sum;
  }
}
