/* Optimized int8 DEPTHWISE_CONV_2D (conv.h). Taps in the padding read the input zero point,
 * which with the input offset folded into the bias adds nothing, so every output pixel is the
 * same sum of weight * raw input over all taps. */
#include <string.h>

#include "kernel_util.h"
#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/channel_requant.h"

void mlonmcu_depthwise_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                 const int8_t* input, const int32_t filter_dims[4],
                                 const int8_t* filter, const int32_t* folded_bias,
                                 const int32_t out_dims[4], int8_t* output,
                                 const mlonmcu_requant_entry_t* requant) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2], taps = k_h * k_w;
  const int32_t dm = p->depth_multiplier;
  int8_t zp_row[in_c > 0 ? in_c : 1];
  const int8_t* tap[taps > 0 ? taps : 1];
  int32_t b, oy, ox, oc, ky, kx, t;
  memset(zp_row, (int8_t)-p->input_offset, sizeof zp_row);
  for (b = 0; b < out_dims[0]; ++b) {
    const int8_t* in_batch = input + b * in_h * in_w * in_c;
    for (oy = 0; oy < out_h; ++oy)
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t in_y0 = oy * p->stride_h - p->pad_h, in_x0 = ox * p->stride_w - p->pad_w;
        int8_t* out = output + ((b * out_h + oy) * out_w + ox) * out_c;
        for (ky = 0, t = 0; ky < k_h; ++ky)
          for (kx = 0; kx < k_w; ++kx, ++t) {
            const int32_t iy = in_y0 + ky * p->dilation_h, ix = in_x0 + kx * p->dilation_w;
            tap[t] = iy >= 0 && iy < in_h && ix >= 0 && ix < in_w
                         ? in_batch + (iy * in_w + ix) * in_c
                         : zp_row;
          }
        for (oc = 0; oc < out_c; ++oc) {
          const int32_t ic = oc / dm;
          uint32_t acc = (uint32_t)folded_bias[oc];
          for (t = 0; t < taps; ++t)
            acc += (uint32_t)((int32_t)filter[t * out_c + oc] * tap[t][ic]);
          out[oc] = mlonmcu_requant_entry_apply(&requant[oc], (int32_t)acc, p->short_requant,
                                                p->output_offset, p->act_min, p->act_max);
        }
      }
  }
}

void mlonmcu_fold_bias_depthwise_s8(const int32_t filter_dims[4], const int8_t* filter,
                                    const int32_t* bias, int32_t input_offset, int32_t* out) {
  const int32_t taps = filter_dims[1] * filter_dims[2], out_c = filter_dims[3];
  int32_t oc, t;
  for (oc = 0; oc < out_c; ++oc) {
    uint32_t sum = 0;
    for (t = 0; t < taps; ++t) sum += (uint32_t)(int32_t)filter[t * out_c + oc];
    out[oc] = (int32_t)((bias ? (uint32_t)bias[oc] : 0u) + (uint32_t)input_offset * sum);
  }
}
