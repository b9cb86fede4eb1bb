#include "mlonmcu/kernels/softmax_s16.h"

#include "mlonmcu/kernels/fixedpoint.h"
#include "mlonmcu/kernels/requantize.h"

int16_t mlonmcu_lut_lookup_s16(int16_t value, const int16_t* table) {
  const uint16_t index = (uint16_t)(256 + (value >> 7));
  const int16_t offset = (int16_t)(value & 0x7f);
  const int16_t base = table[index];
  const int16_t slope = (int16_t)(table[index + 1] - table[index]);
  const int32_t delta = (slope * offset + 64) >> 7;
  return (int16_t)(base + delta);
}

void mlonmcu_softmax_s16(const mlonmcu_softmax_s16_params_t* p, const int16_t* input, int16_t* output,
                         const int16_t* exp_table, const int16_t* reciprocal_table) {
  int32_t i, c;
  for (i = 0; i < p->outer; ++i) {
    const int16_t* in = input + (int64_t)i * p->depth;
    int16_t* out = output + (int64_t)i * p->depth;
    int32_t max = INT16_MIN, sum = 0, headroom_plus_one, shifted_sum, right_shift;
    int16_t reciprocal;
    for (c = 0; c < p->depth; ++c)
      if (in[c] > max) max = in[c];
    /* exp of every difference, in Q0.15, kept in the output row until the sum is known. */
    for (c = 0; c < p->depth; ++c) {
      const int32_t scaled = mlonmcu_multiply_by_quantized_multiplier(in[c] - max, p->input_multiplier, p->input_shift);
      out[c] = mlonmcu_lut_lookup_s16((int16_t)mlonmcu_clamp_s32(scaled + 32767, INT16_MIN, INT16_MAX), exp_table);
      sum = (int32_t)((uint32_t)sum + (uint32_t)out[c]);
    }
    /* Only hostile tables make every exp 0; their rows stay 0 instead of shifting by -1. */
    if (sum <= 0) {
      for (c = 0; c < p->depth; ++c) out[c] = 0;
      continue;
    }
    /* 1 / sum from the table of 1 / (1 + x), x in [0, 1): the sum normalized to Q1.14 first. */
    headroom_plus_one = mlonmcu_clz32((uint32_t)sum);
    shifted_sum = (int32_t)((((int64_t)sum << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    reciprocal = mlonmcu_lut_lookup_s16(
        (int16_t)mlonmcu_clamp_s32(shifted_sum - ((1 << 15) + (1 << 16)), INT16_MIN, INT16_MAX), reciprocal_table);
    right_shift = 31 - headroom_plus_one;
    for (c = 0; c < p->depth; ++c) {
      const int64_t result = ((int64_t)out[c] * reciprocal + ((int64_t)1 << (right_shift - 1))) >> right_shift;
      out[c] = (int16_t)(result < 0 ? 0 : result > 32767 ? 32767 : result);
    }
  }
}
