/* Internal: the depthwise row kernel in plain C (RISC-V, Cortex-M0/M3, the host), one channel at
 * a time so its weights, bias and requantization stay in registers along the row. 3x3 windows at
 * stride 1 slide: each output loads only its window's new column (3 bytes), the other 6 values
 * are the previous outputs', and the short requantization runs as a second pass over the row
 * without per-output tests. */
#ifndef MLONMCU_KERNELS_ISA_DW_ROW_PORTABLE_H_
#define MLONMCU_KERNELS_ISA_DW_ROW_PORTABLE_H_

#include "../dw_row.h"
#include "../kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"

/* One channel of a 3x3, stride-1 row: rows r0..r2 at its first window column, columns `col`
 * bytes apart; acc[ox] = bias + the window's sum. The requantization is a separate pass
 * (mlonmcu_dw_requant_row): together they need more registers than rv32 has. */
static MLONMCU_NOINLINE void mlonmcu_dw_slide_3x3(const int8_t* r0, const int8_t* r1,
                                                  const int8_t* r2, int32_t col, const int32_t* w,
                                                  uint32_t bias, int32_t n, uint32_t* acc) {
  const int32_t w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5];
  const int32_t w6 = w[6], w7 = w[7], w8 = w[8];
  int32_t a0 = r0[0], b0 = r1[0], c0 = r2[0], a1 = r0[col], b1 = r1[col], c1 = r2[col];
  int32_t a2, b2, c2;
  r0 += 2 * col, r1 += 2 * col, r2 += 2 * col;
  /* The window with columns (x, y, z); the next output's window shares y and z. */
#define MLONMCU_DW_SLIDE(ax, bx, cx, ay, by, cy, az, bz, cz)                                  \
  do {                                                                                        \
    az = *r0, bz = *r1, cz = *r2;                                                             \
    r0 += col, r1 += col, r2 += col;                                                          \
    *acc++ = bias + (uint32_t)(w0 * ax + w1 * ay + w2 * az) +                                \
             (uint32_t)(w3 * bx + w4 * by + w5 * bz) + (uint32_t)(w6 * cx + w7 * cy + w8 * cz); \
  } while (0)
  /* Three outputs per pass, the column registers rotating, so no value is moved. */
  for (; n >= 3; n -= 3) {
    MLONMCU_DW_SLIDE(a0, b0, c0, a1, b1, c1, a2, b2, c2);
    MLONMCU_DW_SLIDE(a1, b1, c1, a2, b2, c2, a0, b0, c0);
    MLONMCU_DW_SLIDE(a2, b2, c2, a0, b0, c0, a1, b1, c1);
  }
  if (n > 0) MLONMCU_DW_SLIDE(a0, b0, c0, a1, b1, c1, a2, b2, c2);
  if (n > 1) MLONMCU_DW_SLIDE(a1, b1, c1, a2, b2, c2, a0, b0, c0);
#undef MLONMCU_DW_SLIDE
}

/* out[ox * ch] = short requantization (form 1 or 2: zp_after) of acc[ox]. */
static MLONMCU_NOINLINE void mlonmcu_dw_requant_row(const uint32_t* acc, int32_t n,
                                                    const mlonmcu_requant_entry_t* q,
                                                    int32_t zp_after, int32_t lo, int32_t hi,
                                                    int32_t ch, int8_t* out) {
  const mlonmcu_requant_entry_t rq = *q;
  const uint32_t* end = acc + n;
  for (; acc != end; ++acc, out += ch) {
    int32_t v = mlonmcu_short_requant(&rq, (int32_t)*acc) + zp_after;
    v = v < lo ? lo : v;
    *out = (int8_t)(v > hi ? hi : v);
  }
}

static MLONMCU_NOINLINE void mlonmcu_dw_row_portable(const mlonmcu_dw_row_t* r,
                                                     const int8_t* band, int8_t* out) {
  const int32_t ch = r->channels, taps = r->k_h * r->k_w;
  const int32_t col = r->dil_w * ch, step = r->stride_w * ch;
  const int short_form = r->short_requant == 1 || r->short_requant == 2;
  const int32_t zp_after = r->short_requant == 2 ? r->output_offset : 0;
  uint32_t accs[r->out_w > 0 ? r->out_w : 1];
  int32_t c, ox, ky, kx, t;
  for (c = 0; c < ch; ++c) {
    const mlonmcu_requant_entry_t q = r->requant[c];
    const int8_t* f = r->filter + c;
    const int8_t* x0 = band + c;
    int8_t* o = out + c;
    if (taps == 9 && r->k_w == 3 && short_form && step == col) {
      int32_t w[9];
      for (t = 0; t < 9; ++t) w[t] = f[t * ch];
      mlonmcu_dw_slide_3x3(x0, x0 + r->band_row, x0 + 2 * r->band_row, col, w,
                           (uint32_t)r->bias[c], r->out_w, accs);
      mlonmcu_dw_requant_row(accs, r->out_w, &q, zp_after, r->act_min, r->act_max, ch, o);
      continue;
    }
    if (taps == 9 && r->k_w == 3) {
      /* Other 3x3 rows (stride 2): weights in locals. */
      const int32_t w0 = f[0], w1 = f[ch], w2 = f[2 * ch], w3 = f[3 * ch], w4 = f[4 * ch];
      const int32_t w5 = f[5 * ch], w6 = f[6 * ch], w7 = f[7 * ch], w8 = f[8 * ch];
      const int32_t rs = r->band_row;
      for (ox = 0; ox < r->out_w; ++ox, x0 += step, o += ch) {
        const int8_t* a = x0;
        const int8_t* b = x0 + rs;
        const int8_t* d = b + rs;
        uint32_t acc = (uint32_t)r->bias[c];
        acc += (uint32_t)(w0 * a[0] + w1 * a[col] + w2 * a[2 * col]);
        acc += (uint32_t)(w3 * b[0] + w4 * b[col] + w5 * b[2 * col]);
        acc += (uint32_t)(w6 * d[0] + w7 * d[col] + w8 * d[2 * col]);
        *o = mlonmcu_requant_entry_apply(&q, (int32_t)acc, r->short_requant, r->output_offset,
                                         r->act_min, r->act_max);
      }
      continue;
    }
    for (ox = 0; ox < r->out_w; ++ox, x0 += step, o += ch) {
      uint32_t acc = (uint32_t)r->bias[c];
      for (ky = 0; ky < r->k_h; ++ky) {
        const int8_t* x = x0 + ky * r->band_row;
        const int8_t* w = f + ky * r->k_w * ch;
        for (kx = 0; kx < r->k_w; ++kx) acc += (uint32_t)((int32_t)w[kx * ch] * x[kx * col]);
      }
      *o = mlonmcu_requant_entry_apply(&q, (int32_t)acc, r->short_requant, r->output_offset,
                                       r->act_min, r->act_max);
    }
  }
}

/* One loop for every variant: it tests the requantization form itself. */
static MLONMCU_ALWAYS_INLINE void dw_row_isa(const mlonmcu_dw_row_t* r, const int8_t* band,
                                             int8_t* out, int variant) {
  (void)variant;
  mlonmcu_dw_row_portable(r, band, out);
}

#endif /* MLONMCU_KERNELS_ISA_DW_ROW_PORTABLE_H_ */
