// ONNX requantization kernels: ties round to even (TFLite's kernels round them away from
// zero), saturation, and the per-channel float scale of a convolution.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

namespace {

// The definition in float (what onnxruntime computes): float product, clamp, round half to even.
int8_t requant_in_float(int32_t acc, float scale, int32_t zp) {
  float v = static_cast<float>(acc) * scale;
  v = std::min(std::max(v, static_cast<float>(-128 - zp)), static_cast<float>(127 - zp));
  return static_cast<int8_t>(static_cast<int32_t>(std::nearbyint(v)) + zp);
}

// The integer requantization (used without an FPU) against float arithmetic, over every
// magnitude of acc, ties (power-of-two scales) and arbitrary scales.
TEST(FloatRequant, IntegerRequantizationEqualsFloatArithmetic) {
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 32);
  };
  int failures = 0;
  for (int i = 0; i < 400000 && failures < 5; ++i) {
    int32_t acc = static_cast<int32_t>(next());
    acc >>= next() % 31;
    float scale;
    if (i % 3 == 0) {
      scale = std::ldexp(1.0f, -static_cast<int>(next() % 30));
    } else {
      scale = std::ldexp(1.0f + static_cast<float>(next() % (1u << 23)) / 8388608.0f, -static_cast<int>(next() % 40));
    }
    const int32_t zp = static_cast<int32_t>(next() % 256) - 128;
    const int32_t got = mlonmcu_scaled_round_s32(acc, scale, -128 - zp, 127 - zp) + zp;
    const int8_t want = requant_in_float(acc, scale, zp);
    if (got != want) {
      ++failures;
      ADD_FAILURE() << "acc " << acc << " scale " << scale << " zp " << zp << ": " << got << " vs " << int{want};
    }
  }
}

}  // namespace
