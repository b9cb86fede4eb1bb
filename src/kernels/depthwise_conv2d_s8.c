/* int8 DEPTHWISE_CONV_2D, bit-exact with TFLite-Micro's reference kernel.
 *
 * One output channel at a time (oc = ic * depth_multiplier + m), so its weights, bias and
 * requantization are set up once for the whole image. As in conv2d_s8.c the input offset is
 * folded into the bias where the whole window lies inside the input:
 *   bias + sum w * (x + offset) = (bias + offset * sum w) + sum w * x   (mod 2^32),
 * and border pixels keep the offset form over their valid taps (= zero-point padding).
 * 3x3 windows, the MobileNet/DS-CNN case, keep their 9 weights in locals and run every row,
 * borders included, through one loop (dw_row_3x3); with stride 1 and no column dilation
 * neighbouring pixels share two of their three input columns, so each pixel loads only one new
 * column. Outputs are requantized with the short exact form of channel_requant.h
 * (mlonmcu_fast_requant_*: one 64-bit multiply-add, one add, one shift) wherever it applies,
 * which is every channel of the real models; about half the cost of the general form. */
#include "kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/conv.h"

typedef struct {
  int32_t in_h, in_w, in_c, out_c;
  int32_t k_h, k_w;
  int32_t stride_w, dil_h, dil_w, pad_w;
  int32_t input_offset;
} dw_geometry_t;

/* The channel's requantization: the short exact form of channel_requant.h where it applies
 * (every channel of the real models), else the general one. The branch is on a per-channel
 * constant and always goes the same way. The general form is rebuilt per output in a function
 * of its own: it never runs for real models, and inlining it at every output site cost ROM and
 * (with a second struct per channel) stack. */
typedef struct {
  mlonmcu_fast_requant_t fast;
  int32_t shift, output_offset; /* for the general form */
} dw_requant_t;

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int8_t dw_requant_general(const dw_requant_t* q, uint32_t acc) {
  const mlonmcu_channel_requant_t full = mlonmcu_channel_requant_make(
      q->fast.multiplier, q->shift, q->output_offset, q->fast.act_min, q->fast.act_max);
  return (int8_t)mlonmcu_channel_requant_apply(&full, acc);
}

static inline int8_t dw_requant(const dw_requant_t* q, uint32_t acc) {
  return q->fast.ok ? (int8_t)mlonmcu_fast_requant_apply(&q->fast, acc)
                    : dw_requant_general(q, acc);
}

static dw_requant_t dw_requant_make(const mlonmcu_conv_s8_params_t* p,
                                    const int32_t* channel_multiplier,
                                    const int32_t* channel_shift, int32_t oc) {
  dw_requant_t q;
  const mlonmcu_channel_requant_t full = mlonmcu_channel_requant_make(
      channel_multiplier ? channel_multiplier[oc] : p->output_multiplier,
      channel_shift ? channel_shift[oc] : p->output_shift, p->output_offset, p->act_min,
      p->act_max);
  q.fast = mlonmcu_fast_requant_make(&full);
  q.shift = channel_shift ? channel_shift[oc] : p->output_shift;
  q.output_offset = p->output_offset;
  return q;
}

/* One output of channel oc (weights f = filter + oc, taps out_c apart), window rows/columns
 * clipped to the input. `offset` is added to each input: the input offset at the border, 0
 * in the interior where it is folded into the bias. */
static uint32_t dw_window_sum(const dw_geometry_t* g, const int8_t* x_channel, const int8_t* f,
                              int32_t in_y0, int32_t in_x0, int32_t ky_begin, int32_t ky_end,
                              int32_t offset) {
  int32_t kx_begin, kx_end, ky, kx;
  uint32_t acc = 0;
  mlonmcu_window_taps(in_x0, g->dil_w, g->in_w, g->k_w, &kx_begin, &kx_end);
  if (kx_begin >= kx_end) return 0; /* keeps the row pointers below in bounds */
  for (ky = ky_begin; ky < ky_end; ++ky) {
    const int8_t* x = x_channel + ((in_y0 + ky * g->dil_h) * g->in_w + in_x0 + kx_begin * g->dil_w) * g->in_c;
    const int8_t* w = f + (ky * g->k_w + kx_begin) * g->out_c;
    for (kx = kx_begin; kx < kx_end; ++kx) {
      acc += (uint32_t)((int32_t)*w * ((int32_t)*x + offset));
      x += g->dil_w * g->in_c;
      w += g->out_c;
    }
  }
  return acc;
}

