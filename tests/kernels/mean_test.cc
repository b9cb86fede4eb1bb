// MEAN kernels: averages over different axis sets, written out by hand, in both int8 paths
// (same quantization: truncating division; requantizing: TFLite's folded multiplier).
#include "mlonmcu/kernels/mean.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

TEST(MeanKernel, Int8SameQuantizationTruncates) {
  // [2, 3]: rows {1, 2, 4} and {-1, -2, -4}; mean over axis 1: 7/3 -> 2, -7/3 -> -2
  const std::vector<int8_t> in = {1, 2, 4, -1, -2, -4};
  const int32_t dims[] = {2, 3};
  mlonmcu_mean_params_t p{};
  p.reduce_mask = 1 << 1;
  p.num_reduced = 3;
  std::vector<int8_t> out(2);
  mlonmcu_mean_s8(in.data(), dims, 2, out.data(), &p);
  EXPECT_EQ(out, (std::vector<int8_t>{2, -2}));
}

TEST(MeanKernel, Int8OverAxes1And2Of4D) {
  // [1, 2, 2, 2] (NHWC), mean over H and W for each channel: c0 = {1,3,5,7} -> 4, c1 = {2,4,6,9} -> 21/4 -> 5
  const std::vector<int8_t> in = {1, 2, 3, 4, 5, 6, 7, 9};
  const int32_t dims[] = {1, 2, 2, 2};
  mlonmcu_mean_params_t p{};
  p.reduce_mask = (1 << 1) | (1 << 2);
  p.num_reduced = 4;
  std::vector<int8_t> out(2);
  mlonmcu_mean_s8(in.data(), dims, 4, out.data(), &p);
  EXPECT_EQ(out, (std::vector<int8_t>{4, 5}));
}

TEST(MeanKernel, Int8RequantizedWithFoldedMultiplier) {
  // scale ratio 1.0 (multiplier 2^30, shift 1), count 4: shift by floor(log2 4) = 2,
  // multiplier (2^30 << 2) / 4 = 2^30, shift 1 - 2 = -1. zero points in 2, out -5.
  // c0: sum 16 - 4 * 2 = 8; high multiply by 0.5 gives 4, halving 2; 2 - 5 = -3.
  const std::vector<int8_t> in = {1, 2, 3, 4, 5, 6, 7, 9};
  const int32_t dims[] = {1, 2, 2, 2};
  mlonmcu_mean_params_t p{};
  p.reduce_mask = (1 << 1) | (1 << 2);
  p.num_reduced = 4;
  p.requantize = 1;
  p.multiplier = 1 << 30;
  p.shift = -1;
  p.input_zero_point = 2;
  p.output_zero_point = -5;
  std::vector<int8_t> out(2);
  mlonmcu_mean_s8(in.data(), dims, 4, out.data(), &p);
  // c1: 21 - 8 = 13; high multiply by 0.5 gives 6.5 -> 7, halving 3.5 -> 4 (TFLite's double
  // rounding, where a single rounding of 3.25 would give 3); 4 - 5 = -1.
  EXPECT_EQ(out, (std::vector<int8_t>{-3, -1}));
}

TEST(MeanKernel, FloatOverOuterAndInnerAxes) {
  // [2, 2, 2] = 0..7, mean over axes 0 and 2 -> 2 values: {0,1,4,5} -> 2.5, {2,3,6,7} -> 4.5
  std::vector<float> in(8);
  for (int i = 0; i < 8; ++i) in[static_cast<size_t>(i)] = static_cast<float>(i);
  const int32_t dims[] = {2, 2, 2};
  mlonmcu_mean_params_t p{};
  p.reduce_mask = (1 << 0) | (1 << 2);
  p.num_reduced = 4;
  std::vector<float> out(2);
  mlonmcu_mean_f32(in.data(), dims, 3, out.data(), &p);
  EXPECT_EQ(out, (std::vector<float>{2.5f, 4.5f}));
}

TEST(MeanKernel, FloatOverAllAxes) {
  const std::vector<float> in = {1.0f, 2.0f, 3.0f, 6.0f};
  const int32_t dims[] = {2, 2};
  mlonmcu_mean_params_t p{};
  p.reduce_mask = 3;
  p.num_reduced = 4;
  float out = 0;
  mlonmcu_mean_f32(in.data(), dims, 2, &out, &p);
  EXPECT_EQ(out, 3.0f);
}

}  // namespace
