/* gemmlowp-style fixed-point math on raw int32 values, as TFLite-Micro's int8 SOFTMAX, LOGISTIC
 * and TANH reference kernels use it. A value in format Q(m) has m integer bits and 31 - m
 * fractional bits; gemmlowp fixes m at compile time, here it is a run-time argument.
 *
 * Every step (operation order, rounding, saturation thresholds, the polynomial and Newton-Raphson
 * constants) must stay exactly as gemmlowp does it: the int8 outputs are compared bit for bit. */
#ifndef MLONMCU_KERNELS_FIXEDPOINT_H_
#define MLONMCU_KERNELS_FIXEDPOINT_H_

#include <stdint.h>

#include "mlonmcu/kernels/requantize.h"

/* Plain additions in gemmlowp; they never overflow for valid inputs, but wrapping keeps hostile
 * parameters from becoming undefined behaviour. */
static inline int32_t mlonmcu_fp_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}
static inline int32_t mlonmcu_fp_sub(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a - (uint32_t)b);
}
static inline int32_t mlonmcu_fp_neg(int32_t a) { return (int32_t)(0u - (uint32_t)a); }

/* Number of leading zero bits; 32 for 0. */
static inline int32_t mlonmcu_clz32(uint32_t x) {
  int32_t n = 0;
  if (x == 0) return 32;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

/* x * 2^exponent for exponent in [1, 30], saturating. The thresholds are gemmlowp's, which
 * saturate a value one step earlier on the negative side than strictly necessary. */
static inline int32_t mlonmcu_fp_saturating_shl(int32_t x, int32_t exponent) {
  const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

/* gemmlowp's SaturatingRoundingMultiplyByPOT: saturating left shift or rounding right shift. */
static inline int32_t mlonmcu_fp_mul_by_pot(int32_t x, int32_t exponent) {
  if (exponent > 0) return mlonmcu_fp_saturating_shl(x, exponent);
  if (exponent < 0) return mlonmcu_rounding_divide_by_pot(x, -exponent);
  return x;
}

/* Changes a raw value from Q(src_bits) to Q(dst_bits) (gemmlowp's Rescale). */
static inline int32_t mlonmcu_fp_rescale(int32_t raw, int32_t src_bits, int32_t dst_bits) {
  return mlonmcu_fp_mul_by_pot(raw, src_bits - dst_bits);
}

/* (a + b) / 2 rounded half away from zero. */
static inline int32_t mlonmcu_fp_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* exp(a) for a in [-1/4, 0), a and result in Q0: a Taylor expansion around -1/8. */
static inline int32_t mlonmcu_fp_exp_on_interval_between_negative_one_quarter_and_0_excl(
    int32_t a) {
  const int32_t constant_term = 1895147668;     /* exp(-1/8) */
  const int32_t constant_1_over_3 = 715827883;  /* 1/3 */
  const int32_t x = mlonmcu_fp_add(a, (int32_t)1 << 28);
  const int32_t x2 = mlonmcu_srdhm(x, x);
  const int32_t x3 = mlonmcu_srdhm(x2, x);
  const int32_t x4 = mlonmcu_srdhm(x2, x2);
  const int32_t x4_over_4 = mlonmcu_rounding_divide_by_pot(x4, 2);
  const int32_t x4_over_24_plus_x3_over_6_plus_x2_over_2 = mlonmcu_rounding_divide_by_pot(
      mlonmcu_fp_add(mlonmcu_srdhm(mlonmcu_fp_add(x4_over_4, x3), constant_1_over_3), x2), 1);
  return mlonmcu_fp_add(
      constant_term,
      mlonmcu_srdhm(constant_term, mlonmcu_fp_add(x, x4_over_24_plus_x3_over_6_plus_x2_over_2)));
}

/* exp(a) for a <= 0 given in Q(integer_bits), integer_bits in [0, 29]; result in Q0.
 * Splits a into a multiple of 1/4 (handled by multiplying with exp(-2^k) constants, one per set
 * bit) and a rest in [-1/4, 0) (handled by the polynomial). */
static inline int32_t mlonmcu_fp_exp_on_negative_values(int32_t a, int32_t integer_bits) {
  static const int32_t kExpMinusPowersOfTwo[7] = {
      1672461947, /* exp(-1/4) */
      1302514674, /* exp(-1/2) */
      790015084,  /* exp(-1) */
      290630308,  /* exp(-2) */
      39332535,   /* exp(-4) */
      720401,     /* exp(-8) */
      242,        /* exp(-16) */
  };
  const int32_t fractional_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (fractional_bits - 2);
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_one_quarter = mlonmcu_fp_sub(a & mask, one_quarter);
  const int32_t remainder = mlonmcu_fp_sub(a_mod_quarter_minus_one_quarter, a);
  int32_t result = mlonmcu_fp_exp_on_interval_between_negative_one_quarter_and_0_excl(
      mlonmcu_fp_rescale(a_mod_quarter_minus_one_quarter, integer_bits, 0));
  int32_t k;
  for (k = 0; k < 7; ++k) {
    const int32_t exponent = k - 2;
    if (integer_bits > exponent) {
      const int32_t bit = (int32_t)1 << (fractional_bits + exponent);
      if (remainder & bit) result = mlonmcu_srdhm(result, kExpMinusPowersOfTwo[k]);
    }
  }
  if (integer_bits > 5) {
    /* Below -32 the result underflows to zero. */
    const int32_t clamp = -((int32_t)1 << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = INT32_MAX; /* exp(0) = 1, saturated in Q0 */
  return result;
}

/* Newton-Raphson iterations for 1 / (half_denominator) in Q2, shared by the two divisions below. */
static inline int32_t mlonmcu_fp_newton_reciprocal_q2(int32_t half_denominator) {
  const int32_t constant_48_over_17 = 1515870810;
  const int32_t constant_neg_32_over_17 = -1010580540;
  const int32_t one_q2 = (int32_t)1 << 29;
  int32_t x = mlonmcu_fp_add(constant_48_over_17,
                             mlonmcu_srdhm(half_denominator, constant_neg_32_over_17));
  int32_t i;
  for (i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = mlonmcu_srdhm(half_denominator, x);
    const int32_t one_minus_half_denominator_times_x = mlonmcu_fp_sub(one_q2, half_denominator_times_x);
    /* Q2 * Q2 is Q4; back to Q2 */
    x = mlonmcu_fp_add(x, mlonmcu_fp_saturating_shl(
                              mlonmcu_srdhm(x, one_minus_half_denominator_times_x), 2));
  }
  return x;
}

/* 1 / (1 + a) for a in [0, 1), Q0 in and out. */
static inline int32_t mlonmcu_fp_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = mlonmcu_fp_rounding_half_sum(a, INT32_MAX);
  const int32_t x = mlonmcu_fp_newton_reciprocal_q2(half_denominator);
  /* x is 2/(1+a) in Q2; halving is exact (Q1), then Q1 -> Q0 */
  return mlonmcu_fp_saturating_shl(x, 1);
}

/* (1 - a) / (1 + a) for a in [0, 1), Q0 in and out. */
static inline int32_t mlonmcu_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = mlonmcu_fp_rounding_half_sum(a, INT32_MAX);
  const int32_t x = mlonmcu_fp_newton_reciprocal_q2(half_denominator);
  return mlonmcu_fp_saturating_shl(mlonmcu_fp_sub(x, (int32_t)1 << 29), 2);
}

/* 1 / (1 + exp(-a)) for a in Q(integer_bits), integer_bits in [0, 29]; result in Q0. */
static inline int32_t mlonmcu_fp_logistic(int32_t a, int32_t integer_bits) {
  int32_t abs_a;
  int32_t result_if_positive;
  if (a == 0) return (int32_t)1 << 30; /* 1/2 */
  abs_a = a > 0 ? a : mlonmcu_fp_neg(a);
  result_if_positive = mlonmcu_fp_one_over_one_plus_x_for_x_in_0_1(
      mlonmcu_fp_exp_on_negative_values(mlonmcu_fp_neg(abs_a), integer_bits));
  return a > 0 ? result_if_positive : mlonmcu_fp_sub(INT32_MAX, result_if_positive);
}

/* tanh(a) for a in Q(integer_bits), integer_bits in [0, 28]; result in Q0. */
static inline int32_t mlonmcu_fp_tanh(int32_t a, int32_t integer_bits) {
  int32_t negative_a;
  int32_t neg_tanh;
  if (a == 0) return 0;
  negative_a = a < 0 ? a : mlonmcu_fp_neg(a);
  /* exp(2a): the same raw value read with one more integer bit */
  neg_tanh = mlonmcu_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(
      mlonmcu_fp_exp_on_negative_values(negative_a, integer_bits + 1));
  return a < 0 ? mlonmcu_fp_neg(neg_tanh) : neg_tanh;
}

/* 1 / x for x > 0 in Q(x_integer_digits): returns the reciprocal's significand in Q0 and the
 * power of two it is off by in *num_bits_over_unit (TFLite's GetReciprocal). */
static inline int32_t mlonmcu_fp_get_reciprocal(int32_t x, int32_t x_integer_digits,
                                                int32_t* num_bits_over_unit) {
  const int32_t headroom_plus_one = mlonmcu_clz32((uint32_t)x);
  int32_t shifted_sum_minus_one;
  *num_bits_over_unit = x_integer_digits - headroom_plus_one;
  if (headroom_plus_one >= 32) return INT32_MAX; /* x == 0: not a valid input */
  shifted_sum_minus_one =
      (int32_t)(((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31));
  return mlonmcu_fp_one_over_one_plus_x_for_x_in_0_1(shifted_sum_minus_one);
}

#endif /* MLONMCU_KERNELS_FIXEDPOINT_H_ */