/* One row of 3x3 outputs, borders included. Rows of the window outside the input come with
 * zero weights (and a base without their weight sum) and any in-bounds row pointer. Columns
 * outside the input read as the zero point -input_offset: w * (zp + offset) = 0, so the folded
 * base stays right. rows[k] points at input column 0 of channel ic in window row k. Only for
 * channels with the short requantization (q->ok; the others take the generic window loop): a
 * call to the general one inside these loops made GCC spill on rv32. */
static void dw_row_3x3(const dw_geometry_t* g, const int8_t* const rows[3], const int32_t w[9],
                       uint32_t base, const mlonmcu_fast_requant_t* q, int32_t out_w,
                       int32_t ox_lo, int32_t ox_hi, int8_t* out) {
  const int32_t c_step = g->in_c, col = g->dil_w * g->in_c, oc_step = g->out_c;
  const int32_t px_step = g->stride_w * g->in_c, zp = -g->input_offset;
  const int32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
  const int32_t w6 = w[6], w7 = w[7], w8 = w[8];
  int32_t ox;
  for (ox = 0; ox < out_w; ++ox, out += oc_step) {
    int32_t v[9], kx;
    uint32_t acc = base;
    if (ox == ox_lo && ox_lo < ox_hi) {
      const int8_t* r0 = rows[0] + (ox * g->stride_w - g->pad_w) * c_step;
      const int8_t* r1 = rows[1] + (ox * g->stride_w - g->pad_w) * c_step;
      const int8_t* r2 = rows[2] + (ox * g->stride_w - g->pad_w) * c_step;
      int32_t i, count = ox_hi - ox_lo;
      if (px_step == col) {
        /* Stride 1, no column dilation: slide a 3-column window, one new column per pixel. The
         * pointers advance before each load so they never pass the last column read. */
        int32_t a0 = r0[0], b0 = r1[0], c0 = r2[0];
        int32_t a1, b1, c1;
        r0 += col, r1 += col, r2 += col;
        a1 = *r0, b1 = *r1, c1 = *r2;
        for (; count > 0; --count, out += oc_step) {
          int32_t a2, b2, c2;
          r0 += col, r1 += col, r2 += col;
          a2 = *r0, b2 = *r1, c2 = *r2;
          acc = base;
          acc += (uint32_t)(w0 * a0 + w1 * a1 + w2 * a2);
          acc += (uint32_t)(w3 * b0 + w4 * b1 + w5 * b2);
          acc += (uint32_t)(w6 * c0 + w7 * c1 + w8 * c2);
          *out = (int8_t)mlonmcu_fast_requant_apply(q, acc);
          a0 = a1, a1 = a2, b0 = b1, b1 = b2, c0 = c1, c1 = c2;
        }
      } else {
        for (i = 0; i < count; ++i, out += oc_step) {
          if (i > 0) r0 += px_step, r1 += px_step, r2 += px_step;
          acc = base;
          acc += (uint32_t)(w0 * r0[0] + w1 * r0[col] + w2 * r0[2 * col]);
          acc += (uint32_t)(w3 * r1[0] + w4 * r1[col] + w5 * r1[2 * col]);
          acc += (uint32_t)(w6 * r2[0] + w7 * r2[col] + w8 * r2[2 * col]);
          *out = (int8_t)mlonmcu_fast_requant_apply(q, acc);
        }
      }
      ox = ox_hi;
      if (ox >= out_w) break;
      acc = base;
    }
    /* A column pixel at the border: each tap checks its column. */
    for (kx = 0; kx < 3; ++kx) {
      const int32_t ix = ox * g->stride_w - g->pad_w + kx * g->dil_w;
      const int inside = ix >= 0 && ix < g->in_w;
      v[kx] = inside ? rows[0][ix * c_step] : zp;
      v[3 + kx] = inside ? rows[1][ix * c_step] : zp;
      v[6 + kx] = inside ? rows[2][ix * c_step] : zp;
    }
    acc += (uint32_t)(w0 * v[0] + w1 * v[1] + w2 * v[2]);
    acc += (uint32_t)(w3 * v[3] + w4 * v[4] + w5 * v[5]);
    acc += (uint32_t)(w6 * v[6] + w7 * v[7] + w8 * v[8]);
    *out = (int8_t)mlonmcu_fast_requant_apply(q, acc);
  }
}

