/* ADD_N: the elementwise sum of 2..MLONMCU_ADD_N_MAX_INPUTS inputs of one shape, bit-exact with
 * TFLite-Micro's reference kernel: float32 summed in input order from 0.0f; int8 (all inputs in
 * one quantization) in TFLite's fixed point with 20 bits of headroom, starting from the scaled
 * input offset as TFLite-Micro does. Absent inputs past num_inputs are NULL. */
#ifndef MLONMCU_KERNELS_ADD_N_H_
#define MLONMCU_KERNELS_ADD_N_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel call passes one pointer per input slot (no array of tensors reaches a kernel). */
#define MLONMCU_ADD_N_MAX_INPUTS 8

typedef struct {
  int32_t num_inputs;
  /* int8 */
  int32_t input_offset; /* -zero point */
  int32_t input_multiplier;
  int32_t input_shift;
  int32_t output_offset;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t left_shift;
} mlonmcu_add_n_params_t;

void mlonmcu_add_n_f32(const mlonmcu_add_n_params_t* p, int32_t n, const float* x0, const float* x1, const float* x2,
                       const float* x3, const float* x4, const float* x5, const float* x6, const float* x7,
                       float* out);
void mlonmcu_add_n_s8(const mlonmcu_add_n_params_t* p, int32_t n, const int8_t* x0, const int8_t* x1,
                      const int8_t* x2, const int8_t* x3, const int8_t* x4, const int8_t* x5, const int8_t* x6,
                      const int8_t* x7, int8_t* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_ADD_N_H_ */
