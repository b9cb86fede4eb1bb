// Pooling kernels: average rounding (half away from zero), windows clipped at the padding.
#include <gtest/gtest.h>

#include <vector>

#include "mlonmcu/kernels/pooling.h"

namespace {

mlonmcu_pool_s8_params_t pool2x2() {
  mlonmcu_pool_s8_params_t p{};
  p.stride_h = p.stride_w = 2;
  p.filter_h = p.filter_w = 2;
  p.act_min = -128, p.act_max = 127;
  return p;
}

TEST(AvgPoolS8, RoundsHalfAwayFromZero) {
  // 2x4 input, channel 1, 2x2 windows stride 2: sums 7 -> 1.75 -> 2 and -6 -> -1.5 -> -2.
  const int8_t input[8] = {1, 2, -1, -2, 2, 2, -2, -1};
  const int32_t in_dims[4] = {1, 2, 4, 1}, out_dims[4] = {1, 1, 2, 1};
  int8_t out[2] = {};
  const auto p = pool2x2();
  mlonmcu_avg_pool2d_s8(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], -2);
}

TEST(AvgPoolS8, SamePaddingDividesByRealTaps) {
  // 3x3 input, 2x2 window stride 2, SAME (pad 0 top/left; bottom/right windows clipped).
  // Windows: {1,2,4,5} = 12/4 = 3; {3,6} = 9/2 = 4.5 -> 5; {7,8} = 7.5 -> 8; {9} = 9.
  const int8_t input[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int32_t in_dims[4] = {1, 3, 3, 1}, out_dims[4] = {1, 2, 2, 1};
  int8_t out[4] = {};
  auto p = pool2x2();
  mlonmcu_avg_pool2d_s8(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{3, 5, 8, 9}));
  p.act_max = 6;
  mlonmcu_avg_pool2d_s8(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(std::vector<int8_t>(out, out + 4), (std::vector<int8_t>{3, 5, 6, 6}));
}

TEST(AvgPoolS8, LeadingPaddingAndChannels) {
  // 3x3 window, stride 1, pad 1 on a 2x2 input with 2 channels: every window holds all 4 pixels.
  const int8_t input[8] = {1, -1, 2, -2, 3, -3, 5, -5};
  const int32_t in_dims[4] = {1, 2, 2, 2}, out_dims[4] = {1, 2, 2, 2};
  mlonmcu_pool_s8_params_t p{};
  p.stride_h = p.stride_w = 1, p.filter_h = p.filter_w = 3, p.pad_h = p.pad_w = 1;
  p.act_min = -128, p.act_max = 127;
  int8_t out[8] = {};
  mlonmcu_avg_pool2d_s8(&p, in_dims, input, out_dims, out);
  // 11/4 = 2.75 -> 3 and -2.75 -> -3.
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(out[2 * i], 3);
    EXPECT_EQ(out[2 * i + 1], -3);
  }
}

TEST(MaxPoolS8, MaxAndClamp) {
  const int8_t input[8] = {-128, -100, 5, 7, -128, -128, 9, -1};
  const int32_t in_dims[4] = {1, 2, 4, 1}, out_dims[4] = {1, 1, 2, 1};
  int8_t out[2] = {};
  auto p = pool2x2();
  mlonmcu_max_pool2d_s8(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(out[0], -100);
  EXPECT_EQ(out[1], 9);
  p.act_min = -20, p.act_max = 8;
  mlonmcu_max_pool2d_s8(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(out[0], -20);
  EXPECT_EQ(out[1], 8);
}

TEST(PoolF32, AverageAndMax) {
  const float input[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int32_t in_dims[4] = {1, 3, 3, 1}, out_dims[4] = {1, 2, 2, 1};
  mlonmcu_pool_f32_params_t p{};
  p.stride_h = p.stride_w = 2, p.filter_h = p.filter_w = 2;
  p.act_min = -1e30f, p.act_max = 1e30f;
  float out[4] = {};
  mlonmcu_avg_pool2d_f32(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{3, 4.5f, 7.5f, 9}));
  mlonmcu_max_pool2d_f32(&p, in_dims, input, out_dims, out);
  EXPECT_EQ(std::vector<float>(out, out + 4), (std::vector<float>{5, 6, 8, 9}));
}

}  // namespace
