/* Reference int8 DEPTHWISE_CONV_2D: TFLite-Micro's reference maths, one output at a time;
 * output channel oc = ic * depth_multiplier + m reads input channel ic. Taps in the padding
 * add nothing (zero-point padding). Accumulators wrap (uint32) instead of overflowing. */
#include "../kernel_util.h"
#include "mlonmcu/kernels/conv.h"

void mlonmcu_depthwise_conv2d_s8_ref(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                     const int8_t* input, const int32_t filter_dims[4],
                                     const int8_t* filter, const int32_t* bias,
                                     const int32_t out_dims[4], int8_t* output,
                                     const int32_t* channel_multiplier,
                                     const int32_t* channel_shift) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2];
  const int32_t dm = p->depth_multiplier;
  int32_t b, oy, ox, oc, ky, kx;
  for (b = 0; b < out_dims[0]; ++b)
    for (oy = 0; oy < out_h; ++oy)
      for (ox = 0; ox < out_w; ++ox)
        for (oc = 0; oc < out_c; ++oc) {
          const int32_t in_y0 = oy * p->stride_h - p->pad_h, in_x0 = ox * p->stride_w - p->pad_w;
          const int32_t ic = oc / dm;
          uint32_t acc = 0;
          for (ky = 0; ky < k_h; ++ky) {
            const int32_t iy = in_y0 + ky * p->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (kx = 0; kx < k_w; ++kx) {
              const int32_t ix = in_x0 + kx * p->dilation_w;
              if (ix < 0 || ix >= in_w) continue;
              acc += (uint32_t)((int32_t)filter[(ky * k_w + kx) * out_c + oc] *
                                ((int32_t)input[((b * in_h + iy) * in_w + ix) * in_c + ic] +
                                 p->input_offset));
            }
          }
          if (bias) acc += (uint32_t)bias[oc];
          output[((b * out_h + oy) * out_w + ox) * out_c + oc] = (int8_t)mlonmcu_requantize_clamp(
              (int32_t)acc, channel_multiplier ? channel_multiplier[oc] : p->output_multiplier,
              channel_shift ? channel_shift[oc] : p->output_shift, p->output_offset, p->act_min,
              p->act_max);
        }
}
