/* Internal: the depthwise row kernel for Arm cores with the DSP extension (Cortex-M4, M7,
 * M33). 4 channels per pass: a tap's 4 channel bytes are one word, SXTB16 splits it into
 * channels (0, 2) and (1, 3) as int16 halves, and SMLABB / SMLATT multiply each half by its
 * channel's weight (pre-widened the same way once per row), so a tap costs its loads, 2 SXTB16
 * and 4 multiply-adds. 3x3 windows run unrolled. */
#ifndef MLONMCU_KERNELS_ISA_DW_ROW_DSP_H_
#define MLONMCU_KERNELS_ISA_DW_ROW_DSP_H_

#include "../dw_row.h"
#include "../kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"
#include "mlonmcu/kernels/conv.h"

static inline uint32_t mlonmcu_dw_ssat8(int32_t v) {
  uint32_t r;
  __asm__("ssat %0, #8, %1" : "=r"(r) : "r"(v));
  return r;
}

static inline int8_t mlonmcu_dw_store(const mlonmcu_dw_row_t* r, int full_range,
                                      const mlonmcu_requant_entry_t* q, uint32_t acc) {
  if (r->short_requant != 1 && r->short_requant != 2)
    return mlonmcu_requant_entry_apply(q, (int32_t)acc, r->short_requant, r->output_offset,
                                       r->act_min, r->act_max);
  {
    const int32_t v = mlonmcu_short_requant(q, (int32_t)acc) +
                      (r->short_requant == 2 ? r->output_offset : 0);
    if (full_range) return (int8_t)mlonmcu_dw_ssat8(v);
    return (int8_t)(v < r->act_min ? r->act_min : (v > r->act_max ? r->act_max : v));
  }
}

/* One tap of a 4-channel group: its offset in the window and its 4 weights widened as SXTB16
 * splits the inputs, side by side so one pass reads them together. */
typedef struct {
  int32_t off;
  uint32_t w02, w13;
} mlonmcu_dw_tap_t;

#define MLONMCU_DW_TAP(t)                                                                    \
  do {                                                                                       \
    const uint32_t v = mlonmcu_load_u32(x + tap[t].off);                                    \
    const uint32_t v02 = mlonmcu_sxtb16(v), v13 = mlonmcu_sxtb16_ror8(v);                   \
    a0 = mlonmcu_smlabb(v02, tap[t].w02, a0), a2 = mlonmcu_smlatt(v02, tap[t].w02, a2);     \
    a1 = mlonmcu_smlabb(v13, tap[t].w13, a1), a3 = mlonmcu_smlatt(v13, tap[t].w13, a3);     \
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(x), "+r"(tap));          \
  } while (0)

/* Channels c..c+3 of `n` outputs along the row (x: the first window's byte for channel c,
 * windows `step` bytes apart; o: the first output, outputs `out_step` apart). Out of line with
 * the row loop inside, so the accumulators, pointers and the tap table's base stay in
 * registers; STORE requantizes (one variant per requantization form, so the loop has no
 * per-output test). */
#define MLONMCU_DW_QUAD_ROW(name, STORE)                                                         \
  static void name(const int8_t* x, int32_t step, int8_t* o, int32_t out_step, int32_t n,       \
                   const mlonmcu_dw_tap_t* tap, int32_t taps, const uint32_t* bias,             \
                   const mlonmcu_requant_entry_t* q, const mlonmcu_dw_row_t* r) {              \
    (void)r;                                                                                   \
    for (; n > 0; --n, x += step, o += out_step) {                                             \
      uint32_t a0 = bias[0], a1 = bias[1], a2 = bias[2], a3 = bias[3];                         \
      if (taps == 9) {                                                                         \
        MLONMCU_DW_TAP(0);                                                                     \
        MLONMCU_DW_TAP(1);                                                                     \
        MLONMCU_DW_TAP(2);                                                                     \
        MLONMCU_DW_TAP(3);                                                                     \
        MLONMCU_DW_TAP(4);                                                                     \
        MLONMCU_DW_TAP(5);                                                                     \
        MLONMCU_DW_TAP(6);                                                                     \
        MLONMCU_DW_TAP(7);                                                                     \
        MLONMCU_DW_TAP(8);                                                                     \
      } else {                                                                                 \
        int32_t t;                                                                             \
        for (t = 0; t < taps; ++t) MLONMCU_DW_TAP(t);                                          \
      }                                                                                        \
      o[0] = STORE(&q[0], a0), o[1] = STORE(&q[1], a1);                                        \
      o[2] = STORE(&q[2], a2), o[3] = STORE(&q[3], a3);                                        \
    }                                                                                          \
  }

