// The gemmlowp-style fixed-point helpers against plain double math: any slip in a constant, a
// shift or an operation order shows up as an error far beyond the tolerances used here.
#include "mlonmcu/kernels/fixedpoint.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace {

double from_q(int32_t raw, int integer_bits) { return std::ldexp(static_cast<double>(raw), integer_bits - 31); }
int32_t to_q(double v, int integer_bits) {
  return static_cast<int32_t>(std::llround(std::ldexp(v, 31 - integer_bits)));
}

TEST(FixedPointKernel, SaturatingShiftMatchesGemmlowpThresholds) {
  EXPECT_EQ(mlonmcu_fp_saturating_shl(3, 2), 12);
  EXPECT_EQ(mlonmcu_fp_saturating_shl(-3, 2), -12);
  EXPECT_EQ(mlonmcu_fp_saturating_shl((1 << 29) - 1, 2), ((1 << 29) - 1) * 4);
  EXPECT_EQ(mlonmcu_fp_saturating_shl(1 << 29, 2), INT32_MAX);
  // -2^29 * 4 would fit, but the threshold is symmetric: it saturates.
  EXPECT_EQ(mlonmcu_fp_saturating_shl(-(1 << 29), 2), INT32_MIN);
}

TEST(FixedPointKernel, RoundingHalfSumRoundsAwayFromZero) {
  EXPECT_EQ(mlonmcu_fp_rounding_half_sum(1, 2), 2);    // 1.5 -> 2
  EXPECT_EQ(mlonmcu_fp_rounding_half_sum(-1, -2), -2); // -1.5 -> -2
  EXPECT_EQ(mlonmcu_fp_rounding_half_sum(INT32_MAX, INT32_MAX), INT32_MAX);
  EXPECT_EQ(mlonmcu_fp_rounding_half_sum(0, INT32_MAX), 1 << 30);
}

TEST(FixedPointKernel, ClzCountsLeadingZeros) {
  EXPECT_EQ(mlonmcu_clz32(0), 32);
  EXPECT_EQ(mlonmcu_clz32(1), 31);
  EXPECT_EQ(mlonmcu_clz32(0x80000000u), 0);
  EXPECT_EQ(mlonmcu_clz32(1u << 19), 12);
}

TEST(FixedPointKernel, ExpOnNegativeValuesIsAccurateInQ5AndQ4) {
  for (int bits : {4, 5}) {
    const double limit = std::ldexp(1.0, bits);
    for (double x = -limit + 1e-3; x <= 0.0; x += limit / 3001.0) {
      const int32_t raw = to_q(x, bits);
      const double got = from_q(mlonmcu_fp_exp_on_negative_values(raw, bits), 0);
      EXPECT_NEAR(got, std::exp(from_q(raw, bits)), 5e-7) << "x=" << x << " bits=" << bits;
    }
  }
  EXPECT_EQ(mlonmcu_fp_exp_on_negative_values(0, 5), INT32_MAX);
}

TEST(FixedPointKernel, ExpClampsBelowMinus32WithSixIntegerBits) {
  EXPECT_EQ(mlonmcu_fp_exp_on_negative_values(to_q(-40.0, 6), 6), 0);
  EXPECT_NEAR(from_q(mlonmcu_fp_exp_on_negative_values(to_q(-3.0, 6), 6), 0), std::exp(-3.0), 2e-7);
}

TEST(FixedPointKernel, OneOverOnePlusXIsAccurate) {
  for (double x = 0.0; x < 1.0; x += 1.0 / 997) {
    const double got = from_q(mlonmcu_fp_one_over_one_plus_x_for_x_in_0_1(to_q(x, 0)), 0);
    EXPECT_NEAR(got, 1.0 / (1.0 + x), 1e-8) << "x=" << x;
  }
}

TEST(FixedPointKernel, OneMinusXOverOnePlusXIsAccurate) {
  for (double x = 0.0; x < 1.0; x += 1.0 / 997) {
    const double got = from_q(mlonmcu_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(to_q(x, 0)), 0);
    EXPECT_NEAR(got, (1.0 - x) / (1.0 + x), 1e-8) << "x=" << x;
  }
}

TEST(FixedPointKernel, LogisticAndTanhAreAccurateInQ4) {
  for (double x = -15.9; x < 15.9; x += 0.0137) {
    const int32_t raw = to_q(x, 4);
    const double real = from_q(raw, 4);
    EXPECT_NEAR(from_q(mlonmcu_fp_logistic(raw, 4), 0), 1.0 / (1.0 + std::exp(-real)), 3e-7) << x;
    EXPECT_NEAR(from_q(mlonmcu_fp_tanh(raw, 4), 0), std::tanh(real), 6e-7) << x;
  }
  EXPECT_EQ(mlonmcu_fp_logistic(0, 4), 1 << 30);
  EXPECT_EQ(mlonmcu_fp_tanh(0, 4), 0);
}

TEST(FixedPointKernel, ReciprocalReturnsSignificandAndExponent) {
  // 3.0 in Q12: 1/3 = (2/3) * 2^-1, i.e. significand 2/3 and one bit over unit.
  int32_t bits = 0;
  const int32_t raw = mlonmcu_fp_get_reciprocal(to_q(3.0, 12), 12, &bits);
  EXPECT_EQ(bits, 1);  // 3 = 1.5 * 2^1: 12 integer digits - 11 leading zeros
  EXPECT_NEAR(from_q(raw, 0) * std::ldexp(1.0, -bits), 1.0 / 3.0, 1e-8);
}

}  // namespace
