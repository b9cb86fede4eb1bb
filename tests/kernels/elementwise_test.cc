// ADD/SUB/MUL kernels: int8 rescaling worked out by hand, broadcasting patterns; ADD/SUB for
// the reference and the optimized kernel (kernels/variants.h).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "mlonmcu/kernels/elementwise.h"
#include "kernels/reference.h"
#include "kernels/variants.h"

using mlonmcu::test::add_variants;

namespace {

// Both inputs scale 0.5, output scale 1.0, zero points 0: TFLite derives input multipliers
// 0.5 / (2 * 0.5) = 0.5 -> (2^30, 0) and output 1.0 / (2^20 * 1.0) = 2^-20 -> (2^30, -19).
// out = (a + b) / 2 rounded half away from zero.
mlonmcu_add_s8_params_t half_sum_params() {
  mlonmcu_add_s8_params_t p{};
  p.left_shift = 20;
  p.input1_multiplier = p.input2_multiplier = 1 << 30;
  p.output_multiplier = 1 << 30;
  p.output_shift = -19;
  p.act_min = -128, p.act_max = 127;
  return p;
}

struct Dims {
  int32_t d[MLONMCU_KERNELS_BROADCAST_RANK];
  Dims(std::vector<int32_t> shape) {
    mlonmcu_broadcast_extend_dims(static_cast<int32_t>(shape.size()), shape.data(), d);
  }
};

TEST(AddS8, RescalesAndRoundsByHand) {
  const int8_t a[4] = {3, -3, 100, 127};
  const int8_t b[4] = {0, 0, 101, 127};
  const auto p = half_sum_params();
  Dims d({4});
  for (const auto& v : add_variants(p, false, d.d, a, d.d, b, d.d))
    EXPECT_EQ(v.out, (std::vector<int8_t>{2, -2, 101, 127})) << v.name;
}

TEST(AddS8, ZeroPointsAndActivation) {
  auto p = half_sum_params();
  p.input1_offset = 10;  // zp -10
  p.output_offset = -5;
  p.act_min = -5;  // RELU at the output zero point
  const int8_t a[2] = {-10, -20};
  const int8_t b[2] = {4, -4};
  Dims d({2});
  // (0 + 4)/2 = 2 -> -3; (-10 - 4)/2 = -7 -> -12 -> clamped to -5.
  for (const auto& v : add_variants(p, false, d.d, a, d.d, b, d.d))
    EXPECT_EQ(v.out, (std::vector<int8_t>{-3, -5})) << v.name;
}

TEST(SubS8, ByHand) {
  const int8_t a[3] = {5, 0, -128};
  const int8_t b[3] = {2, 3, 127};
  const auto p = half_sum_params();
  Dims d({3});
  // 1.5 -> 2, -1.5 -> -2, -127.5 -> -128.
  for (const auto& v : add_variants(p, true, d.d, a, d.d, b, d.d))
    EXPECT_EQ(v.out, (std::vector<int8_t>{2, -2, -128})) << v.name;
}

TEST(MulS8, ByHandWithSaturation) {
  // Scales 0.5 * 0.5 / 0.25 = 1.0 -> (2^30, shift 1): out = a * b, clamped.
  mlonmcu_mul_s8_params_t p{};
  p.output_multiplier = 1 << 30, p.output_shift = 1, p.act_min = -128, p.act_max = 127;
  const int8_t a[3] = {3, 10, -12};
  const int8_t b[3] = {-4, -13, -11};
  int8_t out[3] = {};
  Dims d({3});
  mlonmcu_mul_s8(&p, d.d, a, d.d, b, d.d, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 3), (std::vector<int8_t>{-12, -128, 127}));
}

TEST(AddF32, BroadcastPatterns) {
  mlonmcu_arith_f32_params_t p{-1e30f, 1e30f};
  const float m[6] = {1, 2, 3, 4, 5, 6};  // [2,3]
  const float row[3] = {10, 20, 30};       // [3]
  const float col[2] = {100, 200};         // [2,1]
  const float one[1] = {0.5f};             // scalar
  float out[6] = {};
  Dims d23({2, 3}), d3({3}), d21({2, 1}), d13({1, 3}), d1({1});
  mlonmcu_add_f32(&p, d23.d, m, d3.d, row, d23.d, out);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{11, 22, 33, 14, 25, 36}));
  mlonmcu_add_f32(&p, d21.d, col, d13.d, row, d23.d, out);  // both inputs broadcast
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{110, 120, 130, 210, 220, 230}));
  mlonmcu_sub_f32(&p, d1.d, one, d23.d, m, d23.d, out);  // scalar first
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{-0.5f, -1.5f, -2.5f, -3.5f, -4.5f, -5.5f}));
  mlonmcu_mul_f32(&p, d23.d, m, d21.d, col, d23.d, out);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{100, 200, 300, 800, 1000, 1200}));
  p.act_min = 0.0f, p.act_max = 6.0f;  // RELU6
  mlonmcu_sub_f32(&p, d23.d, m, d1.d, one, d23.d, out);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f}));
  mlonmcu_add_f32(&p, d23.d, m, d1.d, one, d23.d, out);
  EXPECT_EQ(std::vector<float>(out, out + 6), (std::vector<float>{1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6}));
}

