/* TANH kernels. int8: input to Q4.27 as for LOGISTIC, fixed-point tanh in Q0.31, then a rounding
 * shift by 24 gives the 1/128 output steps (zero point 0). int16: the sigmoid table
 * (sigmoid_s16.h). */
#include "mlonmcu/kernels/tanh.h"

#include <math.h>

#include "mlonmcu/kernels/fixedpoint.h"
#include "mlonmcu/kernels/requantize.h"
#include "sigmoid_s16.h"

void mlonmcu_tanh_s8(const int8_t* input, int8_t* output, int32_t size,
                     const mlonmcu_tanh_s8_params_t* params) {
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
      const int32_t y_q0 = mlonmcu_fp_tanh(x_q4, 4);
      const int32_t y = mlonmcu_rounding_divide_by_pot(y_q0, 31 - 7);
      output[i] = (int8_t)mlonmcu_clamp_s32(y, -128, 127);
    }
  }
}

void mlonmcu_tanh_s16(const int16_t* input, int16_t* output, int32_t size,
                      const mlonmcu_sigmoid_s16_params_t* params) {
  int32_t i;
  for (i = 0; i < size; ++i)
    output[i] = mlonmcu_tanh_s16_one(input[i], params->input_multiplier, params->input_shift);
}

void mlonmcu_tanh_f32(const float* input, float* output, int32_t size) {
  int32_t i;
  for (i = 0; i < size; ++i) output[i] = tanhf(input[i]);
}
