/* TRANSPOSE_CONV (NHWC input, filter [out_c, kh, kw, in_c], NHWC output), bit-exact with
 * TFLite-Micro's reference kernels. TFLite-Micro scatters every input element into the outputs
 * it reaches; these kernels gather each output from the inputs that reach it, in the same
 * order (input row, column, channel), so even the float32 sums are the same. */
#ifndef MLONMCU_KERNELS_TRANSPOSE_CONV_H_
#define MLONMCU_KERNELS_TRANSPOSE_CONV_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t pad_h; /* TFLite's padding of a convolution over the output */
  int32_t pad_w;
  int32_t input_offset; /* int8: -zero point; int16: 0 */
  int32_t output_offset;
  int32_t act_min;
  int32_t act_max;
} mlonmcu_transpose_conv_s8_params_t;

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t pad_h;
  int32_t pad_w;
  float act_min;
  float act_max;
} mlonmcu_transpose_conv_f32_params_t;

void mlonmcu_transpose_conv_f32(const mlonmcu_transpose_conv_f32_params_t* p, const int32_t in_dims[4],
                                const float* input, const int32_t filter_dims[4], const float* filter,
                                const float* bias, const int32_t out_dims[4], float* output);
/* bias may be NULL; one multiplier and shift per output channel. */
void mlonmcu_transpose_conv_s8(const mlonmcu_transpose_conv_s8_params_t* p, const int32_t in_dims[4],
                               const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                               const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                               const int32_t* multipliers, const int32_t* shifts);
/* int16 input and output (zero points 0), int8 filter, int64 bias or NULL, 64-bit sums; the
 * params' offsets are unused (0). */
void mlonmcu_transpose_conv_s16(const mlonmcu_transpose_conv_s8_params_t* p, const int32_t in_dims[4],
                                const int16_t* input, const int32_t filter_dims[4], const int8_t* filter,
                                const int64_t* bias, const int32_t out_dims[4], int16_t* output,
                                const int32_t* multipliers, const int32_t* shifts);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_TRANSPOSE_CONV_H_ */
