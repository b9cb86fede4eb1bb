/* Convolution kernels (CONV_2D, DEPTHWISE_CONV_2D), bit-exact with TFLite-Micro's reference
 * kernels. Tensors are NHWC; conv filters are [out_c, kh, kw, in_c / groups], depthwise filters
 * [1, kh, kw, in_c * depth_multiplier]. Dims arrays hold the 4 NHWC dims.
 * Params structs hold only 4-byte fields: the interpreter reads them straight from an op's
 * params words, so their layout is part of the model blob format.
 *
 * Two kernels per op and data type, with the same arguments:
 * - `..._ref`: the reference maths, TFLite-Micro's loops on the original weights. Always right,
 *   slow; `-f refkernels` selects them, and every optimized kernel is tested against them.
 * - the optimized kernel, one name for every core (the ISA-specific inner loops are chosen when
 *   the library is compiled, kernels/isa/): it takes the filter and bias as prepared at build
 *   time by the `..._pack_*` functions below (weights re-laid out in the order the inner loop
 *   reads them, the input offset folded into the bias). */
#ifndef MLONMCU_KERNELS_CONV_H_
#define MLONMCU_KERNELS_CONV_H_

#include <stdint.h>

#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/packing.h"
#include "mlonmcu/kernels/variant.h"

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
  /* Optimized kernels only (the reference ones ignore them): */
  int32_t weight_layout; /* conv: mlonmcu_weight_layout_t of the packed filter */
  int32_t short_requant; /* mlonmcu_short_requant_form of the channels */
  int32_t filter_h;      /* conv: the packed filter's window */
  int32_t filter_w;
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
void mlonmcu_conv2d_s8_ref(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t filter_dims[4],
                           const int8_t* filter, const int32_t* bias, const int32_t out_dims[4],
                           int8_t* output, const int32_t* channel_multiplier,
                           const int32_t* channel_shift);

/* Optimized CONV_2D for ungrouped convolutions (filter depth == in_dims[3]) whose depth
 * p->filter_h * p->filter_w * in_c is at most MLONMCU_CONV_MAX_DEPTH (the kernel keeps a few
 * rows of that many values on the stack): `packed_filter` from mlonmcu_pack_filter_s8 (layout
 * p->weight_layout, window p->filter_h x p->filter_w), `folded_bias` from mlonmcu_fold_bias_s8
 * and `requant` from mlonmcu_requant_table over the same channels. */
#define MLONMCU_CONV_MAX_DEPTH 1024
void mlonmcu_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                       const int8_t* input, const void* packed_filter,
                       const int32_t* folded_bias, const int32_t out_dims[4], int8_t* output,
                       const mlonmcu_requant_entry_t* requant);
/* The same with the inner loop of the layer's variant (variant.h): `gemm` is
 * mlonmcu_gemm_s8_<name of mlonmcu_conv2d_s8_variant(p)>; mlonmcu_conv2d_s8 picks it at run
 * time. */
int mlonmcu_conv2d_s8_variant(const mlonmcu_conv_s8_params_t* p);
void mlonmcu_conv2d_s8_with(mlonmcu_gemm_fn_t gemm, const mlonmcu_conv_s8_params_t* p,
                            const int32_t in_dims[4], const int8_t* input,
                            const void* packed_filter, const int32_t* folded_bias,
                            const int32_t out_dims[4], int8_t* output,
                            const mlonmcu_requant_entry_t* requant);

/* The optimized CONV_2D with a residual ADD in its epilogue: every output element is the ADD
 * (mlonmcu_add_sub_s8 with p->add and `add_lut` from mlonmcu_add_sub_s8_lut for ADD) of the
 * convolution's int8 result, exactly as mlonmcu_conv2d_s8 computes it, as ADD input 1 and the
 * element of `skip` at the same index as input 2. skip has the output's shape; it may be the
 * output itself (each element is read before it is overwritten), but it must not overlap the
 * convolution's input. skip NULL: the plain convolution (p->add and add_lut unused). */
typedef struct {
  mlonmcu_conv_s8_params_t conv;
  mlonmcu_add_s8_params_t add;
} mlonmcu_conv_add_s8_params_t;