/* The real models' cases: short requantization (form 1, or 2 with the zero point after the
 * shift), activation range all of int8. */
#define MLONMCU_DW_STORE_SHORT(q, acc) ((int8_t)mlonmcu_dw_ssat8(mlonmcu_short_requant(q, (int32_t)(acc))))
#define MLONMCU_DW_STORE_SHORT2(q, acc) \
  ((int8_t)mlonmcu_dw_ssat8(mlonmcu_short_requant(q, (int32_t)(acc)) + r->output_offset))
#define MLONMCU_DW_STORE_ANY(q, acc) mlonmcu_dw_store(r, 0, q, acc)
#if defined(__GNUC__)
__attribute__((noinline))
#endif
MLONMCU_DW_QUAD_ROW(mlonmcu_dw_quad_row_short, MLONMCU_DW_STORE_SHORT)
#if defined(__GNUC__)
__attribute__((noinline))
#endif
MLONMCU_DW_QUAD_ROW(mlonmcu_dw_quad_row_any, MLONMCU_DW_STORE_ANY)
#if defined(__GNUC__)
__attribute__((noinline))
#endif
MLONMCU_DW_QUAD_ROW(mlonmcu_dw_quad_row_short2, MLONMCU_DW_STORE_SHORT2)
#undef MLONMCU_DW_STORE_SHORT
#undef MLONMCU_DW_STORE_SHORT2
#undef MLONMCU_DW_STORE_ANY
#undef MLONMCU_DW_QUAD_ROW
#undef MLONMCU_DW_TAP

typedef void (*mlonmcu_dw_quad_row_fn)(const int8_t* x, int32_t step, int8_t* o, int32_t out_step,
                                       int32_t n, const mlonmcu_dw_tap_t* tap, int32_t taps,
                                       const uint32_t* bias, const mlonmcu_requant_entry_t* q,
                                       const mlonmcu_dw_row_t* r);

/* The row with the quad loop of the layer's variant (the rest is one copy for all). */
static MLONMCU_NOINLINE void mlonmcu_dw_row_dsp(const mlonmcu_dw_row_t* r, const int8_t* band,
                                                int8_t* out, mlonmcu_dw_quad_row_fn quad_row) {
  const int32_t ch = r->channels, taps = r->k_h * r->k_w, step = r->stride_w * ch;
  const int full_range = r->act_min == -128 && r->act_max == 127;
  mlonmcu_dw_tap_t tap[MLONMCU_DW_MAX_TAPS];
  int32_t c, ox, t, j;
  for (t = 0; t < taps; ++t)
    tap[t].off = (t / r->k_w) * r->band_row + (t % r->k_w) * r->dil_w * ch;
  for (c = 0; c + 4 <= ch; c += 4) {
    uint32_t bias[4];
    for (j = 0; j < 4; ++j) bias[j] = (uint32_t)r->bias[c + j];
    for (t = 0; t < taps; ++t) {
      const uint32_t word = mlonmcu_load_u32(r->filter + t * ch + c);
      tap[t].w02 = mlonmcu_sxtb16(word), tap[t].w13 = mlonmcu_sxtb16_ror8(word);
    }
    quad_row(band + c, step, out + c, ch, r->out_w, tap, taps, bias, r->requant + c, r);
  }
  for (; c < ch; ++c) /* the last 1-3 channels */
    for (ox = 0; ox < r->out_w; ++ox) {
      uint32_t acc = (uint32_t)r->bias[c];
      for (t = 0; t < taps; ++t)
        acc += (uint32_t)((int32_t)r->filter[t * ch + c] * band[ox * step + c + tap[t].off]);
      out[ox * ch + c] = mlonmcu_dw_store(r, full_range, &r->requant[c], acc);
    }
}

/* `variant` (mlonmcu/kernels/variant.h) is a constant of the caller. */
static MLONMCU_ALWAYS_INLINE void dw_row_isa(const mlonmcu_dw_row_t* r, const int8_t* band,
                                             int8_t* out, int variant) {
  mlonmcu_dw_row_dsp(r, band, out,
                     variant == MLONMCU_VARIANT_SHORT    ? mlonmcu_dw_quad_row_short
                     : variant == MLONMCU_VARIANT_SHORT2 ? mlonmcu_dw_quad_row_short2
                                                         : mlonmcu_dw_quad_row_any);
}

#endif /* MLONMCU_KERNELS_ISA_DW_ROW_DSP_H_ */