TEST(AddS8, SixDimensionalBroadcast) {
  // [2,1,2,1,1,2] + [1,2,1,1,1,1] -> [2,2,2,1,1,2]; with the half-sum params out = (a+b)/2.
  std::vector<int8_t> a = {2, 4, 6, 8, 10, 12, 14, 16};
  std::vector<int8_t> b = {0, 20};
  const auto p = half_sum_params();
  Dims da({2, 1, 2, 1, 1, 2}), db({1, 2, 1, 1, 1, 1}), dout({2, 2, 2, 1, 1, 2});
  std::vector<int8_t> expected;
  for (int i0 = 0; i0 < 2; ++i0)
    for (int i1 = 0; i1 < 2; ++i1)
      for (int i2 = 0; i2 < 2; ++i2)
        for (int i5 = 0; i5 < 2; ++i5)
          expected.push_back(static_cast<int8_t>((a[i0 * 4 + i2 * 2 + i5] + b[i1]) / 2));
  for (const auto& v : add_variants(p, false, da.d, a.data(), db.d, b.data(), dout.d))
    EXPECT_EQ(v.out, expected) << v.name;
}

}  // namespace

namespace {

// ADD/SUB against the reference arithmetic of reference.h with TFLite-like parameters (input
// scales 0.04 / 0.07, output 0.1: multipliers and shifts as TFLite derives them), zero points,
// a RELU-like clamp, and a broadcast second input. Each input is rescaled after the 2^20 left
// shift, the sum (or difference) is requantized, offset and clamped.
struct AddCase {
  mlonmcu_add_s8_params_t p;
  bool sub;
};

int8_t ref_add(const mlonmcu_add_s8_params_t& p, bool sub, int8_t a, int8_t b) {
  using mlonmcu::test::clamp;
  using mlonmcu::test::ref_requantize;
  const auto scaled = [&](int8_t q, int32_t offset, int32_t m, int32_t s) {
    return ref_requantize(static_cast<int32_t>(static_cast<uint32_t>(q + offset) << p.left_shift),
                          m, s);
  };
  const int32_t x = scaled(a, p.input1_offset, p.input1_multiplier, p.input1_shift);
  const int32_t y = scaled(b, p.input2_offset, p.input2_multiplier, p.input2_shift);
  const int32_t raw = sub ? x - y : x + y;
  return static_cast<int8_t>(
      clamp(ref_requantize(raw, p.output_multiplier, p.output_shift) + p.output_offset, p.act_min,
            p.act_max));
}

TEST(AddS8, RandomParamsMatchReference) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> byte(-128, 127);
  std::vector<AddCase> cases;
  for (bool sub : {false, true}) {
    mlonmcu_add_s8_params_t p{};
    // twice_max = 0.14: in1 0.04/0.14 = 0.2857 -> (1227133513, -1), in2 0.5 -> (2^30, 0),
    // out 0.14 / (2^20 * 0.1) -> (1503238554, -19).
    p.left_shift = 20;
    p.input1_offset = 7, p.input2_offset = -12, p.output_offset = -3;
    p.input1_multiplier = 1227133513, p.input1_shift = -1;
    p.input2_multiplier = 1 << 30, p.input2_shift = 0;
    p.output_multiplier = 1503238554, p.output_shift = -19;
    p.act_min = -3, p.act_max = 127;
    cases.push_back({p, sub});
    // Other output and input1 scales, full activation range.
    p.output_multiplier = 1876499845, p.output_shift = -17;
    p.input1_shift = -2, p.act_min = -128;
    cases.push_back({p, sub});
    // Input shift 30, and an output shift the short requantization does not cover.
    p.input1_shift = 30;
    cases.push_back({p, sub});
    p.input1_shift = -2, p.output_shift = -25;
    cases.push_back({p, sub});
  }
  const int32_t n = 300;
  std::vector<int8_t> a(n), b(n), b_one(1);
  for (const auto& c : cases) {
    for (auto& v : a) v = static_cast<int8_t>(byte(rng));
    for (auto& v : b) v = static_cast<int8_t>(byte(rng));
    b_one[0] = static_cast<int8_t>(byte(rng));
    Dims d({n}), d1({1});
    for (const auto& v : add_variants(c.p, c.sub, d.d, a.data(), d.d, b.data(), d.d))
      for (int32_t i = 0; i < n; ++i)
        ASSERT_EQ(v.out[i], ref_add(c.p, c.sub, a[i], b[i])) << v.name << c.sub << " " << c.p.input1_shift << " " << i;
    for (const auto& v : add_variants(c.p, c.sub, d.d, a.data(), d1.d, b_one.data(), d.d))
      for (int32_t i = 0; i < n; ++i)
        ASSERT_EQ(v.out[i], ref_add(c.p, c.sub, a[i], b_one[0])) << v.name << " broadcast " << i;
  }
}

}  // namespace
