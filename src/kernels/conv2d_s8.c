/* int8 CONV_2D, bit-exact with TFLite-Micro's reference kernel but organised for scalar MCUs.
 *
 * Integer sums are exact modulo 2^32 whatever their order, so the kernel is free to reorder:
 *   acc = bias + sum f * (x + input_offset) = (bias + input_offset * sum f) + sum f * x
 * where the bracket is one constant per output channel when every tap of the window lies inside
 * the input. Interior pixels therefore need one load, one multiply and one add per tap and per
 * output, and the fast loops produce 2 output channels x 2 pixels at once so each loaded input
 * byte and weight is used twice (on cores without DSP or post-increment loads, e.g. rv32: 4
 * channels x 2 pixels or 2 channels x 3 pixels, see conv_blocks_portable.h). Border pixels (some taps in the padding) keep the offset form
 * over the valid taps only, which equals TFLite's zero-point padding.
 *
 * mlonmcu_conv2d_add_s8 is the same code with a residual ADD in the store: each int8 result is
 * added to the skip tensor's element at the same index right where it is written, so the ADD
 * needs no buffer of its own. Every store goes through conv_store. The plain kernel is the code
 * compiled with a NULL epilogue, which folds away; the fused kernel is one more copy that tests
 * the epilogue at run time (NULL there too is a plain convolution), so a model whose
 * convolutions all go through it links the convolution code once. */
#include <stddef.h>

#include "add_requant.h"
#include "conv_blocks_portable.h"
#include "kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/conv.h"

/* Where the windows of one convolution read; shared by the helpers. */
typedef struct {
  int32_t in_h, in_w, in_c;
  int32_t k_h, k_w, k_c;
  int32_t stride_h, stride_w, dil_h, dil_w, pad_h, pad_w;
  int32_t input_offset;
} conv_geometry_t;

/* One output of one channel, any window position, skipping taps in the padding. */
static uint32_t conv_window_sum(const conv_geometry_t* g, const int8_t* in_batch,
                                const int8_t* f_oc, int32_t in_c0, int32_t in_y0, int32_t in_x0) {
  int32_t ky_begin, ky_end, kx_begin, kx_end, ky, kx, ic;
  uint32_t acc = 0;
  mlonmcu_window_taps(in_y0, g->dil_h, g->in_h, g->k_h, &ky_begin, &ky_end);
  mlonmcu_window_taps(in_x0, g->dil_w, g->in_w, g->k_w, &kx_begin, &kx_end);
  for (ky = ky_begin; ky < ky_end; ++ky) {
    const int8_t* in_row = in_batch + (in_y0 + ky * g->dil_h) * g->in_w * g->in_c + in_c0;
    const int8_t* f_row = f_oc + ky * g->k_w * g->k_c;
    for (kx = kx_begin; kx < kx_end; ++kx) {
      const int8_t* x = in_row + (in_x0 + kx * g->dil_w) * g->in_c;
      const int8_t* f = f_row + kx * g->k_c;
      for (ic = 0; ic < g->k_c; ++ic)
        acc += (uint32_t)((int32_t)f[ic] * ((int32_t)x[ic] + g->input_offset));
    }
  }
  return acc;
}

static mlonmcu_channel_requant_t channel_requant(const mlonmcu_conv_s8_params_t* p,
                                                 const int32_t* channel_multiplier,
                                                 const int32_t* channel_shift, int32_t oc) {
  return mlonmcu_channel_requant_make(channel_multiplier ? channel_multiplier[oc] : p->output_multiplier,
                                      channel_shift ? channel_shift[oc] : p->output_shift,
                                      p->output_offset, p->act_min, p->act_max);
}

/* The residual ADD of mlonmcu_conv2d_add_s8: skip[i] is ADD input 2 of output element i.
 * `apply` is reached through the struct, so programs without a fused ADD do not link it. */
typedef struct conv_epilogue {
  mlonmcu_add_requant_t add;
  const int8_t* skip;
  const int8_t* output;
  int32_t (*apply)(const struct conv_epilogue* e, const int8_t* o, int32_t v);
} conv_epilogue_t;

static int32_t conv_add(const conv_epilogue_t* e, const int8_t* o, int32_t v) {
  const int32_t x = mlonmcu_add_requant_input1(&e->add, v);
  const int32_t y = mlonmcu_add_requant_input2(&e->add, e->skip[o - e->output]);
  return mlonmcu_add_requant_output(&e->add, (uint32_t)x + (uint32_t)y);
}

