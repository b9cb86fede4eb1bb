// LOGISTIC and TANH kernels over every int8 input for several input quantizations: exact at
// hand-known points (0 and saturation) and within 1 LSB of the float functions elsewhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/tanh.h"

namespace {

// TFLite's Prepare (4 integer bits), recomputed with plain double math.
template <typename Params>
Params params_for(double scale, int32_t zero_point) {
  int shift = 0;
  const double q = std::frexp(scale * 134217728.0, &shift);
  Params p{};
  p.input_zero_point = zero_point;
  p.input_multiplier = static_cast<int32_t>(std::llround(q * 2147483648.0));
  p.input_left_shift = shift;
  p.input_range_radius = static_cast<int32_t>(std::floor(15.0 * 134217728.0 / std::ldexp(1.0, shift)));
  return p;
}

std::vector<int8_t> all_int8() {
  std::vector<int8_t> v;
  for (int i = -128; i <= 127; ++i) v.push_back(static_cast<int8_t>(i));
  return v;
}

struct Quant {
  double scale;
  int32_t zero_point;
};
const Quant kQuants[] = {{0.1, 0}, {1.0 / 16, -128}, {0.02, 10}, {0.25, 3}, {1.0 / 128, 0}};

TEST(LogisticKernel, Int8WithinOneLsbOfSigmoid) {
  const std::vector<int8_t> in = all_int8();
  for (const Quant& q : kQuants) {
    const auto p = params_for<mlonmcu_logistic_s8_params_t>(q.scale, q.zero_point);
    std::vector<int8_t> out(in.size());
    mlonmcu_logistic_s8(in.data(), out.data(), static_cast<int32_t>(in.size()), &p);
    for (size_t i = 0; i < in.size(); ++i) {
      const double x = q.scale * (in[i] - q.zero_point);
      const double expected = std::clamp(std::round(256.0 / (1.0 + std::exp(-x))) - 128.0, -128.0, 127.0);
      EXPECT_NEAR(out[i], expected, 1.0) << "scale=" << q.scale << " q=" << int{in[i]};
    }
  }
}

TEST(LogisticKernel, Int8ExactAtZeroAndSaturation) {
  const auto p = params_for<mlonmcu_logistic_s8_params_t>(0.1, 5);
  const std::vector<int8_t> in = {5, -128, 127};
  std::vector<int8_t> out(3);
  mlonmcu_logistic_s8(in.data(), out.data(), 3, &p);
  // sigmoid(0) = 1/2 = 128/256 -> 0; sigmoid(-13.3) -> -128; sigmoid(12.2) -> 256 clamps to 127.
  EXPECT_EQ(out, (std::vector<int8_t>{0, -128, 127}));
}

TEST(TanhKernel, Int8WithinOneLsbOfTanh) {
  const std::vector<int8_t> in = all_int8();
  for (const Quant& q : kQuants) {
    const auto p = params_for<mlonmcu_tanh_s8_params_t>(q.scale, q.zero_point);
    std::vector<int8_t> out(in.size());
    mlonmcu_tanh_s8(in.data(), out.data(), static_cast<int32_t>(in.size()), &p);
    for (size_t i = 0; i < in.size(); ++i) {
      const double x = q.scale * (in[i] - q.zero_point);
      const double expected = std::clamp(std::round(128.0 * std::tanh(x)), -128.0, 127.0);
      EXPECT_NEAR(out[i], expected, 1.0) << "scale=" << q.scale << " q=" << int{in[i]};
    }
  }
}

TEST(TanhKernel, Int8ExactAtZeroAndSaturation) {
  const auto p = params_for<mlonmcu_tanh_s8_params_t>(0.1, -3);
  const std::vector<int8_t> in = {-3, -128, 127};
  std::vector<int8_t> out(3);
  mlonmcu_tanh_s8(in.data(), out.data(), 3, &p);
  EXPECT_EQ(out, (std::vector<int8_t>{0, -128, 127}));
}

TEST(LogisticKernel, FloatMatchesFormulaAndCutoffs) {
  const std::vector<float> in = {0.0f, 1.0f, -2.0f, 20.0f, -10.0f};
  std::vector<float> out(in.size());
  mlonmcu_logistic_f32(in.data(), out.data(), static_cast<int32_t>(in.size()));
  EXPECT_FLOAT_EQ(out[0], 0.5f);
  EXPECT_NEAR(out[1], 1.0 / (1.0 + std::exp(-1.0)), 1e-7);
  EXPECT_NEAR(out[2], 1.0 / (1.0 + std::exp(2.0)), 1e-7);
  EXPECT_EQ(out[3], 1.0f);                         // above the upper cutoff
  EXPECT_FLOAT_EQ(out[4], std::exp(-10.0f));       // below the lower cutoff: exp(x)
}

TEST(TanhKernel, FloatMatchesTanh) {
  const std::vector<float> in = {0.0f, 0.5f, -3.0f};
  std::vector<float> out(in.size());
  mlonmcu_tanh_f32(in.data(), out.data(), static_cast<int32_t>(in.size()));
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_NEAR(out[1], std::tanh(0.5), 1e-7);
  EXPECT_NEAR(out[2], std::tanh(-3.0), 1e-7);
}

}  // namespace
