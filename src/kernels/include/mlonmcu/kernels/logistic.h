/* LOGISTIC (sigmoid), as TFLite-Micro's reference kernels compute it. */
#ifndef MLONMCU_KERNELS_LOGISTIC_H_
#define MLONMCU_KERNELS_LOGISTIC_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Derived at build time from the input scale (TFLite's logistic Prepare, 4 integer bits). The
 * int8 output has scale 1/256 and zero point -128 by definition of the op. */
typedef struct {
  int32_t input_zero_point;
  int32_t input_range_radius; /* |input - zp| >= radius saturates the output */
  int32_t input_multiplier;   /* Q31 */
  int32_t input_left_shift;   /* may be negative (right shift) */
} mlonmcu_logistic_s8_params_t;

void mlonmcu_logistic_s8(const int8_t* input, int8_t* output, int32_t size,
                         const mlonmcu_logistic_s8_params_t* params);

/* int16 LOGISTIC and TANH (TFLite's table interpolation, zero points 0, output Q0.15): the input
 * is scaled to the table's steps as (x * multiplier + round) >> shift. TFLite's power-of-two
 * case (multiplier 0 there) is resolved at build time to multiplier 3 << shift, shift 0. */
typedef struct {
  int32_t input_multiplier; /* in [1, 32767] */
  int32_t input_shift;      /* right shift in [0, 31] */
} mlonmcu_sigmoid_s16_params_t;

void mlonmcu_logistic_s16(const int16_t* input, int16_t* output, int32_t size,
                          const mlonmcu_sigmoid_s16_params_t* params);

void mlonmcu_logistic_f32(const float* input, float* output, int32_t size);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_LOGISTIC_H_ */
