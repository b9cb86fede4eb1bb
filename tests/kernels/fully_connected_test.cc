// FULLY_CONNECTED kernels (reference and optimized in every weight layout, kernels/variants.h)
// against hand-computed values and a 64-bit reference.
#include <gtest/gtest.h>

#include <random>
#include <tuple>
#include <vector>

#include "kernels/reference.h"
#include "kernels/variants.h"
#include "mlonmcu/kernels/fully_connected.h"

namespace mlonmcu::test {
namespace {

TEST(FullyConnectedS8, ByHandWithOffsetsAndBias) {
  // input zp -1 (offset 1), filter zp 1 (offset -1): real input (2, 3), real rows (0, 1), (2, -1).
  // Row 0: 0*2 + 1*3 + bias 4 = 7; row 1: 2*2 - 1*3 + bias 0 = 1. Times 0.5 (shift 0): 3.5 -> 4,
  // 0.5 -> 1. Output zp 10.
  const int8_t input[2] = {1, 2};
  const int8_t filter[4] = {1, 2, 3, 0};
  const int32_t bias[2] = {4, 0};
  mlonmcu_fully_connected_s8_params_t p{};
  p.input_offset = 1, p.filter_offset = -1, p.output_offset = 10;
  p.output_multiplier = 1 << 30, p.output_shift = 0;
  p.act_min = -128, p.act_max = 127;
  for (const auto& v : fc_variants(p, 1, 2, 2, input, filter, bias, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{14, 11})) << v.name;
  p.act_max = 12;  // fused RELU-like clamp
  for (const auto& v : fc_variants(p, 1, 2, 2, input, filter, bias, nullptr, nullptr))
    EXPECT_EQ(v.out, (std::vector<int8_t>{12, 11})) << v.name;
}

TEST(FullyConnectedS8, BatchesPerChannelMatchReference) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(-128, 127);
  const int32_t batches = 3, depth = 37, units = 5;
  std::vector<int8_t> in(batches * depth), f(units * depth);
  for (auto& v : in) v = static_cast<int8_t>(byte(rng));
  for (auto& v : f) v = static_cast<int8_t>(byte(rng));
  const std::vector<int32_t> bias = {100, -200, 0, 5000, -7};
  const std::vector<int32_t> mult = {1 << 30, 1500000000, 1234567890, INT32_MAX, 1073741825};
  const std::vector<int32_t> shift = {-8, -9, -7, -10, -6};
  mlonmcu_fully_connected_s8_params_t p{};
  p.input_offset = 3, p.output_offset = -4, p.act_min = -128, p.act_max = 127;
  std::vector<int8_t> expected;
  for (int b = 0; b < batches; ++b)
    for (int u = 0; u < units; ++u) {
      int64_t acc = bias[u];
      for (int d = 0; d < depth; ++d) acc += int64_t{f[u * depth + d]} * (in[b * depth + d] + 3);
      expected.push_back(static_cast<int8_t>(
          clamp(ref_requantize(static_cast<int32_t>(acc), mult[u], shift[u]) - 4, -128, 127)));
    }
  for (const auto& v : fc_variants(p, batches, depth, units, in.data(), f.data(), bias.data(),
                                   mult.data(), shift.data()))
    EXPECT_EQ(v.out, expected) << v.name;
}

// Units in blocks of four plus a remainder, even and odd depths, per-tensor multiplier, no bias,
// an activation clamp, and an asymmetric filter (filter offset) that takes the plain loop.
TEST(FullyConnectedS8, UnitBlocksMatchReference) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> byte(-128, 127);
  for (const auto& [batches, depth, units, filter_offset] :
       std::vector<std::tuple<int32_t, int32_t, int32_t, int32_t>>{
           {1, 64, 10, 0}, {2, 9, 8, 0}, {1, 1, 4, 0}, {1, 16, 7, -3}, {3, 6, 1, 0},
           // depth steps of 8, 4, 2, 1: 7 = 4 + 2 + 1, 39 = 4 * 8 + 4 + 2 + 1, 5 = 4 + 1
           {1, 7, 8, 0}, {2, 39, 12, 0}, {1, 4, 4, 0}, {1, 5, 9, 0}}) {
    std::vector<int8_t> in(batches * depth), f(units * depth);
    for (auto& v : in) v = static_cast<int8_t>(byte(rng));
    for (auto& v : f) v = static_cast<int8_t>(byte(rng));
    mlonmcu_fully_connected_s8_params_t p{};
    p.input_offset = -17, p.filter_offset = filter_offset, p.output_offset = 6;
    p.output_multiplier = 1518500250, p.output_shift = -11, p.act_min = -20, p.act_max = 127;
    std::vector<int8_t> expected;
    for (int b = 0; b < batches; ++b)
      for (int u = 0; u < units; ++u) {
        int64_t acc = 0;
        for (int d = 0; d < depth; ++d)
          acc += int64_t{f[u * depth + d] + filter_offset} * (in[b * depth + d] - 17);
        expected.push_back(static_cast<int8_t>(
            clamp(ref_requantize(static_cast<int32_t>(acc), 1518500250, -11) + 6, -20, 127)));
      }
    for (const auto& v : fc_variants(p, batches, depth, units, in.data(), f.data(), nullptr, nullptr, nullptr))
      EXPECT_EQ(v.out, expected) << v.name << " depth " << depth;
  }
}