static inline __attribute__((always_inline)) void conv_store(const conv_epilogue_t* e, int8_t* o,
                                                             const mlonmcu_channel_requant_t* q,
                                                             uint32_t acc) {
  int32_t v = mlonmcu_channel_requant_apply(q, acc);
  if (e) v = e->apply(e, o, v);
  *o = (int8_t)v;
}

/* Grouped or column-dilated convolutions: every output through conv_window_sum. */
static inline __attribute__((always_inline)) void conv_s8_any(const mlonmcu_conv_s8_params_t* p, const conv_geometry_t* g,
                        int32_t batches, const int8_t* input, const int8_t* filter,
                        const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                        const int32_t* channel_multiplier, const int32_t* channel_shift,
                        const conv_epilogue_t* e) {
  const int32_t out_h = out_dims[1], out_w = out_dims[2], out_c = out_dims[3];
  const int32_t out_per_group = out_c / (g->in_c / g->k_c);
  const int32_t filter_size = g->k_h * g->k_w * g->k_c;
  int32_t b, oy, ox, oc;
  for (oc = 0; oc < out_c; ++oc) {
    const mlonmcu_channel_requant_t q = channel_requant(p, channel_multiplier, channel_shift, oc);
    const uint32_t base = bias ? (uint32_t)bias[oc] : 0u;
    const int32_t in_c0 = (oc / out_per_group) * g->k_c;
    for (b = 0; b < batches; ++b) {
      const int8_t* in_batch = input + b * g->in_h * g->in_w * g->in_c;
      int8_t* out = output + b * out_h * out_w * out_c + oc;
      for (oy = 0; oy < out_h; ++oy)
        for (ox = 0; ox < out_w; ++ox, out += out_c)
          conv_store(e, out, &q,
                     base + conv_window_sum(g, in_batch, filter + oc * filter_size, in_c0,
                                            oy * g->stride_h - g->pad_h,
                                            ox * g->stride_w - g->pad_w));
    }
  }
}

/* sum f*x for 2 pixels (xa, xb) x 2 channels (f0, f1) over `rows` window rows of `row_len`
 * contiguous bytes; input rows are `row_step` apart, filter rows `f_step` apart. Without
 * post-increment loads (RISC-V) the loop is unrolled by 4 so the pointer updates are paid once
 * per 16 multiply-adds; on Arm the plain loop is better (loads post-increment for free, and the
 * unrolled body runs out of registers) unless the DSP extension does 4 bytes per SMLAD pair. */
