/* Internal: DEPTHWISE_CONV_2D (depth multiplier 1) in plain C for cores without SIMD (RISC-V,
 * Cortex-M0/M3, the host), one channel at a time: a strip of the channel's input rows is
 * gathered into a contiguous plane (its padding written once per strip for all channels), so every window reads bytes at fixed
 * offsets from a few row pointers and the channel's weights, bias and requantization stay in
 * registers for the whole strip. 3x3 windows at stride 1 slide (each output loads its window's
 * new column only) and at stride 2 load two new columns; the requantization is a second pass
 * over the strip's sums (together they need more registers than rv32 has), stored with the
 * channel stride. */
#ifndef MLONMCU_KERNELS_ISA_DW_PLANE_PORTABLE_H_
#define MLONMCU_KERNELS_ISA_DW_PLANE_PORTABLE_H_

#include "../kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/conv.h"

/* Bytes of the gathered plane and sums of one strip, on the stack. */
#define MLONMCU_DW_PLANE_BYTES 4096
#define MLONMCU_DW_PLANE_SUMS 512

typedef struct {
  int32_t ch, in_h, in_w;
  int32_t k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_h, pad_w;
  int32_t out_h, out_w;
  int32_t cols; /* plane row: the span of one output row's windows */
  int8_t zp;    /* input zero point: the padding */
} mlonmcu_dw_plane_t;

/* Columns [lo, hi) of the plane hold input columns lo - pad_w ...; the rest is padding. */
static void mlonmcu_dw_columns(const mlonmcu_dw_plane_t* g, int32_t* lo, int32_t* hi) {
  *lo = g->pad_w < g->cols ? g->pad_w : g->cols;
  *hi = g->pad_w + g->in_w < g->cols ? g->pad_w + g->in_w : g->cols;
  if (*hi < *lo) *hi = *lo;
}

/* The padding of plane rows [0, rows) = input rows y0 + r: the same for every channel. */
static void mlonmcu_dw_pad(const mlonmcu_dw_plane_t* g, int32_t y0, int32_t rows, int8_t* plane) {
  int32_t r, lo, hi;
  mlonmcu_dw_columns(g, &lo, &hi);
  for (r = 0; r < rows; ++r, plane += g->cols) {
    const int32_t iy = y0 + r;
    if (iy < 0 || iy >= g->in_h || hi == lo) {
      mlonmcu_fill_bytes(plane, g->zp, g->cols);
    } else {
      mlonmcu_fill_bytes(plane, g->zp, lo);
      mlonmcu_fill_bytes(plane + hi, g->zp, g->cols - hi);
    }
  }
}

/* The input values of plane rows [0, rows) = input rows y0 + r of channel `in` (its first
 * element; elements ch apart). */
static void mlonmcu_dw_gather(const mlonmcu_dw_plane_t* g, const int8_t* in, int32_t y0,
                              int32_t rows, int8_t* plane) {
  const int32_t ch = g->ch;
  int32_t r, lo, hi;
  mlonmcu_dw_columns(g, &lo, &hi);
  for (r = 0; r < rows; ++r, plane += g->cols) {
    const int32_t iy = y0 + r;
    const int8_t* src = in + (iy * g->in_w + lo - g->pad_w) * ch;
    int8_t* dst = plane + lo;
    int8_t* end = plane + hi;
    if (iy < 0 || iy >= g->in_h) continue;
    for (; end - dst >= 4; dst += 4, src += 4 * ch) {
      const int8_t a = src[0], b = src[ch], c = src[2 * ch], d = src[3 * ch];
      dst[0] = a, dst[1] = b, dst[2] = c, dst[3] = d;
    }
    for (; dst != end; ++dst, src += ch) *dst = *src;
  }
}

/* sums[r * n + ox] = bias + the 3x3 window at plane row pointer p + r * row_step (window rows
 * `pitch` apart), columns ox ... ox + 2, for r < rows, ox < n: each output loads its window's
 * new column. */