void mlonmcu_conv2d_add_s8(const mlonmcu_conv_add_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const void* packed_filter,
                           const int32_t* folded_bias, const int32_t out_dims[4],
                           int8_t* output, const mlonmcu_requant_entry_t* requant,
                           const int32_t* add_lut, const int8_t* skip);
int mlonmcu_conv2d_add_s8_variant(const mlonmcu_conv_add_s8_params_t* p);
void mlonmcu_conv2d_add_s8_with(mlonmcu_gemm_fn_t gemm, const mlonmcu_conv_add_s8_params_t* p,
                                const int32_t in_dims[4], const int8_t* input,
                                const void* packed_filter, const int32_t* folded_bias,
                                const int32_t out_dims[4], int8_t* output,
                                const mlonmcu_requant_entry_t* requant, const int32_t* add_lut,
                                const int8_t* skip);

void mlonmcu_conv2d_f32(const mlonmcu_conv_f32_params_t* p, const int32_t in_dims[4],
                        const float* input, const int32_t filter_dims[4], const float* filter,
                        const float* bias, const int32_t out_dims[4], float* output);

/* Output channel oc = ic * depth_multiplier + m. */
void mlonmcu_depthwise_conv2d_s8_ref(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                     const int8_t* input, const int32_t filter_dims[4],
                                     const int8_t* filter, const int32_t* bias,
                                     const int32_t out_dims[4], int8_t* output,
                                     const int32_t* channel_multiplier,
                                     const int32_t* channel_shift);

/* Optimized DEPTHWISE_CONV_2D for windows of at most MLONMCU_DW_MAX_TAPS taps and at most
 * MLONMCU_DW_MAX_CHANNELS input channels (the kernel keeps per-tap pointers and a row of zero
 * points on the stack): the original filter, `folded_bias` from
 * mlonmcu_fold_bias_depthwise_s8 and `requant` from mlonmcu_requant_table (one per output
 * channel). */
#define MLONMCU_DW_MAX_TAPS 64
#define MLONMCU_DW_MAX_CHANNELS 4096
void mlonmcu_depthwise_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                 const int8_t* input, const int32_t filter_dims[4],
                                 const int8_t* filter, const int32_t* folded_bias,
                                 const int32_t out_dims[4], int8_t* output,
                                 const mlonmcu_requant_entry_t* requant);
/* The same with the row loop of the layer's variant (variant.h) for the layers that go by rows
 * (depth multiplier 1, the rows fit on the stack): `row` is mlonmcu_dw_row_<name of
 * mlonmcu_depthwise_conv2d_s8_variant(...)>, which is MLONMCU_VARIANT_NONE for the other
 * layers; they take mlonmcu_depthwise_conv2d_s8 only. */
int mlonmcu_depthwise_conv2d_s8_variant(const mlonmcu_conv_s8_params_t* p,
                                        const int32_t in_dims[4], const int32_t filter_dims[4],
                                        const int32_t out_dims[4]);
void mlonmcu_depthwise_conv2d_s8_with(mlonmcu_dw_row_fn_t row, const mlonmcu_conv_s8_params_t* p,
                                      const int32_t in_dims[4], const int8_t* input,
                                      const int32_t filter_dims[4], const int8_t* filter,
                                      const int32_t* folded_bias, const int32_t out_dims[4],
                                      int8_t* output, const mlonmcu_requant_entry_t* requant);

void mlonmcu_depthwise_conv2d_f32(const mlonmcu_conv_f32_params_t* p, const int32_t in_dims[4],
                                  const float* input, const int32_t filter_dims[4],
                                  const float* filter, const float* bias,
                                  const int32_t out_dims[4], float* output);

/* bias[oc] + input_offset * (sum of channel oc's depthwise weights), wrapping; bias may be NULL.
 * out has out_c entries. */
void mlonmcu_fold_bias_depthwise_s8(const int32_t filter_dims[4], const int8_t* filter,
                                    const int32_t* bias, int32_t input_offset, int32_t* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_CONV_H_ */
