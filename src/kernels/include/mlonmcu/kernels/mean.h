/* MEAN over any set of axes, as TFLite-Micro's reference kernels compute it, without the
 * temporary sum buffer: each output element is summed on its own. */
#ifndef MLONMCU_KERNELS_MEAN_H_
#define MLONMCU_KERNELS_MEAN_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_MEAN_MAX_RANK 6

typedef struct {
  int32_t reduce_mask;  /* bit d set: input dimension d is averaged over */
  int32_t num_reduced;  /* number of input elements per output element */
  /* int8 only. requantize == 0: input and output quantization are equal, and the mean is the
   * int32 sum divided by num_reduced (truncating, as TFLite's reference Mean).
   * requantize == 1: TFLite's QuantizedMeanOrSum, with multiplier/shift already folded with
   * 1/num_reduced at build time. */
  int32_t requantize;
  int32_t multiplier;
  int32_t shift;
  int32_t input_zero_point;
  int32_t output_zero_point;
} mlonmcu_mean_params_t;

/* The output holds the kept dimensions in input order (whether or not they are kept as 1s). */
void mlonmcu_mean_s8(const int8_t* input, const int32_t* in_dims, int32_t rank, int8_t* output,
                     const mlonmcu_mean_params_t* params);

void mlonmcu_mean_f32(const float* input, const int32_t* in_dims, int32_t rank, float* output,
                      const mlonmcu_mean_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_MEAN_H_ */