static MLONMCU_NOINLINE void mlonmcu_dw_plane_3x3_s1(const int8_t* p, int32_t pitch,
                                                     int32_t row_step, int32_t rows,
                                                     const int32_t* w, uint32_t bias, int32_t n,
                                                     uint32_t* sums) {
  const int32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
  const int32_t w6 = w[6], w7 = w[7], w8 = w[8];
  for (; rows > 0; --rows, p += row_step) {
    const int8_t* r0 = p;
    const int8_t* r1 = p + pitch;
    const int8_t* r2 = p + 2 * pitch;
    int32_t a0 = r0[0], b0 = r1[0], c0 = r2[0], a1 = r0[1], b1 = r1[1], c1 = r2[1];
    int32_t a2, b2, c2, k = n;
    /* The window with columns (x, y, z) at offset i from the row pointers; the next output's
     * window shares y and z. */
#define MLONMCU_DW_PLANE_STEP(i, ax, bx, cx, ay, by, cy, az, bz, cz)                          \
  do {                                                                                        \
    az = r0[(i) + 2], bz = r1[(i) + 2], cz = r2[(i) + 2];                                     \
    sums[i] = bias + (uint32_t)(w0 * ax + w1 * ay + w2 * az) +                                \
              (uint32_t)(w3 * bx + w4 * by + w5 * bz) + (uint32_t)(w6 * cx + w7 * cy + w8 * cz); \
  } while (0)
    /* Three outputs per pass, the column registers rotating, so no value is moved. */
    for (; k >= 3; k -= 3, r0 += 3, r1 += 3, r2 += 3, sums += 3) {
      MLONMCU_DW_PLANE_STEP(0, a0, b0, c0, a1, b1, c1, a2, b2, c2);
      MLONMCU_DW_PLANE_STEP(1, a1, b1, c1, a2, b2, c2, a0, b0, c0);
      MLONMCU_DW_PLANE_STEP(2, a2, b2, c2, a0, b0, c0, a1, b1, c1);
    }
    if (k > 0) MLONMCU_DW_PLANE_STEP(0, a0, b0, c0, a1, b1, c1, a2, b2, c2);
    if (k > 1) MLONMCU_DW_PLANE_STEP(1, a1, b1, c1, a2, b2, c2, a0, b0, c0);
    sums += k;
#undef MLONMCU_DW_PLANE_STEP
  }
}

/* As mlonmcu_dw_plane_3x3_s1 for stride 2: windows two columns apart share one column. */
static MLONMCU_NOINLINE void mlonmcu_dw_plane_3x3_s2(const int8_t* p, int32_t pitch,
                                                     int32_t row_step, int32_t rows,
                                                     const int32_t* w, uint32_t bias, int32_t n,
                                                     uint32_t* sums) {
  const int32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
  const int32_t w6 = w[6], w7 = w[7], w8 = w[8];
  for (; rows > 0; --rows, p += row_step) {
    const int8_t* r0 = p;
    const int8_t* r1 = p + pitch;
    const int8_t* r2 = p + 2 * pitch;
    int32_t a = r0[0], b = r1[0], c = r2[0];
    const uint32_t* end = sums + n;
    for (; sums != end; ++sums, r0 += 2, r1 += 2, r2 += 2) {
      const int32_t a1 = r0[1], b1 = r1[1], c1 = r2[1];
      const int32_t a2 = r0[2], b2 = r1[2], c2 = r2[2];
      *sums = bias + (uint32_t)(w0 * a + w1 * a1 + w2 * a2) +
              (uint32_t)(w3 * b + w4 * b1 + w5 * b2) + (uint32_t)(w6 * c + w7 * c1 + w8 * c2);
      a = a2, b = b2, c = c2;
    }
  }
}

/* Any window: sums[ox] for ox < n at plane row pointer p. */
static void mlonmcu_dw_plane_any(const mlonmcu_dw_plane_t* g, const int8_t* p, const int32_t* w,
                                 uint32_t bias, int32_t n, uint32_t* sums) {
  int32_t ox, ky, kx;
  for (ox = 0; ox < n; ++ox, p += g->stride_w) {
    uint32_t acc = bias;
    for (ky = 0; ky < g->k_h; ++ky) {
      const int8_t* x = p + ky * g->dil_h * g->cols;
      for (kx = 0; kx < g->k_w; ++kx) acc += (uint32_t)(w[ky * g->k_w + kx] * x[kx * g->dil_w]);
    }
    sums[ox] = acc;
  }
}

/* The short forms' loop of mlonmcu_dw_plane_store, two outputs per pass (the loop's pointer
 * steps and branch shared); zp_after: 0 in form 1 (the zero point is in round). */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dw_store_short(const uint32_t* sums, int32_t n,
                                                     uint32_t m2, uint32_t round, int32_t rs,
                                                     int32_t zp_after, int32_t lo, int32_t hi,
                                                     int32_t ch, int8_t* out) {
  const uint32_t* end = sums + (n & ~1);
  int32_t v, u;
  for (; sums != end; sums += 2, out += 2 * ch) {
    v = mlonmcu_short_requant_m2(sums[0], m2, round, rs) + zp_after;
    u = mlonmcu_short_requant_m2(sums[1], m2, round, rs) + zp_after;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    if (u < lo) u = lo;
    if (u > hi) u = hi;
    out[0] = (int8_t)v, out[ch] = (int8_t)u;
  }
  if (n & 1) {
    v = mlonmcu_short_requant_m2(*sums, m2, round, rs) + zp_after;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    *out = (int8_t)v;
  }
}

