/* Optimized int8 DEPTHWISE_CONV_2D (conv.h). Taps in the padding read the input zero point,
 * which with the input offset folded into the bias adds nothing, so every output pixel is the
 * same sum of weight * raw input over all taps. With depth multiplier 1 (every real model) each
 * output row is computed from a band of the k_h input rows it reads, copied with their padding
 * (dw_row.h), or on cores without SIMD channel by channel from planes of one channel's rows
 * (isa/dw_plane_portable.h); other shapes take per-tap pointers into the input. */
#include <string.h>

#include "dw_row.h"
#include "kernel_util.h"
#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/channel_requant.h"
#if !MLONMCU_DSP && !MLONMCU_MVE
#include "isa/dw_plane_portable.h"
#endif

/* Largest band kept on the stack; wider layers take the per-tap path. */
#define DW_MAX_BAND_BYTES 8192

/* Window rows of output row oy (their padding included) into band, k_h rows of span_w
 * columns. */
static void dw_fill_band(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                         const int8_t* in_batch, int32_t k_h, int32_t oy, int32_t span_w,
                         int8_t* band) {
  const int32_t in_h = in_dims[1], in_w = in_dims[2], ch = in_dims[3];
  const int8_t zp = (int8_t)-p->input_offset;
  const int32_t row_bytes = span_w * ch;
  /* Band columns [lo, hi) hold input columns lo - pad_w ...; the rest is padding. */
  const int32_t lo = p->pad_w < span_w ? p->pad_w : span_w;
  const int32_t hi = p->pad_w + in_w < span_w ? p->pad_w + in_w : span_w;
  int32_t ky;
  for (ky = 0; ky < k_h; ++ky, band += row_bytes) {
    const int32_t iy = oy * p->stride_h - p->pad_h + ky * p->dilation_h;
    if (iy < 0 || iy >= in_h || hi <= lo) {
      mlonmcu_fill_bytes(band, zp, row_bytes);
      continue;
    }
    mlonmcu_fill_bytes(band, zp, lo * ch);
    mlonmcu_copy_bytes(band + lo * ch, in_batch + (iy * in_w + lo - p->pad_w) * ch, (hi - lo) * ch);
    mlonmcu_fill_bytes(band + hi * ch, zp, (span_w - hi) * ch);
  }
}

static void dw_by_bands(mlonmcu_dw_row_fn_t row, const mlonmcu_conv_s8_params_t* p,
                        const int32_t in_dims[4],
                        const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                        const int32_t* folded_bias, const int32_t out_dims[4], int8_t* output,
                        const mlonmcu_requant_entry_t* requant, int32_t span_w) {
  const int32_t ch = in_dims[3], out_h = out_dims[1], out_w = out_dims[2];
  const int32_t k_h = filter_dims[1];
  int8_t band[k_h * span_w * ch];
  mlonmcu_dw_row_t r;
  int32_t b, oy;
  r.channels = ch;
  r.k_h = k_h, r.k_w = filter_dims[2];
  r.dil_w = p->dilation_w, r.stride_w = p->stride_w;
  r.band_row = span_w * ch;
  r.out_w = out_w;
  r.filter = filter, r.bias = folded_bias, r.requant = requant;
  r.short_requant = p->short_requant;
  r.output_offset = p->output_offset, r.act_min = p->act_min, r.act_max = p->act_max;
  for (b = 0; b < out_dims[0]; ++b) {
    const int8_t* in_batch = input + b * in_dims[1] * in_dims[2] * ch;
    for (oy = 0; oy < out_h; ++oy) {
      dw_fill_band(p, in_dims, in_batch, k_h, oy, span_w, band);
      row(&r, band, output + (b * out_h + oy) * out_w * ch);
    }
  }
}

static int32_t dw_span_w(const mlonmcu_conv_s8_params_t* p, const int32_t filter_dims[4],
                         const int32_t out_dims[4]) {
  const int32_t out_w = out_dims[2];
  return out_w > 0 ? (out_w - 1) * p->stride_w + (filter_dims[2] - 1) * p->dilation_w + 1 : 0;
}

/* Depth multiplier 1 by rows where a band of them fits on the stack; the rule does not depend on
 * the core, so the aot generator (built for the host) gets the target's answer. The other
 * layers take one pointer per tap (or channel planes, on cores without SIMD, where they fit). */