static inline void dot_2px_2ch(const int8_t* xa, const int8_t* xb, const int8_t* f0,
                               const int8_t* f1, int32_t rows, int32_t row_len, int32_t row_step,
                               int32_t f_step, uint32_t acc[4]) {
  uint32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    /* Row starts from the index, not by stepping past the last row, so no pointer is ever
     * formed beyond the input. */
    const int8_t* pa = xa + r * row_step;
    const int8_t* pb = xb + r * row_step;
    const int8_t* pw = f0 + r * f_step;
    const int8_t* pv = f1 + r * f_step;
#if MLONMCU_DSP
    for (i = row_len >> 2; i > 0; --i) {
      const uint32_t w = mlonmcu_load_u32(pw), v = mlonmcu_load_u32(pv);
      const uint32_t w02 = mlonmcu_sxtb16(w), w13 = mlonmcu_sxtb16_ror8(w);
      const uint32_t v02 = mlonmcu_sxtb16(v), v13 = mlonmcu_sxtb16_ror8(v);
      uint32_t x = mlonmcu_load_u32(pa), x02 = mlonmcu_sxtb16(x), x13 = mlonmcu_sxtb16_ror8(x);
      a0 = mlonmcu_smlad(x02, w02, a0), a0 = mlonmcu_smlad(x13, w13, a0);
      a1 = mlonmcu_smlad(x02, v02, a1), a1 = mlonmcu_smlad(x13, v13, a1);
      x = mlonmcu_load_u32(pb), x02 = mlonmcu_sxtb16(x), x13 = mlonmcu_sxtb16_ror8(x);
      b0 = mlonmcu_smlad(x02, w02, b0), b0 = mlonmcu_smlad(x13, w13, b0);
      b1 = mlonmcu_smlad(x02, v02, b1), b1 = mlonmcu_smlad(x13, v13, b1);
      pa += 4, pb += 4, pw += 4, pv += 4;
    }
    i = row_len & 3;
#elif !MLONMCU_POST_INCREMENT_LOADS
    for (i = row_len >> 2; i > 0; --i) {
      int32_t x, y, w, v;
      x = pa[0], y = pb[0], w = pw[0], v = pv[0];
      a0 += (uint32_t)(x * w), a1 += (uint32_t)(x * v), b0 += (uint32_t)(y * w), b1 += (uint32_t)(y * v);
      x = pa[1], y = pb[1], w = pw[1], v = pv[1];
      a0 += (uint32_t)(x * w), a1 += (uint32_t)(x * v), b0 += (uint32_t)(y * w), b1 += (uint32_t)(y * v);
      x = pa[2], y = pb[2], w = pw[2], v = pv[2];
      a0 += (uint32_t)(x * w), a1 += (uint32_t)(x * v), b0 += (uint32_t)(y * w), b1 += (uint32_t)(y * v);
      x = pa[3], y = pb[3], w = pw[3], v = pv[3];
      a0 += (uint32_t)(x * w), a1 += (uint32_t)(x * v), b0 += (uint32_t)(y * w), b1 += (uint32_t)(y * v);
      pa += 4, pb += 4, pw += 4, pv += 4;
    }
    i = row_len & 3;
#else
    i = row_len;
#endif
    for (; i > 0; --i) {
      const int32_t x = *pa++, y = *pb++, w = *pw++, v = *pv++;
      a0 += (uint32_t)(x * w), a1 += (uint32_t)(x * v), b0 += (uint32_t)(y * w), b1 += (uint32_t)(y * v);
    }
  }
  acc[0] = a0, acc[1] = a1, acc[2] = b0, acc[3] = b1;
}

/* sum f*x for 1 pixel x 2 channels: the odd pixel left at the end of a row, and the valid
 * part of a window on the border (then row_len < f_step). */
static inline void dot_1px_2ch(const int8_t* xa, const int8_t* f0, const int8_t* f1,
                               int32_t rows, int32_t row_len, int32_t row_step, int32_t f_step,
                               uint32_t acc[2]) {
  uint32_t a0 = acc[0], a1 = acc[1];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    const int8_t* pa = xa + r * row_step;
    const int8_t* pw = f0 + r * f_step;
    const int8_t* pv = f1 + r * f_step;
#if MLONMCU_DSP
    for (i = row_len >> 2; i > 0; --i) {
      const uint32_t x = mlonmcu_load_u32(pa), w = mlonmcu_load_u32(pw), v = mlonmcu_load_u32(pv);
      const uint32_t x02 = mlonmcu_sxtb16(x), x13 = mlonmcu_sxtb16_ror8(x);
      a0 = mlonmcu_smlad(x02, mlonmcu_sxtb16(w), a0), a0 = mlonmcu_smlad(x13, mlonmcu_sxtb16_ror8(w), a0);
      a1 = mlonmcu_smlad(x02, mlonmcu_sxtb16(v), a1), a1 = mlonmcu_smlad(x13, mlonmcu_sxtb16_ror8(v), a1);
      pa += 4, pw += 4, pv += 4;
    }
    i = row_len & 3;
#else
    for (i = row_len >> 1; i > 0; --i) {
      const int32_t x = pa[0], y = pa[1];
      a0 += (uint32_t)(x * pw[0]) + (uint32_t)(y * pw[1]);
      a1 += (uint32_t)(x * pv[0]) + (uint32_t)(y * pv[1]);
      pa += 2, pw += 2, pv += 2;
    }
    i = row_len & 1;
#endif
    for (; i > 0; --i) {
      const int32_t x = *pa++;
      a0 += (uint32_t)(x * *pw++);
      a1 += (uint32_t)(x * *pv++);
    }
  }
  acc[0] = a0, acc[1] = a1;
}

/* Windows with at most this many taps keep per-tap filter sums on the stack (2 channels), so a
 * border pixel costs a dot product over its valid taps plus a few adds for the input offset. */
#define CONV_MAX_TAPS 49
#define CONV_QUAD_MAX_TAPS 9

