/* SOFTMAX over the innermost dimension, as TFLite-Micro's reference kernels compute it. */
#ifndef MLONMCU_KERNELS_SOFTMAX_H_
#define MLONMCU_KERNELS_SOFTMAX_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Derived at build time from beta and the input scale (TFLite's PreprocessSoftmaxScaling and
 * CalculateInputRadius with 5 integer bits for the scaled differences). The int8 output has
 * scale 1/256 and zero point -128 by definition of the op. */
typedef struct {
  int32_t input_multiplier;  /* Q31, >= 2^30 */
  int32_t input_left_shift;  /* 0..31 */
  int32_t diff_min;          /* input differences below this contribute exp() = 0 */
} mlonmcu_softmax_s8_params_t;

typedef struct {
  float beta;
} mlonmcu_softmax_f32_params_t;

/* outer_size rows of depth values each; depth >= 1. Input and output may be the same buffer. */
void mlonmcu_softmax_s8(const int8_t* input, int8_t* output, int32_t outer_size, int32_t depth,
                        const mlonmcu_softmax_s8_params_t* params);
/* The same with an int16 output of scale 1/65536 and zero point -32768 (TFLite's int8 -> int16). */
void mlonmcu_softmax_s8_s16(const int8_t* input, int16_t* output, int32_t outer_size, int32_t depth,
                            const mlonmcu_softmax_s8_params_t* params);

void mlonmcu_softmax_f32(const float* input, float* output, int32_t outer_size, int32_t depth,
                         const mlonmcu_softmax_f32_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_SOFTMAX_H_ */