/* Pixel-major path for depth_multiplier 1 and windows of at most DW_MAX_TAPS taps: 4 channels
 * per pass, so each pixel's window geometry is worked out once for 4 outputs, the 4 channels'
 * input bytes of a tap are adjacent (one word on Arm DSP cores, split into halfwords by SXTB16
 * and multiplied per channel by SMLABB/SMLATT), and the border costs no extra work: taps in the
 * padding read the zero point from a local word, w * (zp + offset) = 0, so every pixel uses the
 * base with the input offset folded in. */
#define DW_MAX_TAPS 9
/* Measured on vww/aww (rv32 and Cortex-M4): up to 12 output columns the pixel-major path wins;
 * on wider rows the per-channel sliding window (dw_row_3x3) loads fewer bytes per output. */
#define DW_PIXEL_MAJOR(out_w) ((out_w) <= 12)

static void dw_by_pixels(const mlonmcu_conv_s8_params_t* p, const dw_geometry_t* g,
                         const int32_t out_dims[4], const int8_t* input, const int8_t* filter,
                         const int32_t* bias, int8_t* output, const int32_t* channel_multiplier,
                         const int32_t* channel_shift) {
  const int32_t out_h = out_dims[1], out_w = out_dims[2], c_all = g->out_c;
  const int32_t taps = g->k_h * g->k_w;
  const int8_t zp = (int8_t)-g->input_offset;
  const int8_t zp_word[4] = {zp, zp, zp, zp};
  int32_t tap_offset[DW_MAX_TAPS]; /* from the window's top-left input byte, interior pixels */
  int32_t c, b, oy, ox, t, j;
  for (t = 0; t < taps; ++t)
    tap_offset[t] = ((t / g->k_w) * g->dil_h * g->in_w + (t % g->k_w) * g->dil_w) * c_all;
  for (c = 0; c < c_all; c += 4) {
    const int32_t n = c_all - c < 4 ? c_all - c : 4;
    dw_requant_t q[4];
    uint32_t base[4];
    int32_t w[DW_MAX_TAPS][4];
#if MLONMCU_DSP
    uint32_t w02[DW_MAX_TAPS], w13[DW_MAX_TAPS];
#endif
    int quad = n == 4;
    for (j = 0; j < n; ++j) {
      uint32_t wsum = 0;
      q[j] = dw_requant_make(p, channel_multiplier, channel_shift, c + j);
      /* Groups with a channel needing the general requantization take the per-channel loop:
       * a call in the 4-channel loop costs registers. */
      quad = quad && q[j].fast.ok;
      for (t = 0; t < taps; ++t) {
        w[t][j] = filter[t * c_all + c + j];
        wsum += (uint32_t)w[t][j];
      }
      base[j] = (bias ? (uint32_t)bias[c + j] : 0u) + (uint32_t)g->input_offset * wsum;
    }
#if MLONMCU_DSP
    if (n == 4)
      for (t = 0; t < taps; ++t) {
        const uint32_t word = mlonmcu_load_u32(filter + t * c_all + c);
        w02[t] = mlonmcu_sxtb16(word), w13[t] = mlonmcu_sxtb16_ror8(word);
      }
#endif
    for (b = 0; b < out_dims[0]; ++b) {
      const int8_t* in_batch = input + b * g->in_h * g->in_w * c_all + c;
      for (oy = 0; oy < out_h; ++oy) {
        const int32_t in_y0 = oy * p->stride_h - p->pad_h;
        const int rows_inside = in_y0 >= 0 && in_y0 + (g->k_h - 1) * g->dil_h < g->in_h;
        int8_t* out = output + (b * out_h + oy) * out_w * c_all + c;
        for (ox = 0; ox < out_w; ++ox, out += c_all) {
          const int32_t in_x0 = ox * g->stride_w - g->pad_w;
          const int8_t* tap[DW_MAX_TAPS];
          int32_t ky, kx;
          if (rows_inside && in_x0 >= 0 && in_x0 + (g->k_w - 1) * g->dil_w < g->in_w) {
            const int8_t* px = in_batch + (in_y0 * g->in_w + in_x0) * c_all;
            for (t = 0; t < taps; ++t) tap[t] = px + tap_offset[t];
          } else
          for (ky = 0, t = 0; ky < g->k_h; ++ky) {
            const int32_t iy = in_y0 + ky * g->dil_h;
            for (kx = 0; kx < g->k_w; ++kx, ++t) {
              const int32_t ix = in_x0 + kx * g->dil_w;
              tap[t] = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w
                           ? in_batch + (iy * g->in_w + ix) * c_all
                           : zp_word;
            }
          }
          if (quad) {
            uint32_t a0 = base[0], a1 = base[1], a2 = base[2], a3 = base[3];
            for (t = 0; t < taps; ++t) {
#if MLONMCU_DSP
              const uint32_t x = mlonmcu_load_u32(tap[t]);
              const uint32_t x02 = mlonmcu_sxtb16(x), x13 = mlonmcu_sxtb16_ror8(x);
              a0 = mlonmcu_smlabb(x02, w02[t], a0), a2 = mlonmcu_smlatt(x02, w02[t], a2);
              a1 = mlonmcu_smlabb(x13, w13[t], a1), a3 = mlonmcu_smlatt(x13, w13[t], a3);
#else
              const int8_t* x = tap[t];
              a0 += (uint32_t)(w[t][0] * x[0]), a1 += (uint32_t)(w[t][1] * x[1]);
              a2 += (uint32_t)(w[t][2] * x[2]), a3 += (uint32_t)(w[t][3] * x[3]);
#endif
            }
            out[0] = (int8_t)mlonmcu_fast_requant_apply(&q[0].fast, a0);
            out[1] = (int8_t)mlonmcu_fast_requant_apply(&q[1].fast, a1);
            out[2] = (int8_t)mlonmcu_fast_requant_apply(&q[2].fast, a2);
            out[3] = (int8_t)mlonmcu_fast_requant_apply(&q[3].fast, a3);
          } else {
            for (j = 0; j < n; ++j) {
              uint32_t acc = base[j];
              for (t = 0; t < taps; ++t) acc += (uint32_t)(w[t][j] * tap[t][j]);
              out[j] = dw_requant(&q[j], acc);
            }
          }
        }
      }
    }
  }
}

