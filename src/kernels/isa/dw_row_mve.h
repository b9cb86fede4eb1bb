/* Internal: the depthwise row kernel for Cortex-M55 Helium. 8 channels per pass as int16
 * lanes: a tap loads 8 input bytes and the 8 channels' weights (widened once per row into a
 * small table), VMULLB / VMULLT multiply the even and odd lanes into 32-bit products, which
 * add to two accumulators (even and odd channels). Requantization runs on 4 channels at once
 * (mve_requant.h); the outputs are stored with a stride of 2 channels. */
#ifndef MLONMCU_KERNELS_ISA_DW_ROW_MVE_H_
#define MLONMCU_KERNELS_ISA_DW_ROW_MVE_H_

#include <arm_mve.h>

#include "../dw_row.h"
#include "../kernel_util.h"
#include "mlonmcu/kernels/conv.h"
#include "mve_requant.h"

/* The even and odd channels' sums of one output requantized (`shrt`: the short form). */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dw_requant_pair(
    const mlonmcu_dw_row_t* r, const mlonmcu_mve_requant_t* rq, const mlonmcu_mve_channels_t* ce,
    const mlonmcu_mve_channels_t* co, int shrt, int full_range, int32x4_t* e, int32x4_t* o) {
  if (shrt) {
    *e = mlonmcu_mve_requant_short_lean(*e, ce->m, ce->nrs, r->output_offset, full_range,
                                        r->act_min, r->act_max);
    *o = mlonmcu_mve_requant_short_lean(*o, co->m, co->nrs, r->output_offset, full_range,
                                        r->act_min, r->act_max);
  } else {
    *e = mlonmcu_mve_requant(rq, ce, *e);
    *o = mlonmcu_mve_requant(rq, co, *o);
  }
}

