/* Fixed-point requantization as TFLite-Micro's reference kernels do it by default
 * ("double rounding"): a saturating rounding doubling high multiply by a Q31 multiplier, then a
 * rounding right shift. Shared by every int8 kernel; any change here changes every result. */
#ifndef MLONMCU_KERNELS_REQUANTIZE_H_
#define MLONMCU_KERNELS_REQUANTIZE_H_

#include <stdint.h>

/* (a * b * 2) >> 32 with round-half-away-from-zero via a nudge; saturates the one overflow case. */
static inline int32_t mlonmcu_srdhm(int32_t a, int32_t b) {
  int64_t ab;
  int64_t nudge;
  if (a == b && a == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? (int64_t)(1 << 30) : (int64_t)(1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* x / 2^exponent, rounding half away from zero. exponent in [0, 31]. */
static inline int32_t mlonmcu_rounding_divide_by_pot(int32_t x, int32_t exponent) {
  const int32_t mask = (int32_t)(((int64_t)1 << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^shift, multiplier Q31 in [2^30, 2^31) (or 0), shift may be negative.
 * The left shift wraps like two's complement hardware instead of being undefined. */
static inline int32_t mlonmcu_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier,
                                                               int32_t shift) {
  const int32_t left_shift = shift > 0 ? shift : 0;
  const int32_t right_shift = shift > 0 ? 0 : -shift;
  const int32_t shifted = (int32_t)((uint32_t)x << left_shift);
  return mlonmcu_rounding_divide_by_pot(mlonmcu_srdhm(shifted, multiplier), right_shift);
}

static inline int32_t mlonmcu_clamp_s32(int32_t x, int32_t lo, int32_t hi) {
  return x < lo ? lo : (x > hi ? hi : x);
}

#endif /* MLONMCU_KERNELS_REQUANTIZE_H_ */
