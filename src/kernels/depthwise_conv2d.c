/* float32 DEPTHWISE_CONV_2D (int8 is in depthwise_conv2d_s8.c): output channel oc = ic * depth_multiplier + m sees only input channel ic.
 * Order of accumulation and bias placement as in TFLite-Micro's reference kernels. */
#include "mlonmcu/kernels/conv.h"
#include "kernel_util.h"

void mlonmcu_depthwise_conv2d_f32(const mlonmcu_conv_f32_params_t* p, const int32_t in_dims[4],
                                  const float* input, const int32_t filter_dims[4],
                                  const float* filter, const float* bias,
                                  const int32_t out_dims[4], float* output) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2];
  const int32_t depth_multiplier = p->depth_multiplier;
  const int32_t x_step = p->dilation_w * in_c;
  int32_t b, oy, ox, ic, m, ky, kx;
  for (b = 0; b < out_dims[0]; ++b) {
    const float* in_batch = input + (int32_t)b * in_h * in_w * in_c;
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      int32_t ky_begin, ky_end;
      mlonmcu_window_taps(in_y0, p->dilation_h, in_h, k_h, &ky_begin, &ky_end);
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        int32_t kx_begin, kx_end, ky_stop;
        mlonmcu_window_taps(in_x0, p->dilation_w, in_w, k_w, &kx_begin, &kx_end);
        /* No column inside the input: no row either (keeps the row pointers in bounds). */
        ky_stop = kx_begin < kx_end ? ky_end : ky_begin;
        for (ic = 0; ic < in_c; ++ic) {
          for (m = 0; m < depth_multiplier; ++m) {
            const int32_t oc = ic * depth_multiplier + m;
            float total = 0.0f;
            float value;
            for (ky = ky_begin; ky < ky_stop; ++ky) {
              const float* x =
                  in_batch + ((in_y0 + ky * p->dilation_h) * in_w + in_x0 + kx_begin * p->dilation_w) * in_c + ic;
              const float* f = filter + (ky * k_w + kx_begin) * out_c + oc;
              for (kx = kx_begin; kx < kx_end; ++kx) {
                total += *x * *f;
                x += x_step;
                f += out_c;
              }
            }
            value = total + (bias ? bias[oc] : 0.0f);
            value = value < p->act_min ? p->act_min : value;
            output[((b * out_h + oy) * out_w + ox) * out_c + oc] =
                value > p->act_max ? p->act_max : value;
          }
        }
      }
    }
  }
}
