/* Convolution kernels (CONV_2D, DEPTHWISE_CONV_2D), bit-exact with TFLite-Micro's reference
 * kernels. Tensors are NHWC; conv filters are [out_c, kh, kw, in_c / groups], depthwise filters
 * [1, kh, kw, in_c * depth_multiplier]. Dims arrays hold the 4 NHWC dims.
 * Params structs hold only 4-byte fields: the interpreter reads them straight from an op's
 * params words, so their layout is part of the model blob format. */
#ifndef MLONMCU_KERNELS_CONV_H_
#define MLONMCU_KERNELS_CONV_H_

#include <stdint.h>

#include "mlonmcu/kernels/elementwise.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t dilation_h;
  int32_t dilation_w;
  int32_t pad_h; /* rows of implicit zero-point padding above the input */
  int32_t pad_w;
  int32_t input_offset;  /* -input zero point */
  int32_t output_offset; /* output zero point */
  /* Per-tensor requantization, used when the per-channel arrays are NULL. */
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
  int32_t depth_multiplier; /* depthwise only; ignored by conv */
} mlonmcu_conv_s8_params_t;

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t dilation_h;
  int32_t dilation_w;
  int32_t pad_h;
  int32_t pad_w;
  float act_min;
  float act_max;
  int32_t depth_multiplier; /* depthwise only; ignored by conv */
} mlonmcu_conv_f32_params_t;

/* bias: int32 per output channel or NULL. channel_multiplier/channel_shift: one per output
 * channel, or both NULL to use the params' per-tensor multiplier. Grouped convolution when
 * in_dims[3] is a multiple of filter_dims[3]. */
void mlonmcu_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                       const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                       const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                       const int32_t* channel_multiplier, const int32_t* channel_shift);

/* CONV_2D with a residual ADD in its epilogue: every output element is the ADD of the
 * convolution's int8 result (requantized and clamped exactly as mlonmcu_conv2d_s8 does) as ADD
 * input 1 and the element of `skip` at the same index as ADD input 2, requantized exactly as
 * mlonmcu_add_s8 does. skip has the output's shape; it may be the output itself (each element
 * is read before it is overwritten), but it must not overlap the convolution's input. The ADD's
 * shifts must lie in [-31, 30] and its left shift in [0, 31]. skip NULL: a plain convolution
 * (p->add unused), so a model can run all its convolutions through this one kernel. */
typedef struct {
  mlonmcu_conv_s8_params_t conv;
  mlonmcu_add_s8_params_t add;
} mlonmcu_conv_add_s8_params_t;

void mlonmcu_conv2d_add_s8(const mlonmcu_conv_add_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t filter_dims[4],
                           const int8_t* filter, const int32_t* bias, const int32_t out_dims[4],
                           int8_t* output, const int32_t* channel_multiplier,
                           const int32_t* channel_shift, const int8_t* skip);

void mlonmcu_conv2d_f32(const mlonmcu_conv_f32_params_t* p, const int32_t in_dims[4],
                        const float* input, const int32_t filter_dims[4], const float* filter,
                        const float* bias, const int32_t out_dims[4], float* output);

/* Output channel oc = ic * depth_multiplier + m. */
void mlonmcu_depthwise_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                 const int8_t* input, const int32_t filter_dims[4],
                                 const int8_t* filter, const int32_t* bias,
                                 const int32_t out_dims[4], int8_t* output,
                                 const int32_t* channel_multiplier, const int32_t* channel_shift);

void mlonmcu_depthwise_conv2d_f32(const mlonmcu_conv_f32_params_t* p, const int32_t in_dims[4],
                                  const float* input, const int32_t filter_dims[4],
                                  const float* filter, const float* bias,
                                  const int32_t out_dims[4], float* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_CONV_H_ */