/* out[i * ch] = requantized sums[i], i < n; `form` the layer's short_requant. */
static MLONMCU_NOINLINE void mlonmcu_dw_plane_store(const uint32_t* sums, int32_t n,
                                                    const mlonmcu_requant_entry_t* q, int32_t form,
                                                    int32_t output_offset, int32_t lo, int32_t hi,
                                                    int32_t ch, int8_t* out) {
  const mlonmcu_requant_entry_t rq = *q;
  const uint32_t* end = sums + n;
  const uint32_t m2 = (uint32_t)rq.multiplier << 1, round = (uint32_t)rq.round;
  if (form == 1) {
    mlonmcu_dw_store_short(sums, n, m2, round, rq.rs, 0, lo, hi, ch, out);
    return;
  }
  if (form == 2) {
    mlonmcu_dw_store_short(sums, n, m2, round, rq.rs, output_offset, lo, hi, ch, out);
    return;
  }
  for (; sums != end; ++sums, out += ch)
    *out = mlonmcu_requant_entry_apply(&rq, (int32_t)*sums, form, output_offset, lo, hi);
}

/* Output rows per strip (at least 1), or 0 when not even one output row's plane fits. */
static int32_t mlonmcu_dw_strip_rows(const mlonmcu_dw_plane_t* g) {
  const int32_t span_h = (g->k_h - 1) * g->dil_h + 1;
  const int32_t plane_rows = g->cols > 0 ? MLONMCU_DW_PLANE_BYTES / g->cols : 0;
  int32_t rows = plane_rows < span_h ? 0 : (plane_rows - span_h) / g->stride_h + 1;
  if (g->out_w > 0 && rows > MLONMCU_DW_PLANE_SUMS / g->out_w) rows = MLONMCU_DW_PLANE_SUMS / g->out_w;
  return rows < g->out_h ? rows : g->out_h;
}

/* The whole layer (one batch) by strips and channels; strip_rows from mlonmcu_dw_strip_rows.
 * A strip's padding is written once for all its channels. */
static void mlonmcu_dw_planes(const mlonmcu_dw_plane_t* g, int32_t strip_rows, const int8_t* in,
                              const int8_t* filter, const int32_t* folded_bias,
                              const mlonmcu_requant_entry_t* requant, int32_t form,
                              int32_t output_offset, int32_t act_min, int32_t act_max,
                              int8_t* out) {
  const int32_t ch = g->ch, taps = g->k_h * g->k_w;
  const int three = g->k_h == 3 && g->k_w == 3 && g->dil_h == 1 && g->dil_w == 1;
  const int32_t row_step = g->stride_h * g->cols;
  int8_t plane[MLONMCU_DW_PLANE_BYTES];
  uint32_t sums[MLONMCU_DW_PLANE_SUMS];
  int32_t w[MLONMCU_DW_MAX_TAPS];
  int32_t c, t, oy0, r;
  for (oy0 = 0; oy0 < g->out_h; oy0 += strip_rows) {
    const int32_t rows = g->out_h - oy0 < strip_rows ? g->out_h - oy0 : strip_rows;
    const int32_t in_rows = (rows - 1) * g->stride_h + (g->k_h - 1) * g->dil_h + 1;
    const int32_t y0 = oy0 * g->stride_h - g->pad_h;
    mlonmcu_dw_pad(g, y0, in_rows, plane);
    for (c = 0; c < ch; ++c) {
      const uint32_t bias = (uint32_t)folded_bias[c];
      for (t = 0; t < taps; ++t) w[t] = filter[t * ch + c];
      mlonmcu_dw_gather(g, in + c, y0, in_rows, plane);
      if (three && g->stride_w == 1) {
        mlonmcu_dw_plane_3x3_s1(plane, g->cols, row_step, rows, w, bias, g->out_w, sums);
      } else if (three && g->stride_w == 2) {
        mlonmcu_dw_plane_3x3_s2(plane, g->cols, row_step, rows, w, bias, g->out_w, sums);
      } else {
        for (r = 0; r < rows; ++r)
          mlonmcu_dw_plane_any(g, plane + r * row_step, w, bias, g->out_w, sums + r * g->out_w);
      }
      mlonmcu_dw_plane_store(sums, rows * g->out_w, &requant[c], form, output_offset, act_min,
                             act_max, ch, out + oy0 * g->out_w * ch + c);
    }
  }
}

#endif /* MLONMCU_KERNELS_ISA_DW_PLANE_PORTABLE_H_ */
