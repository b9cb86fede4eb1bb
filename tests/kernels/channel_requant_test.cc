// The per-channel requantization used by the fast conv/depthwise/FC loops must equal TFLite's
// double-rounding requantization (the reference in reference.h) for every accumulator,
// including the extremes and exact halves at each rounding step.
#include <gtest/gtest.h>

#include <random>

#include "kernels/reference.h"
#include "mlonmcu/kernels/channel_requant.h"

namespace mlonmcu::test {
namespace {

int32_t expected(int32_t acc, int32_t multiplier, int32_t shift, int32_t zp, int32_t lo,
                 int32_t hi) {
  const int64_t v = static_cast<int64_t>(ref_requantize(acc, multiplier, shift)) + zp;
  // The kernels add the zero point with wraparound; the reference does it in 64 bits.
  return clamp(static_cast<int32_t>(static_cast<uint32_t>(v)), lo, hi);
}

TEST(ChannelRequant, ByHandHalvesRoundAwayFromZeroAfterTheHighMultiply) {
  // multiplier 0.5 (2^30), shift -1: 5 -> 2.5 rounds up to 3 -> 1.5 rounds away to 2;
  // -5 -> -2.5 rounds up to -2 -> -1 exactly; -7 -> -3.5 -> -3 -> -1.5 rounds away to -2.
  const auto q = mlonmcu_channel_requant_make(1 << 30, -1, 0, -128, 127);
  EXPECT_EQ(mlonmcu_channel_requant_apply(&q, 5u), 2);
  EXPECT_EQ(mlonmcu_channel_requant_apply(&q, static_cast<uint32_t>(-5)), -1);
  EXPECT_EQ(mlonmcu_channel_requant_apply(&q, static_cast<uint32_t>(-7)), -2);
  // Output zero point 10 and clamp to [-3, 11].
  const auto c = mlonmcu_channel_requant_make(1 << 30, 0, 10, -3, 11);
  EXPECT_EQ(mlonmcu_channel_requant_apply(&c, 2u), 11);                        // 1 + 10
  EXPECT_EQ(mlonmcu_channel_requant_apply(&c, 100u), 11);                      // clamped
  EXPECT_EQ(mlonmcu_channel_requant_apply(&c, static_cast<uint32_t>(-40)), -3);  // -20 + 10
}

TEST(ChannelRequant, SaturatingCornerOfTheHighMultiply) {
  const auto q = mlonmcu_channel_requant_make(INT32_MIN, 0, 0, INT32_MIN, INT32_MAX);
  EXPECT_EQ(mlonmcu_channel_requant_apply(&q, 0x80000000u), INT32_MAX);
  EXPECT_EQ(mlonmcu_channel_requant_apply(&q, 1u), -1);
}

TEST(ChannelRequant, MatchesReferenceOnRandomAndEdgeValues) {
  std::mt19937 rng(4242);
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> mant(1 << 30, INT32_MAX), small(-70000, 70000);
  const int32_t edges[] = {0, 1, -1, 2, -2, INT32_MAX, INT32_MIN, INT32_MIN + 1, 1 << 30,
                           -(1 << 30), 12345, -12345};
  for (int32_t shift = -31; shift <= 30; ++shift) {
    for (int rep = 0; rep < 40; ++rep) {
      const int32_t m = rep == 0 ? (1 << 30) : (rep == 1 ? INT32_MAX : (rep == 2 ? 0 : mant(rng)));
      const int32_t zp = rep % 5 - 2;
      const auto q = mlonmcu_channel_requant_make(m, shift, zp, INT32_MIN, INT32_MAX);
      const auto qc = mlonmcu_channel_requant_make(m, shift, zp, -128, 127);
      for (int32_t acc : edges) {
        ASSERT_EQ(mlonmcu_channel_requant_apply(&q, static_cast<uint32_t>(acc)),
                  expected(acc, m, shift, zp, INT32_MIN, INT32_MAX))
            << acc << " " << m << " " << shift;
      }
      for (int i = 0; i < 200; ++i) {
        const int32_t acc = i % 2 ? any(rng) : small(rng);
        ASSERT_EQ(mlonmcu_channel_requant_apply(&q, static_cast<uint32_t>(acc)),
                  expected(acc, m, shift, zp, INT32_MIN, INT32_MAX))
            << acc << " " << m << " " << shift;
        ASSERT_EQ(mlonmcu_channel_requant_apply(&qc, static_cast<uint32_t>(acc)),
                  expected(acc, m, shift, zp, -128, 127));
      }
    }
  }
}

}  // namespace
}  // namespace mlonmcu::test
