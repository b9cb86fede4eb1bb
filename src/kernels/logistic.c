/* LOGISTIC kernels. int8: the input is moved to Q4.27 with the build-time multiplier, the
 * fixed-point logistic gives Q0.31, and a rounding shift by 23 gives the 1/256 output steps.
 * int16: TFLite's interpolated table (sigmoid_s16.h). */
#include "mlonmcu/kernels/logistic.h"

#include <math.h>

#include "mlonmcu/kernels/fixedpoint.h"
#include "mlonmcu/kernels/requantize.h"
#include "sigmoid_s16.h"

void mlonmcu_logistic_s8(const int8_t* input, int8_t* output, int32_t size,
                         const mlonmcu_logistic_s8_params_t* params) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t x = (int32_t)input[i] - params->input_zero_point;
    if (x <= -params->input_range_radius) {
      output[i] = -128;
    } else if (x >= params->input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t x_q4 = mlonmcu_multiply_by_quantized_multiplier(
          x, params->input_multiplier, params->input_left_shift);
      const int32_t y_q0 = mlonmcu_fp_logistic(x_q4, 4);
      const int32_t y = mlonmcu_rounding_divide_by_pot(y_q0, 31 - 8) - 128;
      output[i] = (int8_t)mlonmcu_clamp_s32(y, -128, 127);
    }
  }
}

void mlonmcu_logistic_s16(const int16_t* input, int16_t* output, int32_t size,
                          const mlonmcu_sigmoid_s16_params_t* params) {
  int32_t i;
  for (i = 0; i < size; ++i)
    output[i] = mlonmcu_sigmoid_s16_one(input[i], params->input_multiplier, params->input_shift);
}

void mlonmcu_logistic_f32(const float* input, float* output, int32_t size) {
  /* Beyond these the float result is 1 (above) or indistinguishable from exp(x) (below). */
  const float cutoff_upper = 16.619047164916992188f;
  const float cutoff_lower = -9.0f;
  int32_t i;
  for (i = 0; i < size; ++i) {
    const float x = input[i];
    float y;
    if (x > cutoff_upper) {
      y = 1.0f;
    } else if (x < cutoff_lower) {
      y = expf(x);
    } else {
      y = 1.0f / (1.0f + expf(-x));
    }
    output[i] = y;
  }
}
