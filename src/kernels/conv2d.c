/* float32 CONV_2D (int8 is in conv2d_s8.c). Accumulation order (filter row, filter column,
 * input channel) and the placement of the bias after the sum follow TFLite-Micro's reference
 * kernels, which matters for float. */
#include "mlonmcu/kernels/conv.h"
#include "kernel_util.h"

void mlonmcu_conv2d_f32(const mlonmcu_conv_f32_params_t* p, const int32_t in_dims[4],
                        const float* input, const int32_t filter_dims[4], const float* filter,
                        const float* bias, const int32_t out_dims[4], float* output) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t k_h = filter_dims[1], k_w = filter_dims[2], k_c = filter_dims[3];
  const int32_t groups = in_c / k_c;
  const int32_t out_per_group = out_c / groups;
  int32_t b, oy, ox, oc, ky, kx, ic;
  for (b = 0; b < out_dims[0]; ++b) {
    const float* in_batch = input + (int32_t)b * in_h * in_w * in_c;
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;
      int32_t ky_begin, ky_end;
      mlonmcu_window_taps(in_y0, p->dilation_h, in_h, k_h, &ky_begin, &ky_end);
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;
        int32_t kx_begin, kx_end;
        mlonmcu_window_taps(in_x0, p->dilation_w, in_w, k_w, &kx_begin, &kx_end);
        for (oc = 0; oc < out_c; ++oc) {
          const int32_t in_c0 = (oc / out_per_group) * k_c;
          const float* f_oc = filter + oc * k_h * k_w * k_c;
          float total = 0.0f;
          float value;
          for (ky = ky_begin; ky < ky_end; ++ky) {
            const float* in_row = in_batch + (in_y0 + ky * p->dilation_h) * in_w * in_c + in_c0;
            const float* f_row = f_oc + ky * k_w * k_c;
            for (kx = kx_begin; kx < kx_end; ++kx) {
              const float* x = in_row + (in_x0 + kx * p->dilation_w) * in_c;
              const float* f = f_row + kx * k_c;
              for (ic = 0; ic < k_c; ++ic) total += x[ic] * f[ic];
            }
          }
          value = total + (bias ? bias[oc] : 0.0f);
          value = value < p->act_min ? p->act_min : value;
          *output++ = value > p->act_max ? p->act_max : value;
        }
      }
    }
  }
}