/* Per-tap sums of one channel's filter (taps in [ky][kx] order). */
static void tap_sums(const int8_t* f, int32_t taps, int32_t k_c, uint32_t* sums) {
  int32_t t, ic;
  for (t = 0; t < taps; ++t, f += k_c) {
    uint32_t s = 0;
    for (ic = 0; ic < k_c; ++ic) s += (uint32_t)(int32_t)f[ic];
    sums[t] = s;
  }
}

/* acc += sum over the valid taps of f * (x + input_offset) for 2 channels at one window
 * position that may overlap the padding: the product part runs through the fast dot product
 * over the valid rectangle (contiguous per row since dilation_w == 1), the offset part comes
 * from the per-tap filter sums. */
static inline __attribute__((always_inline)) void border_2ch(const conv_geometry_t* g, const int8_t* in_batch, const int8_t* f0,
                       const int8_t* f1, const uint32_t* sums0, const uint32_t* sums1,
                       int32_t in_y0, int32_t in_x0, uint32_t acc[2]) {
  int32_t ky_begin, ky_end, kx_begin, kx_end, ky, kx;
  uint32_t s0 = 0, s1 = 0;
  mlonmcu_window_taps(in_y0, g->dil_h, g->in_h, g->k_h, &ky_begin, &ky_end);
  mlonmcu_window_taps(in_x0, 1, g->in_w, g->k_w, &kx_begin, &kx_end);
  if (ky_begin == ky_end || kx_begin == kx_end) return;
  for (ky = ky_begin; ky < ky_end; ++ky)
    for (kx = kx_begin; kx < kx_end; ++kx) s0 += sums0[ky * g->k_w + kx], s1 += sums1[ky * g->k_w + kx];
  acc[0] += (uint32_t)g->input_offset * s0;
  acc[1] += (uint32_t)g->input_offset * s1;
  {
    const int32_t f_off = (ky_begin * g->k_w + kx_begin) * g->k_c;
    dot_1px_2ch(in_batch + ((in_y0 + ky_begin * g->dil_h) * g->in_w + in_x0 + kx_begin) * g->in_c,
                f0 + f_off, f1 + f_off, ky_end - ky_begin, (kx_end - kx_begin) * g->k_c,
                g->dil_h * g->in_w * g->in_c, g->k_w * g->k_c, acc);
  }
}

/* What stays fixed over the image for one pair of output channels (oc, oc1). An odd last
 * channel runs as a pair with itself (oc1 == oc); only one result is stored then. */
typedef struct {
  const int8_t* f[2];
  mlonmcu_channel_requant_t q[2];
  uint32_t bias[2], base[2];
  const uint32_t* sums[2]; /* per-tap filter sums, NULL when the layer needs none */
  int32_t second;          /* 1 when the second channel is stored */
} conv_pair_t;

/* Outputs of one channel pair at one border window position. */
static inline __attribute__((always_inline)) void border_output(
    const conv_geometry_t* g, const int8_t* in_batch, const conv_pair_t* c, int32_t in_y0,
    int32_t in_x0, int8_t* out, const conv_epilogue_t* e) {
  uint32_t acc[2];
  if (c->sums[0]) {
    acc[0] = c->bias[0], acc[1] = c->bias[1];
    border_2ch(g, in_batch, c->f[0], c->f[1], c->sums[0], c->sums[1], in_y0, in_x0, acc);
  } else {
    acc[0] = c->bias[0] + conv_window_sum(g, in_batch, c->f[0], 0, in_y0, in_x0);
    acc[1] = c->second ? c->bias[1] + conv_window_sum(g, in_batch, c->f[1], 0, in_y0, in_x0) : 0u;
  }
  conv_store(e, &out[0], &c->q[0], acc[0]);
  if (c->second) conv_store(e, &out[1], &c->q[1], acc[1]);
}

/* Border pixels are few: one out-of-line copy per kernel keeps the hot loops small. */
static void border_output_plain(const conv_geometry_t* g, const int8_t* in_batch,
                                const conv_pair_t* c, int32_t in_y0, int32_t in_x0, int8_t* out) {
  border_output(g, in_batch, c, in_y0, in_x0, out, NULL);
}
static void border_output_epilogue(const conv_geometry_t* g, const int8_t* in_batch,
                                   const conv_pair_t* c, int32_t in_y0, int32_t in_x0,
                                   int8_t* out, const conv_epilogue_t* e) {
  border_output(g, in_batch, c, in_y0, in_x0, out, e);
}

