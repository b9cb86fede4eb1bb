/* ONNX-style int8 kernels (see float_requant.h). */
#include "mlonmcu/kernels/float_requant.h"

#include <math.h>

/* Clamps in float before rounding, like onnxruntime's MlasRequantizeOutput: the bounds are
 * integers, so this equals rounding first; rintf rounds half to even in the default mode. */
static int8_t requant(int32_t acc, float scale, int32_t zero_point, int32_t act_min, int32_t act_max) {
  float v = (float)acc * scale;
  const float lo = (float)(act_min - zero_point), hi = (float)(act_max - zero_point);
  if (!(v >= lo)) v = lo; /* also NaN */
  if (v > hi) v = hi;
  return (int8_t)((int32_t)rintf(v) + zero_point);
}

/* Shared by conv and depthwise conv: the filter tap for (out channel, ky, kx, in channel k
 * of the group) and the input channel it reads. */
static void conv_any(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4], const int8_t* input,
                     const int32_t filter_dims[4], const int8_t* filter, const int32_t* bias,
                     const int32_t out_dims[4], int8_t* output, const float* channel_scale,
                     int depthwise) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t group_depth = depthwise ? 1 : filter_dims[3];
  const int32_t per_group = depthwise ? p->depth_multiplier : out_c / (in_c / group_depth);
  int32_t b, oy, ox, oc, ky, kx, k;
  for (b = 0; b < out_dims[0]; ++b)
    for (oy = 0; oy < out_h; ++oy)
      for (ox = 0; ox < out_w; ++ox)
        for (oc = 0; oc < out_c; ++oc) {
          const int32_t first_in = (oc / per_group) * group_depth;
          int32_t acc = bias ? bias[oc] : 0;
          for (ky = 0; ky < k_h; ++ky) {
            const int32_t iy = oy * p->stride_h - p->pad_h + ky * p->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (kx = 0; kx < k_w; ++kx) {
              const int32_t ix = ox * p->stride_w - p->pad_w + kx * p->dilation_w;
              if (ix < 0 || ix >= in_w) continue;
              for (k = 0; k < group_depth; ++k) {
                const int32_t x = input[((b * in_h + iy) * in_w + ix) * in_c + first_in + k];
                const int32_t w = depthwise ? filter[(ky * k_w + kx) * out_c + oc]
                                            : filter[((oc * k_h + ky) * k_w + kx) * group_depth + k];
                acc += (x + p->input_offset) * w;
              }
            }
          }
          output[((b * out_h + oy) * out_w + ox) * out_c + oc] =
              requant(acc, channel_scale[oc], p->output_offset, p->act_min, p->act_max);
        }
}

void mlonmcu_conv2d_s8_fq(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                          const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                          const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                          const float* channel_scale) {
  conv_any(p, in_dims, input, filter_dims, filter, bias, out_dims, output, channel_scale, 0);
}

void mlonmcu_depthwise_conv2d_s8_fq(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                    const int8_t* input, const int32_t filter_dims[4],
                                    const int8_t* filter, const int32_t* bias,
                                    const int32_t out_dims[4], int8_t* output,
                                    const float* channel_scale) {
  conv_any(p, in_dims, input, filter_dims, filter, bias, out_dims, output, channel_scale, 1);
}

void mlonmcu_fully_connected_s8_fq(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                   int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                   const int8_t* filter, const int32_t* bias, int8_t* output,
                                   const float* channel_scale) {
  int32_t b, o, d;
  for (b = 0; b < batches; ++b)
    for (o = 0; o < output_depth; ++o) {
      int32_t acc = bias ? bias[o] : 0;
      for (d = 0; d < accum_depth; ++d)
        acc += (input[b * accum_depth + d] + p->input_offset) * (filter[o * accum_depth + d] + p->filter_offset);
      output[b * output_depth + o] = requant(acc, channel_scale[o], p->output_offset, p->act_min, p->act_max);
    }
}

void mlonmcu_quantize_f32_s8_fq(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                                int8_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    float v = rintf(input[i] / p->scale) + (float)p->zero_point;
    if (v != v) v = (float)p->zero_point;
    if (v < -128.0f) v = -128.0f;
    if (v > 127.0f) v = 127.0f;
    output[i] = (int8_t)v;
  }
}