void mlonmcu_depthwise_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                                 const int8_t* input, const int32_t filter_dims[4],
                                 const int8_t* filter, const int32_t* bias,
                                 const int32_t out_dims[4], int8_t* output,
                                 const int32_t* channel_multiplier, const int32_t* channel_shift) {
  dw_geometry_t g;
  const int32_t out_h = out_dims[1], out_w = out_dims[2];
  const int32_t depth_multiplier = p->depth_multiplier;
  const int32_t taps = filter_dims[1] * filter_dims[2];
  int32_t span_w, ox_lo, ox_hi, oc, b, oy, ox, t;
  g.in_h = in_dims[1], g.in_w = in_dims[2], g.in_c = in_dims[3], g.out_c = out_dims[3];
  g.k_h = filter_dims[1], g.k_w = filter_dims[2];
  g.stride_w = p->stride_w, g.dil_h = p->dilation_h, g.dil_w = p->dilation_w, g.pad_w = p->pad_w;
  g.input_offset = p->input_offset;
  /* Output columns whose whole window lies inside the input. */
  span_w = (g.k_w - 1) * g.dil_w + 1;
  ox_lo = (g.pad_w + g.stride_w - 1) / g.stride_w;
  ox_hi = g.in_w + g.pad_w - span_w >= 0 ? (g.in_w + g.pad_w - span_w) / g.stride_w + 1 : 0;
  if (ox_lo > out_w) ox_lo = out_w;
  if (ox_hi > out_w) ox_hi = out_w;
  if (ox_hi < ox_lo) ox_hi = ox_lo;
  if (depth_multiplier == 1 && taps <= DW_MAX_TAPS && g.input_offset >= -127 &&
      g.input_offset <= 128 && DW_PIXEL_MAJOR(out_w)) {
    dw_by_pixels(p, &g, out_dims, input, filter, bias, output, channel_multiplier, channel_shift);
    return;
  }

  for (oc = 0; oc < g.out_c; ++oc) {
    const int8_t* f = filter + oc;
    const dw_requant_t q = dw_requant_make(p, channel_multiplier, channel_shift, oc);
    const uint32_t bias_oc = bias ? (uint32_t)bias[oc] : 0u;
    uint32_t wsum = 0, base;
    int32_t w_full[9];
    for (t = 0; t < taps; ++t) wsum += (uint32_t)(int32_t)f[t * g.out_c];
    base = bias_oc + (uint32_t)g.input_offset * wsum;
    if (taps == 9)
      for (t = 0; t < 9; ++t) w_full[t] = f[t * g.out_c];
    for (b = 0; b < out_dims[0]; ++b) {
      const int8_t* x_channel = input + b * g.in_h * g.in_w * g.in_c + oc / depth_multiplier;
      for (oy = 0; oy < out_h; ++oy) {
        const int32_t in_y0 = oy * p->stride_h - p->pad_h;
        int32_t ky_begin, ky_end;
        int8_t* out = output + ((b * out_h + oy) * out_w) * g.out_c + oc;
        mlonmcu_window_taps(in_y0, g.dil_h, g.in_h, g.k_h, &ky_begin, &ky_end);
        ox = 0;
        if (g.k_h == 3 && g.k_w == 3 && q.fast.ok) {
          /* Window rows outside the input get zero weights; their pointer is any valid row. */
          const int8_t* rows[3];
          int32_t w[9], k;
          uint32_t row_base = bias_oc;
          if (ky_begin == 0 && ky_end == 3) { /* all rows inside: the channel's own weights */
            for (k = 0; k < 3; ++k) rows[k] = x_channel + (in_y0 + k * g.dil_h) * g.in_w * g.in_c;
            dw_row_3x3(&g, rows, w_full, base, &q.fast, out_w, ox_lo, ox_hi, out);
            continue;
          }
          for (k = 0; k < 3; ++k) {
            const int32_t iy = in_y0 + k * g.dil_h;
            const int inside = iy >= 0 && iy < g.in_h;
            rows[k] = x_channel + (inside ? iy * g.in_w * g.in_c : 0);
            for (t = 0; t < 3; ++t) {
              w[3 * k + t] = inside ? f[(3 * k + t) * g.out_c] : 0;
              row_base += (uint32_t)g.input_offset * (uint32_t)w[3 * k + t];
            }
          }
          dw_row_3x3(&g, rows, w, row_base, &q.fast, out_w, ox_lo, ox_hi, out);
          continue;
        }
        if (ky_begin == 0 && ky_end == g.k_h && ox_lo < ox_hi) {
          for (; ox < ox_lo; ++ox, out += g.out_c)
            *out = dw_requant(
                &q, bias_oc + dw_window_sum(&g, x_channel, f, in_y0, ox * g.stride_w - g.pad_w,
                                            ky_begin, ky_end, g.input_offset));
          for (; ox < ox_hi; ++ox, out += g.out_c)
            *out = dw_requant(
                &q, base + dw_window_sum(&g, x_channel, f, in_y0, ox * g.stride_w - g.pad_w,
                                         ky_begin, ky_end, 0));
        }
        /* Rows or columns reaching into the padding; a window with no column inside the input
         * sums nothing (kx range empty), whatever its rows. */
        for (; ox < out_w; ++ox, out += g.out_c)
          *out = dw_requant(
              &q, bias_oc + dw_window_sum(&g, x_channel, f, in_y0, ox * g.stride_w - g.pad_w,
                                          ky_begin, ky_end, g.input_offset));
      }
    }
  }
}