/* Two outputs one tap apart (stride = dilation) of a 3-tap-wide window, 8 channels: per window
 * row 4 column loads serve both outputs (the second output's taps are the first's shifted by
 * one), 3 weight loads from the widened table and 12 VMULL + VADD pairs. Assembly: GCC spills
 * and recomputes the column addresses of the same loop written with intrinsics. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dw_slide3_pair(const int8_t* x, int32_t col,
                                                         int32_t band_row, const int16x8_t* wt,
                                                         int32_t rows, int32x4_t* ae,
                                                         int32x4_t* ao, int32x4_t* be,
                                                         int32x4_t* bo) {
  int32x4_t a0 = *ae, a1 = *ao, b0 = *be, b1 = *bo, t;
  int16x8_t w, u;
  const int8_t* q;
#define MLONMCU_DW_MAC(acc_lo, acc_hi)                                    \
  "vmullb.s16 %q[t], %q[u], %q[w]\n vadd.i32 %q[" #acc_lo "], %q[" #acc_lo "], %q[t]\n" \
  "vmullt.s16 %q[t], %q[u], %q[w]\n vadd.i32 %q[" #acc_hi "], %q[" #acc_hi "], %q[t]\n"
  __asm__ volatile(
      "1:\n"
      "mov %[q], %[x]\n"
      "vldrw.32 %q[w], [%[wt]], #16\n"
      "vldrb.s16 %q[u], [%[q]]\n add %[q], %[q], %[col]\n"
      MLONMCU_DW_MAC(a0, a1)
      "vldrb.s16 %q[u], [%[q]]\n add %[q], %[q], %[col]\n"
      MLONMCU_DW_MAC(b0, b1)
      "vldrw.32 %q[w], [%[wt]], #16\n"
      MLONMCU_DW_MAC(a0, a1)
      "vldrb.s16 %q[u], [%[q]]\n add %[q], %[q], %[col]\n"
      MLONMCU_DW_MAC(b0, b1)
      "vldrw.32 %q[w], [%[wt]], #16\n"
      MLONMCU_DW_MAC(a0, a1)
      "vldrb.s16 %q[u], [%[q]]\n"
      MLONMCU_DW_MAC(b0, b1)
      "add %[x], %[x], %[brow]\n"
      "subs %[rows], %[rows], #1\n"
      "bne 1b\n"
      : [a0] "+w"(a0), [a1] "+w"(a1), [b0] "+w"(b0), [b1] "+w"(b1), [t] "=&w"(t), [w] "=&w"(w),
        [u] "=&w"(u), [q] "=&l"(q), [x] "+r"(x), [wt] "+r"(wt), [rows] "+r"(rows)
      : [col] "r"(col), [brow] "r"(band_row)
      : "memory", "cc");
#undef MLONMCU_DW_MAC
  *ae = a0, *ao = a1, *be = b0, *bo = b1;
}

/* Channels c .. c + n - 1 (n <= 8) of every output of the row. As constants, `full` (n == 8)
 * drops the predication of loads and stores (a VPST each) and `shrt` the general
 * requantization's extra steps. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dw_octet(const mlonmcu_dw_row_t* r, const int8_t* band,
                                                   int32_t c, int32_t n, int8_t* out, int full,
                                                   int shrt, int full_range, int slide3) {
  static const uint32_t even_offsets[4] = {0, 2, 4, 6};
  const int32_t ch = r->channels, step = r->stride_w * ch, taps = r->k_h * r->k_w;
  const int32_t col = r->dil_w * ch, row_jump = r->band_row - r->k_w * col;
  const mve_pred16_t p16 = vctp16q((uint32_t)n);
  const mve_pred16_t p_even = vctp32q((uint32_t)((n + 1) >> 1));
  const mve_pred16_t p_odd = vctp32q((uint32_t)(n >> 1));
  const uint32x4_t offs = vld1q_u32(even_offsets);
  const mlonmcu_mve_requant_t rq =
      mlonmcu_mve_requant_make(r->output_offset, r->act_min, r->act_max);
  mlonmcu_mve_channels_t ce, co;
  int16x8_t w[MLONMCU_DW_MAX_TAPS];
  int32x4_t bias_e, bias_o;
  int32_t t, ox, ky, kx;
  ce = mlonmcu_mve_channels_from(r->requant + c, (n + 1) >> 1, 2);
  co = mlonmcu_mve_channels_from(r->requant + c + 1, n >> 1, 2);
  bias_e = vldrwq_gather_offset_z_s32(r->bias + c, vshlq_n_u32(offs, 2), p_even);
  bias_o = vldrwq_gather_offset_z_s32(r->bias + c + 1, vshlq_n_u32(offs, 2), p_odd);
  for (t = 0; t < taps; ++t) w[t] = vldrbq_z_s16(r->filter + t * ch + c, p16);
  for (ox = 0; ox < r->out_w; ++ox, band += step, out += ch) {
    const int8_t* x = band + c;
    const int16x8_t* wt = w;
    int32x4_t ae = bias_e, ao = bias_o;
    if (full && ox + 1 < r->out_w) {
      /* Two outputs at once: each tap's weights loaded once for both. */
      const int8_t* y = x + step;
      int32x4_t be = bias_e, bo = bias_o;
      if (slide3)
        mlonmcu_dw_slide3_pair(x, col, r->band_row, wt, r->k_h, &ae, &ao, &be, &bo);
      else
      for (ky = 0; ky < r->k_h; ++ky, x += row_jump, y += row_jump)
        for (kx = 0; kx < r->k_w; ++kx, x += col, y += col, ++wt) {
          const int16x8_t wv = *wt, u = vldrbq_s16(x), v = vldrbq_s16(y);
          ae = vaddq_s32(ae, vmullbq_int_s16(u, wv));
          ao = vaddq_s32(ao, vmulltq_int_s16(u, wv));
          be = vaddq_s32(be, vmullbq_int_s16(v, wv));
          bo = vaddq_s32(bo, vmulltq_int_s16(v, wv));
        }
      mlonmcu_dw_requant_pair(r, &rq, &ce, &co, shrt, full_range, &be, &bo);
      vstrbq_scatter_offset_s32(out + ch + c, offs, be);
      vstrbq_scatter_offset_s32(out + ch + c + 1, offs, bo);
    } else {
      for (ky = 0; ky < r->k_h; ++ky, x += row_jump)
        for (kx = 0; kx < r->k_w; ++kx, x += col, ++wt) {
          const int16x8_t v = full ? vldrbq_s16(x) : vldrbq_z_s16(x, p16);
          ae = vaddq_s32(ae, vmullbq_int_s16(v, *wt));
          ao = vaddq_s32(ao, vmulltq_int_s16(v, *wt));
        }
    }
    mlonmcu_dw_requant_pair(r, &rq, &ce, &co, shrt, full_range, &ae, &ao);
    if (full) {
      vstrbq_scatter_offset_s32(out + c, offs, ae);
      vstrbq_scatter_offset_s32(out + c + 1, offs, ao);
      if (ox + 1 < r->out_w) ++ox, band += step, out += ch; /* the second output is stored */
    } else {
      vstrbq_scatter_offset_p_s32(out + c, offs, ae, p_even);
      vstrbq_scatter_offset_p_s32(out + c + 1, offs, ao, p_odd);
    }
  }
}