// Weights whose large values sit in runs of 4 depth positions: in the model's order no group of
// 4 is a quad (sum of |w| <= 255), a permuted order mixes large and small ones into quads; the
// outputs stay those of the reference.
TEST(FullyConnectedS8, PermutedDepthOrderGainsQuadGroups) {
  const int32_t units = 8, depth = 32;
  std::vector<int8_t> f(units * depth), in(depth);
  for (int32_t u = 0; u < units; ++u)
    for (int32_t d = 0; d < depth; ++d) f[u * depth + d] = static_cast<int8_t>((d / 4) % 2 == 0 ? 100 - u : -3 - u);
  for (int32_t d = 0; d < depth; ++d) in[d] = static_cast<int8_t>(d * 37 % 256 - 128);
  std::vector<int32_t> paired(mlonmcu_packed_filter_bytes(MLONMCU_WEIGHTS_S16_PAIRED, units, depth) / 4);
  std::vector<int32_t> permuted(mlonmcu_packed_filter_bytes(MLONMCU_WEIGHTS_S16_PERMUTED, units, depth) / 4);
  mlonmcu_pack_filter_s8(MLONMCU_WEIGHTS_S16_PAIRED, units, depth, f.data(), paired.data());
  mlonmcu_pack_filter_s8(MLONMCU_WEIGHTS_S16_PERMUTED, units, depth, f.data(), permuted.data());
  // 2 blocks x 8 groups; half the groups are small values only (quads) in the model's order.
  EXPECT_EQ(mlonmcu_s16_quad_groups(MLONMCU_WEIGHTS_S16_PAIRED, units, depth, paired.data()), 8);
  EXPECT_EQ(mlonmcu_s16_quad_groups(MLONMCU_WEIGHTS_S16_PERMUTED, units, depth, permuted.data()), 16);
  mlonmcu_fully_connected_s8_params_t p{};
  p.input_offset = 5, p.output_offset = -3;
  p.output_multiplier = 1518500250, p.output_shift = -12, p.act_min = -128, p.act_max = 127;
  std::vector<int8_t> expected;
  for (int32_t u = 0; u < units; ++u) {
    int64_t acc = 0;
    for (int32_t d = 0; d < depth; ++d) acc += int64_t{f[u * depth + d]} * (in[d] + 5);
    expected.push_back(static_cast<int8_t>(
        clamp(ref_requantize(static_cast<int32_t>(acc), 1518500250, -12) - 3, -128, 127)));
  }
  int checked = 0;
  for (const auto& v : fc_variants(p, 1, depth, units, in.data(), f.data(), nullptr, nullptr, nullptr)) {
    EXPECT_EQ(v.out, expected) << v.name;
    ++checked;
  }
  EXPECT_GE(checked, 4);  // reference, S8_BLOCKED, S16_PAIRED, S16_PERMUTED
}

TEST(FullyConnectedF32, ByHand) {
  const float input[4] = {1, 2, 3, 4};  // two batches of two
  const float filter[6] = {1, 1, 1, -1, 0.5f, 0};
  const float bias[3] = {0, 1, 2};
  mlonmcu_fully_connected_f32_params_t p{};
  p.act_min = 0.0f, p.act_max = 3.4e38f;  // RELU
  float out[6] = {};
  mlonmcu_fully_connected_f32(&p, 2, 2, 3, input, filter, bias, out);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{3, 0, 2.5f, 7, 0, 3.5f}));
  mlonmcu_fully_connected_f32(&p, 1, 2, 3, input, filter, nullptr, out);  // no bias
  EXPECT_EQ(std::vector<float>(out, out + 3), (std::vector<float>{3, 0, 0.5f}));
}

}  // namespace
}  // namespace mlonmcu::test