/* The border copy of the kernel copy being compiled (epilogue_copy is a constant there). */
static inline __attribute__((always_inline)) void border_pixel(
    const conv_geometry_t* g, const int8_t* in_batch, const conv_pair_t* c, int32_t in_y0,
    int32_t in_x0, int8_t* out, const conv_epilogue_t* e, int epilogue_copy) {
  if (epilogue_copy)
    border_output_epilogue(g, in_batch, c, in_y0, in_x0, out, e);
  else
    border_output_plain(g, in_batch, c, in_y0, in_x0, out);
}

/* One interior pixel of one channel pair (the odd pixel at the end of a row). */
static inline void interior_1px(const int8_t* x, const conv_pair_t* c, int32_t rows, int32_t row_len,
                         int32_t row_step, int8_t* out, const conv_epilogue_t* e) {
  uint32_t acc[2];
  acc[0] = c->base[0], acc[1] = c->base[1];
  dot_1px_2ch(x, c->f[0], c->f[1], rows, row_len, row_step, row_len, acc);
  conv_store(e, &out[0], &c->q[0], acc[0]);
  if (c->second) conv_store(e, &out[1], &c->q[1], acc[1]);
}

static uint32_t filter_sum(const int8_t* f, int32_t n) {
  uint32_t s = 0;
  int32_t i;
  for (i = 0; i < n; ++i) s += (uint32_t)(int32_t)f[i];
  return s;
}

/* Channel k (0 or 1) of a pair: weights, requantization, bias and the folded base. */
static inline void conv_channel_init(conv_pair_t* c, int32_t k, const mlonmcu_conv_s8_params_t* p,
                                     const conv_geometry_t* g, const int8_t* filter,
                                     const int32_t* bias, const int32_t* channel_multiplier,
                                     const int32_t* channel_shift, int32_t ch, int32_t taps,
                                     uint32_t* sums) {
  const int32_t filter_size = taps * g->in_c;
  c->f[k] = filter + ch * filter_size;
  c->q[k] = channel_requant(p, channel_multiplier, channel_shift, ch);
  c->bias[k] = bias ? (uint32_t)bias[ch] : 0u;
  c->base[k] = c->bias[k] + (uint32_t)g->input_offset * filter_sum(c->f[k], filter_size);
  c->sums[k] = sums;
  if (sums) tap_sums(c->f[k], taps, g->in_c, sums);
}

static inline __attribute__((always_inline)) void conv_pair_init(conv_pair_t* c, const mlonmcu_conv_s8_params_t* p,
                                  const conv_geometry_t* g, const int8_t* filter,
                                  const int32_t* bias, const int32_t* channel_multiplier,
                                  const int32_t* channel_shift, int32_t oc, int32_t out_c,
                                  int32_t taps, uint32_t* sum_storage) {
  const int32_t oc1 = oc + 1 < out_c ? oc + 1 : oc;
  c->second = oc1 != oc;
  conv_channel_init(c, 0, p, g, filter, bias, channel_multiplier, channel_shift, oc, taps,
                    sum_storage);
  conv_channel_init(c, 1, p, g, filter, bias, channel_multiplier, channel_shift, oc1, taps,
                    sum_storage ? sum_storage + taps : NULL);
}