static MLONMCU_NOINLINE void mlonmcu_dw_octet_short(const mlonmcu_dw_row_t* r, const int8_t* band,
                                                    int32_t c, int8_t* out) {
  mlonmcu_dw_octet(r, band, c, 8, out, 1, 1, 1, 0);
}

/* 3 taps wide with stride = dilation, so a window row's taps slide over 4 loaded columns. */
static MLONMCU_NOINLINE void mlonmcu_dw_octet_slide3(const mlonmcu_dw_row_t* r,
                                                     const int8_t* band, int32_t c, int8_t* out) {
  mlonmcu_dw_octet(r, band, c, 8, out, 1, 1, 1, 1);
}

static MLONMCU_NOINLINE void mlonmcu_dw_octet_clamped(const mlonmcu_dw_row_t* r,
                                                      const int8_t* band, int32_t c, int8_t* out) {
  mlonmcu_dw_octet(r, band, c, 8, out, 1, 1, 0, 0);
}

static MLONMCU_NOINLINE void mlonmcu_dw_octet_any(const mlonmcu_dw_row_t* r, const int8_t* band,
                                                  int32_t c, int32_t n, int8_t* out) {
  mlonmcu_dw_octet(r, band, c, n, out, 0, 0, 0, 0);
}

/* `variant` (mlonmcu/kernels/variant.h) is a constant of the caller; every short form (1 to 3)
 * takes the lean vector requantization. */
static MLONMCU_ALWAYS_INLINE void dw_row_isa(const mlonmcu_dw_row_t* r, const int8_t* band,
                                             int8_t* out, int variant) {
  const int full_range = variant == MLONMCU_VARIANT_SHORT || variant == MLONMCU_VARIANT_SHORT2 ||
                         variant == MLONMCU_VARIANT_LONG;
  int32_t c = 0;
  if (full_range && r->k_w == 3 && r->stride_w == r->dil_w)
    for (; c + 8 <= r->channels; c += 8) mlonmcu_dw_octet_slide3(r, band, c, out);
  else if (full_range)
    for (; c + 8 <= r->channels; c += 8) mlonmcu_dw_octet_short(r, band, c, out);
  else if (variant != MLONMCU_VARIANT_GENERAL)
    for (; c + 8 <= r->channels; c += 8) mlonmcu_dw_octet_clamped(r, band, c, out);
  for (; c < r->channels; c += 8)
    mlonmcu_dw_octet_any(r, band, c, r->channels - c < 8 ? r->channels - c : 8, out);
}

#endif /* MLONMCU_KERNELS_ISA_DW_ROW_MVE_H_ */
