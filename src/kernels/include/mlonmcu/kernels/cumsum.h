/* CUMSUM along one axis (float32; int8 in TFLite's fixed point with 20 bits of headroom),
 * bit-exact with TFLite-Micro's reference kernel, including its int8 start value (the scaled
 * input offset, not zero). */
#ifndef MLONMCU_KERNELS_CUMSUM_H_
#define MLONMCU_KERNELS_CUMSUM_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer; /* product of the dims before the axis */
  int32_t depth; /* the axis */
  int32_t inner; /* product of the dims after it */
  int32_t exclusive;
  int32_t reverse;
  /* int8 */
  int32_t input_offset; /* -zero point */
  int32_t input_multiplier;
  int32_t input_shift;
  int32_t output_offset;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t left_shift;
} mlonmcu_cumsum_params_t;

void mlonmcu_cumsum_f32(const mlonmcu_cumsum_params_t* p, const float* input, float* output);
void mlonmcu_cumsum_s8(const mlonmcu_cumsum_params_t* p, const int8_t* input, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_CUMSUM_H_ */
