#include "mlonmcu/kernels/filter_s16.h"

#include "kernel_util.h"
#include "requantize_s64.h"

/* Accumulators of both widths; which one counts is the params' `wide`. */
typedef struct {
  int64_t wide;
  int32_t narrow;
} acc_t;

static void acc_add(acc_t* a, int32_t product) {
  a->wide += product;
  a->narrow = mlonmcu_wrap_add(a->narrow, product);
}

static int16_t finish(const acc_t* a, int wide, const void* bias, int32_t channel, int32_t multiplier, int32_t shift,
                      int32_t output_offset, int32_t act_min, int32_t act_max) {
  int32_t v;
  if (wide) {
    int64_t acc = a->wide;
    if (bias) acc = (int64_t)((uint64_t)acc + (uint64_t)((const int64_t*)bias)[channel]);
    v = mlonmcu_multiply_by_quantized_multiplier_s64(acc, multiplier, shift);
  } else {
    int32_t acc = a->narrow;
    if (bias) acc = mlonmcu_wrap_add(acc, ((const int32_t*)bias)[channel]);
    v = mlonmcu_multiply_by_quantized_multiplier(acc, multiplier, shift);
  }
  v = mlonmcu_wrap_add(v, output_offset);
  return (int16_t)mlonmcu_clamp_s32(v, act_min, act_max);
}

void mlonmcu_conv2d_s16(const mlonmcu_conv_s16_params_t* p, const int32_t in_dims[4], const int16_t* input,
                        const int32_t filter_dims[4], const int8_t* filter, const void* bias,
                        const int32_t out_dims[4], int16_t* output, const int32_t* multipliers,
                        const int32_t* shifts) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t fh = filter_dims[1], fw = filter_dims[2], f_c = filter_dims[3], out_c = out_dims[3];
  const int32_t per_group = f_c > 0 && in_c / f_c > 0 ? out_c / (in_c / f_c) : out_c;
  int32_t b, oy, ox, oc, ky, kx, ic;
  int16_t* out = output;
  for (b = 0; b < out_dims[0]; ++b)
    for (oy = 0; oy < out_dims[1]; ++oy)
      for (ox = 0; ox < out_dims[2]; ++ox)
        for (oc = 0; oc < out_c; ++oc) {
          const int32_t group = per_group > 0 ? oc / per_group : 0;
          acc_t acc = {0, 0};
          for (ky = 0; ky < fh; ++ky) {
            const int32_t iy = oy * p->stride_h - p->pad_h + ky * p->dilation_h;
            if (iy < 0 || iy >= in_h) continue;
            for (kx = 0; kx < fw; ++kx) {
              const int32_t ix = ox * p->stride_w - p->pad_w + kx * p->dilation_w;
              const int16_t* x;
              const int8_t* w;
              if (ix < 0 || ix >= in_w) continue;
              x = input + (((int64_t)b * in_h + iy) * in_w + ix) * in_c + (int64_t)group * f_c;
              w = filter + (((int64_t)oc * fh + ky) * fw + kx) * f_c;
              for (ic = 0; ic < f_c; ++ic) acc_add(&acc, (int32_t)w[ic] * x[ic]);
            }
          }
          *out++ = finish(&acc, p->wide, bias, oc, multipliers[oc], shifts[oc], 0, p->act_min, p->act_max);
        }
}

void mlonmcu_depthwise_conv2d_s16(const mlonmcu_conv_s16_params_t* p, const int32_t in_dims[4],
                                  const int16_t* input, const int32_t filter_dims[4], const int8_t* filter,
                                  const void* bias, const int32_t out_dims[4], int16_t* output,
                                  const int32_t* multipliers, const int32_t* shifts) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];
  const int32_t fh = filter_dims[1], fw = filter_dims[2], out_c = out_dims[3];
  int32_t b, oy, ox, c, m, ky, kx;
  for (b = 0; b < out_dims[0]; ++b)
    for (oy = 0; oy < out_dims[1]; ++oy)
      for (ox = 0; ox < out_dims[2]; ++ox)
        for (c = 0; c < in_c; ++c)
          for (m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = m + c * p->depth_multiplier;
            acc_t acc = {0, 0};
            for (ky = 0; ky < fh; ++ky) {
              const int32_t iy = oy * p->stride_h - p->pad_h + ky * p->dilation_h;
              if (iy < 0 || iy >= in_h) continue;
              for (kx = 0; kx < fw; ++kx) {
                const int32_t ix = ox * p->stride_w - p->pad_w + kx * p->dilation_w;
                if (ix < 0 || ix >= in_w) continue;
                acc_add(&acc, (int32_t)filter[((int64_t)ky * fw + kx) * out_c + oc] *
                                  input[(((int64_t)b * in_h + iy) * in_w + ix) * in_c + c]);
              }
            }
            output[(((int64_t)b * out_dims[1] + oy) * out_dims[2] + ox) * out_c + oc] =
                finish(&acc, p->wide, bias, oc, multipliers[oc], shifts[oc], 0, p->act_min, p->act_max);
          }
}

void mlonmcu_fully_connected_s16(const mlonmcu_fully_connected_s16_params_t* p, const int16_t* input,
                                 const int8_t* filter, const void* bias, int16_t* output, const int32_t* multipliers,
                                 const int32_t* shifts) {
  int32_t b, u, d;
  for (b = 0; b < p->batches; ++b)
    for (u = 0; u < p->units; ++u) {
      const int16_t* x = input + (int64_t)b * p->depth;
      const int8_t* w = filter + (int64_t)u * p->depth;
      acc_t acc = {0, 0};
      for (d = 0; d < p->depth; ++d) acc_add(&acc, (w[d] + p->filter_offset) * (int32_t)x[d]);
      output[(int64_t)b * p->units + u] =
          finish(&acc, p->wide, bias, u, multipliers ? multipliers[u] : p->output_multiplier,
                 shifts ? shifts[u] : p->output_shift, 0, p->act_min, p->act_max);
    }
}