/* The kernel; epilogue_copy (a constant) tells the copy that tests e at run time. */
static inline __attribute__((always_inline)) void conv2d_s8(
    const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4], const int8_t* input,
    const int32_t filter_dims[4], const int8_t* filter, const int32_t* bias,
    const int32_t out_dims[4], int8_t* output, const int32_t* channel_multiplier,
    const int32_t* channel_shift, const conv_epilogue_t* e, int epilogue_copy) {
  conv_geometry_t g;
  int32_t out_h = out_dims[1], out_w = out_dims[2];
  const int32_t out_c = out_dims[3];
  int32_t row_len, row_step, px_step, ox_lo, ox_hi, taps, has_border, b, oc, oy, ox;
  int32_t npairs = 1;
  g.in_h = in_dims[1], g.in_w = in_dims[2], g.in_c = in_dims[3];
  g.k_h = filter_dims[1], g.k_w = filter_dims[2], g.k_c = filter_dims[3];
  g.stride_h = p->stride_h, g.stride_w = p->stride_w;
  g.dil_h = p->dilation_h, g.dil_w = p->dilation_w;
  g.pad_h = p->pad_h, g.pad_w = p->pad_w;
  g.input_offset = p->input_offset;
  if (g.k_c != g.in_c || g.dil_w != 1) {
    conv_s8_any(p, &g, out_dims[0], input, filter, bias, out_dims, output, channel_multiplier,
                channel_shift, e);
    return;
  }
  /* An unpadded stride-1 1x1 convolution is a matrix multiply: one long row of pixels lets
   * the pixel pairs run across image rows. */
  if (g.k_h == 1 && g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 &&
      g.pad_w == 0 && g.in_h == out_h && g.in_w == out_w) {
    g.in_w *= g.in_h, g.in_h = 1;
    out_w = g.in_w, out_h = 1;
  }
  row_len = g.k_w * g.in_c;
  row_step = g.dil_h * g.in_w * g.in_c;
  px_step = g.stride_w * g.in_c;
  /* Output columns whose whole window lies inside the input. */
  ox_lo = (g.pad_w + g.stride_w - 1) / g.stride_w;
  ox_hi = g.in_w + g.pad_w - g.k_w >= 0 ? (g.in_w + g.pad_w - g.k_w) / g.stride_w + 1 : 0;
  if (ox_lo > out_w) ox_lo = out_w;
  if (ox_hi > out_w) ox_hi = out_w;
  if (ox_hi < ox_lo) ox_hi = ox_lo;
  taps = g.k_h * g.k_w;
  has_border = g.pad_h != 0 || g.pad_w != 0 || ox_lo != 0 || ox_hi != out_w ||
               (out_h - 1) * g.stride_h + (g.k_h - 1) * g.dil_h >= g.in_h;

  for (oc = 0; oc < out_c; oc += 2 * npairs) {
    conv_pair_t pairs[CONV_QUAD ? 2 : 1];
    int32_t k;
    /* Per-tap sums for border pixels; unpadded layers never read them. Two pairs of channels
     * run at once only for small windows (or no border), so the second pair's sums take
     * CONV_QUAD_MAX_TAPS taps of stack, not CONV_MAX_TAPS. */
    uint32_t sums[2 * CONV_MAX_TAPS];
#if CONV_QUAD
    uint32_t quad_sums[2 * CONV_QUAD_MAX_TAPS];
#endif
    const int need_sums = taps <= CONV_MAX_TAPS && has_border;
    npairs = CONV_QUAD && oc + 4 <= out_c && (taps <= CONV_QUAD_MAX_TAPS || !need_sums) ? 2 : 1;
    conv_pair_init(&pairs[0], p, &g, filter, bias, channel_multiplier, channel_shift, oc, out_c,
                   taps, need_sums ? sums : NULL);
#if CONV_QUAD
    if (npairs == 2)
      conv_pair_init(&pairs[1], p, &g, filter, bias, channel_multiplier, channel_shift, oc + 2,
                     out_c, taps, need_sums ? quad_sums : NULL);
#endif
    for (b = 0; b < out_dims[0]; ++b) {
      const int8_t* in_batch = input + b * g.in_h * g.in_w * g.in_c;
      for (oy = 0; oy < out_h; ++oy) {
        const int32_t in_y0 = oy * g.stride_h - g.pad_h;
        const int inside_rows = in_y0 >= 0 && in_y0 + (g.k_h - 1) * g.dil_h < g.in_h;
        int8_t* out = output + ((b * out_h + oy) * out_w) * out_c + oc;
        ox = 0;
        if (inside_rows) {
          const int32_t row_start = (in_y0 * g.in_w - g.pad_w) * g.in_c; /* pixel ox: + ox * px_step */
          for (; ox < ox_lo; ++ox, out += out_c)
            for (k = 0; k < npairs; ++k)
              border_pixel(&g, in_batch, &pairs[k], in_y0, ox * g.stride_w - g.pad_w, out + 2 * k, e,
                           epilogue_copy);
#if CONV_QUAD
          if (npairs == 2) {
            const int8_t* const fq[4] = {pairs[0].f[0], pairs[0].f[1], pairs[1].f[0], pairs[1].f[1]};
            for (; ox + 1 < ox_hi; ox += 2, out += 2 * out_c) {
              const int8_t* xa = in_batch + row_start + ox * px_step;
              uint32_t acc[8];
              int32_t j;
              acc[0] = acc[4] = pairs[0].base[0], acc[1] = acc[5] = pairs[0].base[1];
              acc[2] = acc[6] = pairs[1].base[0], acc[3] = acc[7] = pairs[1].base[1];
              dot_2px_4ch(xa, xa + px_step, fq, g.k_h, row_len, row_step, row_len, acc);
              for (j = 0; j < 4; ++j) {
                const mlonmcu_channel_requant_t* q = &pairs[j >> 1].q[j & 1];
                conv_store(e, &out[j], q, acc[j]);
                conv_store(e, &out[out_c + j], q, acc[4 + j]);
              }
            }
          }
#endif
#if CONV_TRIPLE
          for (; ox + 2 < ox_hi; ox += 3, out += 3 * out_c) {
            const conv_pair_t* c = &pairs[0];
            const int8_t* xa = in_batch + row_start + ox * px_step;
            const int8_t* const x3[3] = {xa, xa + px_step, xa + 2 * px_step};
            uint32_t acc[6];
            int32_t j;
            acc[0] = acc[2] = acc[4] = c->base[0], acc[1] = acc[3] = acc[5] = c->base[1];
            dot_3px_2ch(x3, c->f[0], c->f[1], g.k_h, row_len, row_step, row_len, acc);
            for (j = 0; j < 3; ++j) {
              conv_store(e, &out[j * out_c], &c->q[0], acc[2 * j]);
              if (c->second) conv_store(e, &out[j * out_c + 1], &c->q[1], acc[2 * j + 1]);
            }
          }
#endif
          for (; ox + 1 < ox_hi; ox += 2, out += 2 * out_c) {
            const conv_pair_t* c = &pairs[0];
            const int8_t* xa = in_batch + row_start + ox * px_step;
            uint32_t acc[4];
            acc[0] = c->base[0], acc[1] = c->base[1], acc[2] = c->base[0], acc[3] = c->base[1];
            dot_2px_2ch(xa, xa + px_step, c->f[0], c->f[1], g.k_h, row_len, row_step, row_len, acc);
            conv_store(e, &out[0], &c->q[0], acc[0]);
            conv_store(e, &out[out_c], &c->q[0], acc[2]);
            if (c->second) {
              conv_store(e, &out[1], &c->q[1], acc[1]);
              conv_store(e, &out[out_c + 1], &c->q[1], acc[3]);
            }
          }
          if (ox < ox_hi) {
            for (k = 0; k < npairs; ++k)
              interior_1px(in_batch + row_start + ox * px_step, &pairs[k], g.k_h, row_len,
                           row_step, out + 2 * k, e);
            ++ox, out += out_c;
          }
        }
        for (; ox < out_w; ++ox, out += out_c)
          for (k = 0; k < npairs; ++k)
            border_pixel(&g, in_batch, &pairs[k], in_y0, ox * g.stride_w - g.pad_w, out + 2 * k, e,
                           epilogue_copy);
      }
    }
  }
}

