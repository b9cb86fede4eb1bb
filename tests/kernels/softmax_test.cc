// SOFTMAX kernels: exact vectors (worked out by hand, and the reference vector CMSIS-NN publishes
// for its TFLite-bit-exact softmax) plus a float reference within 1 LSB, the tolerance
// TFLite-Micro's own tests allow its fixed-point softmax against float math.
#include "mlonmcu/kernels/softmax.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace {

// TFLite's Prepare for beta * input_scale, recomputed here with plain double math.
mlonmcu_softmax_s8_params_t params_for(double beta_times_scale) {
  int shift = 0;
  const double q = std::frexp(std::min(beta_times_scale * 67108864.0, 2147483647.0), &shift);
  mlonmcu_softmax_s8_params_t p{};
  p.input_multiplier = static_cast<int32_t>(std::llround(q * 2147483648.0));
  p.input_left_shift = shift;
  p.diff_min = -static_cast<int32_t>(std::floor(31.0 * 67108864.0 / std::ldexp(1.0, shift)));
  return p;
}

std::vector<int8_t> run_s8(const std::vector<int8_t>& in, int32_t depth, const mlonmcu_softmax_s8_params_t& p) {
  std::vector<int8_t> out(in.size());
  mlonmcu_softmax_s8(in.data(), out.data(), static_cast<int32_t>(in.size()) / depth, depth, &p);
  return out;
}

TEST(SoftmaxKernel, ReferenceVectorIsBitExact) {
  mlonmcu_softmax_s8_params_t p{};
  p.input_multiplier = 1077952576;
  p.input_left_shift = 23;
  p.diff_min = -248;
  EXPECT_EQ(run_s8({-80, -48, 16, 0, -96}, 5, p), (std::vector<int8_t>{-128, -125, 56, -60, -128}));
}

TEST(SoftmaxKernel, EqualInputsShareTheProbability) {
  const mlonmcu_softmax_s8_params_t p = params_for(1.0 / 16);
  // Two equal values: 0.5 each = 128/256 -> 0; four: 64/256 -> -64.
  EXPECT_EQ(run_s8({7, 7}, 2, p), (std::vector<int8_t>{0, 0}));
  EXPECT_EQ(run_s8({-3, -3, -3, -3}, 4, p), (std::vector<int8_t>{-64, -64, -64, -64}));
  // A single value has probability 1: 256 - 128 saturates to 127.
  EXPECT_EQ(run_s8({-100}, 1, p), (std::vector<int8_t>{127}));
}

TEST(SoftmaxKernel, DifferencesBelowDiffMinGiveMinusOneTwentyEight) {
  // scale 1: exp(-255) is nothing; the maximum takes everything.
  const mlonmcu_softmax_s8_params_t p = params_for(1.0);
  EXPECT_EQ(run_s8({127, -128, 0}, 3, p), (std::vector<int8_t>{127, -128, -128}));
}

TEST(SoftmaxKernel, RowsAreIndependent) {
  const mlonmcu_softmax_s8_params_t p = params_for(1.0 / 16);
  EXPECT_EQ(run_s8({1, 1, 5, 5, -9, -9}, 2, p), (std::vector<int8_t>{0, 0, 0, 0, 0, 0}));
}

TEST(SoftmaxKernel, WithinOneLsbOfFloatSoftmax) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(-128, 127);
  for (double scale : {0.5, 0.1, 1.0 / 16, 0.0234375, 0.003}) {
    for (double beta : {1.0, 0.5}) {
      const mlonmcu_softmax_s8_params_t p = params_for(beta * scale);
      for (int32_t depth : {1, 2, 10, 12, 37, 200}) {
        std::vector<int8_t> in(static_cast<size_t>(depth) * 3);
        for (auto& v : in) v = static_cast<int8_t>(value(rng));
        const std::vector<int8_t> out = run_s8(in, depth, p);
        for (size_t row = 0; row < 3; ++row) {
          const int8_t* r = in.data() + row * depth;
          const int max = *std::max_element(r, r + depth);
          double sum = 0;
          for (int32_t c = 0; c < depth; ++c) sum += std::exp(beta * scale * (r[c] - max));
          for (int32_t c = 0; c < depth; ++c) {
            const double prob = std::exp(beta * scale * (r[c] - max)) / sum;
            const double expected = std::clamp(std::round(prob * 256.0) - 128.0, -128.0, 127.0);
            EXPECT_NEAR(out[row * depth + c], expected, 1.0)
                << "scale=" << scale << " beta=" << beta << " depth=" << depth << " c=" << c;
          }
        }
      }
    }
  }
}

TEST(SoftmaxKernel, FloatMatchesDirectFormula) {
  const std::vector<float> in = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, -1.0f, -2.0f, -3.0f, -4.0f, -5.0f};
  std::vector<float> out(in.size());
  mlonmcu_softmax_f32_params_t p{};
  p.beta = 1.0f;
  mlonmcu_softmax_f32(in.data(), out.data(), 2, 5, &p);
  // exp(k) / sum exp(1..5) for k = 1..5
  const double golden[] = {0.011656231, 0.031684921, 0.086128544, 0.234121657, 0.636408647};
  for (int c = 0; c < 5; ++c) {
    EXPECT_NEAR(out[c], golden[c], 1e-6);
    EXPECT_NEAR(out[5 + c], golden[4 - c], 1e-6);
  }
  p.beta = 0.5f;  // softmax(0.5 * x): [e^0, e^-0.5] / sum
  const std::vector<float> two = {3.0f, 2.0f};
  std::vector<float> out2(2);
  mlonmcu_softmax_f32(two.data(), out2.data(), 1, 2, &p);
  EXPECT_NEAR(out2[0], 1.0 / (1.0 + std::exp(-0.5)), 1e-6);
  EXPECT_NEAR(out2[1], std::exp(-0.5) / (1.0 + std::exp(-0.5)), 1e-6);
}

}  // namespace