int mlonmcu_depthwise_conv2d_s8_variant(const mlonmcu_conv_s8_params_t* p,
                                        const int32_t in_dims[4], const int32_t filter_dims[4],
                                        const int32_t out_dims[4]) {
  const int32_t span_w = dw_span_w(p, filter_dims, out_dims);
  const int by_rows = p->depth_multiplier == 1 && out_dims[2] > 0 &&
                      (int64_t)filter_dims[1] * span_w * in_dims[3] <= DW_MAX_BAND_BYTES;
  return by_rows ? mlonmcu_kernel_variant(0, p->short_requant, p->act_min, p->act_max)
                 : MLONMCU_VARIANT_NONE;
}

/* Cores without SIMD: the layer by channel planes where they fit (returns 1), else 0. */
static int dw_by_planes(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                        const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                        const int32_t* folded_bias, const int32_t out_dims[4], int8_t* output,
                        const mlonmcu_requant_entry_t* requant) {
#if !MLONMCU_DSP && !MLONMCU_MVE
  const int32_t in_bytes = in_dims[1] * in_dims[2] * in_dims[3];
  const int32_t out_bytes = out_dims[1] * out_dims[2] * out_dims[3];
  mlonmcu_dw_plane_t g;
  int32_t strip_rows, b;
  if (p->depth_multiplier != 1 || out_dims[2] <= 0) return 0;
  g.ch = in_dims[3], g.in_h = in_dims[1], g.in_w = in_dims[2];
  g.k_h = filter_dims[1], g.k_w = filter_dims[2], g.stride_h = p->stride_h, g.stride_w = p->stride_w;
  g.dil_h = p->dilation_h, g.dil_w = p->dilation_w, g.pad_h = p->pad_h, g.pad_w = p->pad_w;
  g.out_h = out_dims[1], g.out_w = out_dims[2], g.cols = dw_span_w(p, filter_dims, out_dims);
  g.zp = (int8_t)-p->input_offset;
  strip_rows = mlonmcu_dw_strip_rows(&g);
  if (strip_rows <= 0) return 0;
  for (b = 0; b < out_dims[0]; ++b)
    mlonmcu_dw_planes(&g, strip_rows, input + b * in_bytes, filter, folded_bias, requant,
                      p->short_requant, p->output_offset, p->act_min, p->act_max,
                      output + b * out_bytes);
  return 1;
#else
  (void)p, (void)in_dims, (void)input, (void)filter_dims, (void)filter, (void)folded_bias;
  (void)out_dims, (void)output, (void)requant;
  return 0;
#endif
}

/* Every other layer: per output pixel, a pointer per tap into the input (or a row of zero
 * points). */
static MLONMCU_NOINLINE void dw_by_taps(const mlonmcu_conv_s8_params_t* p,
                                        const int32_t in_dims[4], const int8_t* input,
                                        const int32_t filter_dims[4], const int8_t* filter,
                                        const int32_t* folded_bias, const int32_t out_dims[4],
                                        int8_t* output, const mlonmcu_requant_entry_t* requant) {
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

void mlonmcu_depthwise_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                 const int8_t* input, const int32_t filter_dims[4],
                                 const int8_t* filter, const int32_t* folded_bias,
                                 const int32_t out_dims[4], int8_t* output,
                                 const mlonmcu_requant_entry_t* requant) {
  const int variant = mlonmcu_depthwise_conv2d_s8_variant(p, in_dims, filter_dims, out_dims);
  if (variant != MLONMCU_VARIANT_NONE)
    mlonmcu_depthwise_conv2d_s8_with(mlonmcu_dw_row_for(variant), p, in_dims, input, filter_dims,
                                     filter, folded_bias, out_dims, output, requant);
  else if (!dw_by_planes(p, in_dims, input, filter_dims, filter, folded_bias, out_dims, output,
                         requant))
    dw_by_taps(p, in_dims, input, filter_dims, filter, folded_bias, out_dims, output, requant);
}

void mlonmcu_depthwise_conv2d_s8_with(mlonmcu_dw_row_fn_t row, const mlonmcu_conv_s8_params_t* p,
                                      const int32_t in_dims[4], const int8_t* input,
                                      const int32_t filter_dims[4], const int8_t* filter,
                                      const int32_t* folded_bias, const int32_t out_dims[4],
                                      int8_t* output, const mlonmcu_requant_entry_t* requant) {
  if (!dw_by_planes(p, in_dims, input, filter_dims, filter, folded_bias, out_dims, output,
                    requant))
    dw_by_bands(row, p, in_dims, input, filter_dims, filter, folded_bias, out_dims, output,
                requant, dw_span_w(p, filter_dims, out_dims));
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
