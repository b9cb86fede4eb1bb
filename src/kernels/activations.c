/* RELU, RELU6 as in TFLite-Micro: int8 and int16 RELU requantize (input and output quantization
 * may differ), int8 and int16 RELU6 only clamp in the input's quantization. */
#include "mlonmcu/kernels/activations.h"

#include "kernel_util.h"

void mlonmcu_relu_s8(const mlonmcu_relu_s8_params_t* p, int32_t size, const int8_t* input,
                     int8_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    output[i] = (int8_t)mlonmcu_requantize_clamp((int32_t)input[i] - p->input_zero_point,
                                                 p->output_multiplier, p->output_shift,
                                                 p->output_zero_point, p->act_min, p->act_max);
  }
}

void mlonmcu_relu6_s8(const mlonmcu_relu6_s8_params_t* p, int32_t size, const int8_t* input,
                      int8_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t v = input[i];
    output[i] = (int8_t)(v > p->upper ? p->upper : (v < p->lower ? p->lower : v));
  }
}

void mlonmcu_relu_s16(const mlonmcu_relu_s8_params_t* p, int32_t size, const int16_t* input, int16_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    output[i] = (int16_t)mlonmcu_requantize_clamp((int32_t)input[i] - p->input_zero_point, p->output_multiplier,
                                                  p->output_shift, p->output_zero_point, p->act_min, p->act_max);
  }
}

void mlonmcu_relu6_s16(const mlonmcu_relu6_s8_params_t* p, int32_t size, const int16_t* input, int16_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t v = input[i];
    output[i] = (int16_t)(v > p->upper ? p->upper : (v < p->lower ? p->lower : v));
  }
}

void mlonmcu_relu_f32(int32_t size, const float* input, float* output) {
  int32_t i;
  for (i = 0; i < size; ++i) output[i] = input[i] < 0.0f ? 0.0f : input[i];
}

void mlonmcu_relu6_f32(int32_t size, const float* input, float* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    const float v = input[i];
    output[i] = v > 6.0f ? 6.0f : (v < 0.0f ? 0.0f : v);
  }
}
