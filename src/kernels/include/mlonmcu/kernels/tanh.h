/* TANH, as TFLite-Micro's reference kernels compute it. */
#ifndef MLONMCU_KERNELS_TANH_H_
#define MLONMCU_KERNELS_TANH_H_

#include <stdint.h>

#include "mlonmcu/kernels/logistic.h" /* int16 TANH reads the sigmoid table: same params */

#ifdef __cplusplus
extern "C" {
#endif

/* Same derivation as LOGISTIC's (4 integer bits). The int8 output has scale 1/128 and zero
 * point 0 by definition of the op. */
typedef struct {
  int32_t input_zero_point;
  int32_t input_range_radius;
  int32_t input_multiplier;
  int32_t input_left_shift;
} mlonmcu_tanh_s8_params_t;

void mlonmcu_tanh_s8(const int8_t* input, int8_t* output, int32_t size,
                     const mlonmcu_tanh_s8_params_t* params);

void mlonmcu_tanh_s16(const int16_t* input, int16_t* output, int32_t size,
                      const mlonmcu_sigmoid_s16_params_t* params);

void mlonmcu_tanh_f32(const float* input, float* output, int32_t size);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_TANH_H_ */