void mlonmcu_conv2d_s8(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                       const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                       const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                       const int32_t* channel_multiplier, const int32_t* channel_shift) {
  conv2d_s8(p, in_dims, input, filter_dims, filter, bias, out_dims, output, channel_multiplier,
            channel_shift, NULL, 0);
}

/* The copy with the epilogue tested at run time. */
static __attribute__((noinline)) void conv2d_s8_epilogue(const mlonmcu_conv_s8_params_t* p, const int32_t in_dims[4],
                               const int8_t* input, const int32_t filter_dims[4],
                               const int8_t* filter, const int32_t* bias,
                               const int32_t out_dims[4], int8_t* output,
                               const int32_t* channel_multiplier, const int32_t* channel_shift,
                               const conv_epilogue_t* e) {
  conv2d_s8(p, in_dims, input, filter_dims, filter, bias, out_dims, output, channel_multiplier,
            channel_shift, e, 1);
}

void mlonmcu_conv2d_add_s8(const mlonmcu_conv_add_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t filter_dims[4],
                           const int8_t* filter, const int32_t* bias, const int32_t out_dims[4],
                           int8_t* output, const int32_t* channel_multiplier,
                           const int32_t* channel_shift, const int8_t* skip) {
  conv_epilogue_t e;
  if (skip) {
    e.add = mlonmcu_add_requant_make(&p->add);
    e.skip = skip;
    e.output = output;
    e.apply = conv_add;
  }
  conv2d_s8_epilogue(&p->conv, in_dims, input, filter_dims, filter, bias, out_dims, output,
                     channel_multiplier, channel_shift, skip ? &e : NULL);
}
