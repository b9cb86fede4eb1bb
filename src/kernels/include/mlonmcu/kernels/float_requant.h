/* int8 kernels with ONNX's requantization: y = saturate(round_half_even(acc * scale) + zp),
 * the scale a float (input_scale * weight_scale / output_scale, computed in float as
 * onnxruntime does), where TFLite uses an integer multiplier and shift. QLinearConv,
 * QLinearMatMul and QuantizeLinear as defined by ONNX; plain loops, bit-exact by definition. */
#ifndef MLONMCU_KERNELS_FLOAT_REQUANT_H_
#define MLONMCU_KERNELS_FLOAT_REQUANT_H_

#include <stdint.h>

#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/quantize.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The params structs are the TFLite kernels' ones; output_multiplier and output_shift are
 * unused (0): channel_scale holds one float per output channel. Filters are symmetric. */
void mlonmcu_conv2d_s8_fq(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                          const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                          const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                          const float* channel_scale);

void mlonmcu_depthwise_conv2d_s8_fq(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                    const int8_t* input, const int32_t filter_dims[4],
                                    const int8_t* filter, const int32_t* bias,
                                    const int32_t out_dims[4], int8_t* output,
                                    const float* channel_scale);

void mlonmcu_fully_connected_s8_fq(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                   int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                   const int8_t* filter, const int32_t* bias, int8_t* output,
                                   const float* channel_scale);

/* round_half_even(float(acc) * scale) clamped to [lo, hi], computed in integers: bit for bit
 * what single-precision float arithmetic gives (acc rounded to float, the product rounded to
 * float, then to an integer). The kernels use it on cores without an FPU (rv32imc), where it
 * costs a fraction of software floating point. */
int32_t mlonmcu_scaled_round_s32(int32_t acc, float scale, int32_t lo, int32_t hi);

/* QuantizeLinear: q = saturate(round_half_even(x / scale) + zero_point); NaN -> zero point. */
void mlonmcu_quantize_f32_s8_fq(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                                int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_FLOAT_REQUANT_H_ */
