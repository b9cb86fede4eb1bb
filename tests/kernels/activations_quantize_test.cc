// RELU/RELU6 and (de)quantization kernels, worked out by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "mlonmcu/kernels/activations.h"
#include "mlonmcu/kernels/quantize.h"

namespace {

TEST(ReluS8, RequantizesAndClampsAtOutputZero) {
  // input zp 4, output zp -2, multiplier 0.5: (q - 4) * 0.5 - 2, at least -2.
  mlonmcu_relu_s8_params_t p{4, -2, 1 << 30, 0, -2, 127};
  const int8_t in[4] = {10, 4, 0, 127};
  int8_t out[4] = {};
  mlonmcu_relu_s8(&p, 4, in, out);
  // 3 - 2 = 1; 0 - 2 = -2; (-4*0.5 = -2) - 2 = -4 -> -2; 61.5 -> 62 - 2 = 60.
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{1, -2, -2, 60}));
}

TEST(Relu6S8, ClampsInInputQuantization) {
  mlonmcu_relu6_s8_params_t p{-10, 50};
  const int8_t in[4] = {-128, -10, 20, 127};
  int8_t out[4] = {};
  mlonmcu_relu6_s8(&p, 4, in, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{-10, -10, 20, 50}));
}

TEST(ReluF32, Clamps) {
  const float in[4] = {-1.5f, 0.0f, 3.0f, 7.0f};
  float out[4] = {};
  mlonmcu_relu_f32(4, in, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{0, 0, 3, 7}));
  mlonmcu_relu6_f32(4, in, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{0, 0, 3, 6}));
}

TEST(QuantizeF32S8, RoundsHalfAwayAndSaturates) {
  mlonmcu_affine_params_t p{0.5f, 1};
  const float in[7] = {0.25f, -0.25f, 0.74f, 100.0f, -1e30f,
                       std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()};
  int8_t out[7] = {};
  mlonmcu_quantize_f32_s8(&p, 7, in, out);
  // 0.5 -> 1 (+1 = 2); -0.5 -> -1 (+1 = 0); 1.48 -> 1 (+1 = 2); 201 -> 127; -> -128; NaN -> zp.
  EXPECT_EQ(std::vector<int8_t>(out, out + 7), (std::vector<int8_t>{2, 0, 2, 127, -128, 1, 127}));
}

TEST(RequantizeS8S8, ByHand) {
  mlonmcu_requantize_params_t p{0, 10, 1 << 30, 0};  // 0.5, output zp 10
  const int8_t in[4] = {3, -3, 127, -128};
  int8_t out[4] = {};
  mlonmcu_requantize_s8_s8(&p, 4, in, out);
  // 1.5 -> 2 (+10); -1.5 -> -1 (the high multiply rounds halves up) (+10); 63.5 -> 64; -64.
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{12, 9, 74, -54}));
}

TEST(DequantizeS8F32, ByHand) {
  mlonmcu_affine_params_t p{0.1f, -3};
  const int8_t in[3] = {-3, 7, -128};
  float out[3] = {};
  mlonmcu_dequantize_s8_f32(&p, 3, in, out);
  EXPECT_EQ(out[0], 0.0f);
  // Expected: the double product rounded to float once, as TFLite computes it.
  EXPECT_EQ(out[1], static_cast<float>(static_cast<double>(0.1f) * 10));
  EXPECT_EQ(out[2], static_cast<float>(static_cast<double>(0.1f) * -125));
}

}  // namespace
