/* MEAN, SUM, REDUCE_MAX and REDUCE_MIN over any set of axes, as TFLite-Micro's reference
 * kernels compute them, without the temporary sum buffer: each output element is reduced on its
 * own. */
#ifndef MLONMCU_KERNELS_MEAN_H_
#define MLONMCU_KERNELS_MEAN_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_MEAN_MAX_RANK 6

/* What the kernels reduce with. */
enum { MLONMCU_REDUCE_MEAN, MLONMCU_REDUCE_SUM, MLONMCU_REDUCE_MAX, MLONMCU_REDUCE_MIN, MLONMCU_REDUCE_COUNT };

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
  /* MLONMCU_REDUCE_*. int8 SUM requantizes (TFLite's QuantizedMeanOrSum without the 1/count);
   * int8 MAX/MIN take input and output of one quantization, as TFLite-Micro requires. */
  int32_t reducer;
} mlonmcu_mean_params_t;

/* The output holds the kept dimensions in input order (whether or not they are kept as 1s). */
void mlonmcu_mean_s8(const int8_t* input, const int32_t* in_dims, int32_t rank, int8_t* output,
                     const mlonmcu_mean_params_t* params);
/* int16 (16x8) MEAN: the int8 maths on int16 values. */
void mlonmcu_mean_s16(const int16_t* input, const int32_t* in_dims, int32_t rank, int16_t* output,
                      const mlonmcu_mean_params_t* params);

void mlonmcu_mean_f32(const float* input, const int32_t* in_dims, int32_t rank, float* output,
                      const mlonmcu_mean_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_MEAN_H_ */
