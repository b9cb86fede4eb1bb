// ONNX requantization kernels: ties round to even (TFLite's kernels round them away from
// zero), saturation, and the per-channel float scale of a convolution.
#include <gtest/gtest.h>

#include <vector>

#include "mlonmcu/kernels/float_requant.h"

namespace {

TEST(FloatRequant, QuantizeRoundsTiesToEvenAndSaturates) {
  const mlonmcu_affine_params_t p{0.5f, 1};
  const std::vector<float> in = {0.25f, 0.75f, 1.25f, -0.25f, -0.75f, 100.0f, -100.0f, 0.0f};
  std::vector<int8_t> onnx(in.size()), tflite(in.size());
  mlonmcu_quantize_f32_s8_fq(&p, static_cast<int32_t>(in.size()), in.data(), onnx.data());
  mlonmcu_quantize_f32_s8(&p, static_cast<int32_t>(in.size()), in.data(), tflite.data());
  // x / 0.5 = 0.5, 1.5, 2.5, -0.5, -1.5 -> even: 0, 2, 2, -0, -2; plus the zero point 1.
  EXPECT_EQ(onnx, (std::vector<int8_t>{1, 3, 3, 1, -1, 127, -128, 1}));
  EXPECT_EQ(tflite, (std::vector<int8_t>{2, 3, 4, 0, -1, 127, -128, 1}));
}

TEST(FloatRequant, ConvAppliesEachChannelsScaleThenTheZeroPoint) {
  // 1x1 conv, 2 input channels, 2 output channels, one pixel.
  mlonmcu_conv_s8_params_t p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1;
  p.input_offset = 2;  // x zero point -2
  p.output_offset = -5;
  p.act_min = -128, p.act_max = 127;
  const int32_t in_dims[4] = {1, 1, 1, 2}, f_dims[4] = {2, 1, 1, 2}, out_dims[4] = {1, 1, 1, 2};
  const int8_t x[2] = {3, -4};              // minus the zero point: 5, -2
  const int8_t w[4] = {10, 5, -7, 1};       // channel 0: 50 - 10 = 40; channel 1: -35 - 2 = -37
  const int32_t bias[2] = {2, -3};          // 42, -40
  const float scale[2] = {0.25f, 0.0625f};  // 10.5 -> 10 (even), -2.5 -> -2 (even)
  int8_t out[2];
  mlonmcu_conv2d_s8_fq(&p, in_dims, x, f_dims, w, bias, out_dims, out, scale);
  EXPECT_EQ(out[0], 10 - 5);
  EXPECT_EQ(out[1], -2 - 5);
}

}  // namespace
