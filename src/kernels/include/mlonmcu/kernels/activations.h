/* RELU and RELU6 kernels, bit-exact with TFLite-Micro's reference kernels. */
#ifndef MLONMCU_KERNELS_ACTIVATIONS_H_
#define MLONMCU_KERNELS_ACTIVATIONS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* int8 RELU requantizes from the input's to the output's quantization, then clamps. */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
} mlonmcu_relu_s8_params_t;

/* int8 RELU6 clamps in the input's quantization (no requantization, as TFLite-Micro). */
typedef struct {
  int32_t lower; /* quantized 0 */
  int32_t upper; /* quantized 6 */
} mlonmcu_relu6_s8_params_t;

void mlonmcu_relu_s8(const mlonmcu_relu_s8_params_t* p, int32_t size, const int8_t* input,
                     int8_t* output);
void mlonmcu_relu6_s8(const mlonmcu_relu6_s8_params_t* p, int32_t size, const int8_t* input,
                      int8_t* output);
/* int16 (zero points 0): the same maths and params as int8, on int16 values. */
void mlonmcu_relu_s16(const mlonmcu_relu_s8_params_t* p, int32_t size, const int16_t* input, int16_t* output);
void mlonmcu_relu6_s16(const mlonmcu_relu6_s8_params_t* p, int32_t size, const int16_t* input, int16_t* output);
void mlonmcu_relu_f32(int32_t size, const float* input, float* output);
void mlonmcu_relu6_f32(int32_t size, const float* input, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_ACTIVATIONS_H_ */
