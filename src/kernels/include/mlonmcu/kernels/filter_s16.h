/* int16 (TFLite's 16x8 scheme: int16 activations with zero point 0, symmetric int8 weights)
 * CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, bit-exact with TFLite-Micro's reference
 * kernels. The bias decides the accumulator as there: an int32 bias sums in 32 bits and
 * requantizes with the 32-bit multiply; an int64 bias (or none) sums in 64 bits and
 * requantizes with TFLite's 64-bit multiply (the multiplier rounded to 16 bits). */
#ifndef MLONMCU_KERNELS_FILTER_S16_H_
#define MLONMCU_KERNELS_FILTER_S16_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t dilation_h;
  int32_t dilation_w;
  int32_t pad_h;
  int32_t pad_w;
  int32_t depth_multiplier; /* depthwise only */
  int32_t act_min;
  int32_t act_max;
  int32_t wide; /* 1: int64 bias (or none) and accumulator; 0: int32 */
} mlonmcu_conv_s16_params_t;

typedef struct {
  int32_t batches;
  int32_t depth; /* summed per output */
  int32_t units; /* outputs per batch */
  int32_t filter_offset; /* -filter zero point (0 for real models) */
  int32_t output_multiplier; /* per tensor; per channel when the operands are given */
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
  int32_t wide;
} mlonmcu_fully_connected_s16_params_t;

/* bias: int32_t or int64_t elements as `wide` says, or NULL; one multiplier/shift per channel. */
void mlonmcu_conv2d_s16(const mlonmcu_conv_s16_params_t* p, const int32_t in_dims[4], const int16_t* input,
                        const int32_t filter_dims[4], const int8_t* filter, const void* bias,
                        const int32_t out_dims[4], int16_t* output, const int32_t* multipliers,
                        const int32_t* shifts);
void mlonmcu_depthwise_conv2d_s16(const mlonmcu_conv_s16_params_t* p, const int32_t in_dims[4],
                                  const int16_t* input, const int32_t filter_dims[4], const int8_t* filter,
                                  const void* bias, const int32_t out_dims[4], int16_t* output,
                                  const int32_t* multipliers, const int32_t* shifts);
/* multipliers/shifts NULL: the per-tensor ones in params. */
void mlonmcu_fully_connected_s16(const mlonmcu_fully_connected_s16_params_t* p, const int16_t* input,
                                 const int8_t* filter, const void* bias, int16_t* output, const int32_t* multipliers,
                                 const int32_t* shifts);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_FILTER_S16_H_ */
