/* Internal: the S8_BLOCKED matrix product for Arm cores with the DSP extension (Cortex-M4, M7,
 * M33): SMLAD multiplies two pairs of int16 and adds both products to an accumulator.
 *
 * The input rows are widened once per call to int16 pairs in SXTB16's order (bytes 0 and 2,
 * then bytes 1 and 3 of every 4), the two rows interleaved, so one 4-word load brings 4 values
 * of both rows. The weights stay int8 and are widened with two SXTB16 per word in the inner
 * loop: per 4 depth steps and 2 rows x 2 channels, 2 word loads of inputs, 2 of weights, 4
 * SXTB16 and 8 SMLAD for 16 multiply-adds. SMLAD's sums wrap modulo 2^32 like the portable
 * uint32 accumulators, so the result is identical. */
#ifndef MLONMCU_KERNELS_ISA_GEMM_S8_DSP_H_
#define MLONMCU_KERNELS_ISA_GEMM_S8_DSP_H_

#include "gemm_common.h"

static inline uint32_t mlonmcu_ssat8(int32_t v) {
  uint32_t r;
  __asm__("ssat %0, #8, %1" : "=r"(r) : "r"(v));
  return r;
}

/* One input row widened: per 4 values the words (02, 13), `stride` words apart (4 for two
 * interleaved rows [row0 02][row0 13][row1 02][row1 13], 2 for one row). Values past depth (up
 * to the weights' padded depth) are 0. */
static uint32_t* mlonmcu_dsp_widen_run(const int8_t* x, int32_t depth, int32_t kp,
                                       uint32_t* dst, int32_t stride) {
  int32_t k;
  for (k = 0; k + 4 <= depth; k += 4, dst += stride) {
    const uint32_t w = mlonmcu_load_u32(x + k);
    dst[0] = mlonmcu_sxtb16(w);
    dst[1] = mlonmcu_sxtb16_ror8(w);
  }
  if (k < kp) {
    int8_t tail[4] = {0, 0, 0, 0};
    int32_t i;
    for (i = 0; k + i < depth; ++i) tail[i] = x[k + i];
    dst[0] = mlonmcu_sxtb16(mlonmcu_load_u32(tail));
    dst[1] = mlonmcu_sxtb16_ror8(mlonmcu_load_u32(tail));
    dst += stride;
  }
  return dst;
}

/* A whole input row, run by run (runs of several are multiples of 4 long). */
static void mlonmcu_dsp_widen_row(const mlonmcu_gemm_t* g, const int8_t* x, int32_t kp,
                                  uint32_t* dst, int32_t stride) {
  const int32_t segs = g->segs;
  int32_t s;
  if (segs <= 1) {
    mlonmcu_dsp_widen_run(x, g->depth, kp, dst, stride);
    return;
  }
  for (s = 0; s < segs; ++s)
    dst = mlonmcu_dsp_widen_run(x + s * g->seg_stride, g->seg_len, g->seg_len, dst, stride);
}

/* 4 values of both rows against one weight word of channels c (w0) and c + 1 (w1). */
#define MLONMCU_DSP_STEP(xq, w0, w1)                                                     \
  do {                                                                                   \
    const uint32_t xa02 = (xq)[0], xa13 = (xq)[1], xb02 = (xq)[2], xb13 = (xq)[3];      \
    uint32_t wv = mlonmcu_load_u32(w0);                                                  \
    uint32_t w02 = mlonmcu_sxtb16(wv), w13 = mlonmcu_sxtb16_ror8(wv);                   \
    a0 = mlonmcu_smlad(xa02, w02, a0), a0 = mlonmcu_smlad(xa13, w13, a0);               \
    b0 = mlonmcu_smlad(xb02, w02, b0), b0 = mlonmcu_smlad(xb13, w13, b0);               \
    wv = mlonmcu_load_u32(w1);                                                           \
    w02 = mlonmcu_sxtb16(wv), w13 = mlonmcu_sxtb16_ror8(wv);                             \
    a1 = mlonmcu_smlad(xa02, w02, a1), a1 = mlonmcu_smlad(xa13, w13, a1);               \
    b1 = mlonmcu_smlad(xb02, w02, b1), b1 = mlonmcu_smlad(xb13, w13, b1);               \
  } while (0)

/* Channels 2 * pair and 2 * pair + 1 of a block (w: the block's packed weights) against both
 * rows: acc = {row 0 ch a, row 0 ch b, row 1 ch a, row 1 ch b}. The empty asm after each step
 * keeps GCC from hoisting the loads of later steps, which ran out of registers and spilled. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dsp_dot_2x2(const uint32_t* xq, const int8_t* w, int32_t kp, int32_t pair,
                                uint32_t acc[4]) {
  uint32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3];
  const int8_t* w0 = w + 32 * pair;
  const uint32_t* full_end = xq + (kp & ~15); /* one word per value: 2 rows x int16 */
  for (; xq != full_end; xq += 16, w0 += 64) {
    MLONMCU_DSP_STEP(xq, w0, w0 + 16);
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(b0), "+r"(b1), "+r"(xq), "+r"(w0));
    MLONMCU_DSP_STEP(xq + 4, w0 + 4, w0 + 20);
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(b0), "+r"(b1), "+r"(xq), "+r"(w0));
    MLONMCU_DSP_STEP(xq + 8, w0 + 8, w0 + 24);
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(b0), "+r"(b1), "+r"(xq), "+r"(w0));
    MLONMCU_DSP_STEP(xq + 12, w0 + 12, w0 + 28);
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(b0), "+r"(b1), "+r"(xq), "+r"(w0));
  }
  if (kp & 15) { /* the last group: 4, 8 or 12 values per channel */
    const int32_t r = kp & 15;
    const uint32_t* end = xq + r;
    w0 = w + 4 * (kp & ~15) + 2 * r * pair;
    for (; xq != end; xq += 4, w0 += 4) {
      MLONMCU_DSP_STEP(xq, w0, w0 + r);
      MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(b0), "+r"(b1), "+r"(xq), "+r"(w0));
    }
  }
  acc[0] = a0, acc[1] = a1, acc[2] = b0, acc[3] = b1;
}
#undef MLONMCU_DSP_STEP

/* The 4 channels of a block against one row (FULLY_CONNECTED with one batch): xq holds 2
 * words per 4 values. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void mlonmcu_dsp_dot_1x4(const uint32_t* xq, const int8_t* w, int32_t kp, uint32_t acc[4]) {
  uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  const uint32_t* full_end = xq + ((kp & ~15) >> 1);
  int32_t r, j;
#define MLONMCU_DSP_CH(a, p)                                                              \
  do {                                                                                    \
    const uint32_t wv = mlonmcu_load_u32(p);                                              \
    a = mlonmcu_smlad(x02, mlonmcu_sxtb16(wv), a);                                        \
    a = mlonmcu_smlad(x13, mlonmcu_sxtb16_ror8(wv), a);                                   \
  } while (0)
#define MLONMCU_DSP_STEP4(j)                                                              \
  do {                                                                                    \
    const uint32_t x02 = xq[(j) / 2], x13 = xq[(j) / 2 + 1];                              \
    MLONMCU_DSP_CH(a0, w + (j));                                                          \
    MLONMCU_DSP_CH(a1, w + 16 + (j));                                                     \
    MLONMCU_DSP_CH(a2, w + 32 + (j));                                                     \
    MLONMCU_DSP_CH(a3, w + 48 + (j));                                                     \
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(xq), "+r"(w));        \
  } while (0)
  /* A group's 4 steps unrolled: immediate offsets, one pointer update per group. */
  for (; xq != full_end; w += 64, xq += 8) {
    MLONMCU_DSP_STEP4(0);
    MLONMCU_DSP_STEP4(4);
    MLONMCU_DSP_STEP4(8);
    MLONMCU_DSP_STEP4(12);
  }
#undef MLONMCU_DSP_STEP4
  r = kp & 15;
  for (j = 0; j < r; j += 4, xq += 2) {
    const uint32_t x02 = xq[0], x13 = xq[1];
    MLONMCU_DSP_CH(a0, w + j);
    MLONMCU_DSP_CH(a1, w + r + j);
    MLONMCU_DSP_CH(a2, w + 2 * r + j);
    MLONMCU_DSP_CH(a3, w + 3 * r + j);
  }
#undef MLONMCU_DSP_CH
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
}

/* Short requantization (form 1 or 2) of one output: SSAT where the activation range is all of
 * int8. */
static MLONMCU_ALWAYS_INLINE int8_t mlonmcu_dsp_short(const mlonmcu_gemm_t* g,
                                                     const mlonmcu_requant_entry_t* q,
                                                     uint32_t acc, int32_t zp_after,
                                                     int full_range) {
  const int32_t v = mlonmcu_short_requant(q, (int32_t)acc) + zp_after;
  if (full_range) return (int8_t)mlonmcu_ssat8(v);
  return (int8_t)(v < g->act_min ? g->act_min : (v > g->act_max ? g->act_max : v));
}

/* Requantizes acc[j] into out[r0 + j] for the channels that exist (j < count). `mode` is a
 * constant of the caller's variant: 1 short form with SSAT (activation range all of int8), 2
 * short form with a clamp, 0 general; zp_after is the zero point for form 2, else 0. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dsp_store(const mlonmcu_gemm_t* g, int mode,
                                                    int32_t zp_after, int32_t r0,
                                                    const uint32_t* acc, int32_t count,
                                                    int8_t* out) {
  const mlonmcu_requant_entry_t* q = &g->requant[r0];
  int32_t j;
  if (count > g->rows - r0) count = g->rows - r0;
  out += r0;
  if (mode == 0) { /* forms 0 and 3 (variant.h), which both take the general form */
    for (j = 0; j < count; ++j)
      out[j] = mlonmcu_requant_entry_apply(&q[j], (int32_t)acc[j], 0, g->output_offset,
                                           g->act_min, g->act_max);
  } else if (count == 2) { /* unrolled: the common case */
    out[0] = mlonmcu_dsp_short(g, &q[0], acc[0], zp_after, mode == 1);
    out[1] = mlonmcu_dsp_short(g, &q[1], acc[1], zp_after, mode == 1);
  } else {
    for (j = 0; j < count; ++j) out[j] = mlonmcu_dsp_short(g, &q[j], acc[j], zp_after, mode == 1);
  }
}

/* Every channel of two widened input rows (or one: n == 1), requantized as `mode` says. Out
 * of line per mode, without the caller's stack buffer and frame, so the inner loop has all
 * registers and the store no per-output tests. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_dsp_rows(const mlonmcu_gemm_t* g, const uint32_t* xq,
                                                   int32_t n, int8_t* out0, int8_t* out1,
                                                   int mode) {
  const int32_t kp = (g->depth + 3) & ~3;
  const int32_t zp_after = g->short_requant == 2 ? g->output_offset : 0;
  const int8_t* w = (const int8_t*)g->weights;
  int32_t rb, pair;
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * kp) {
    if (n == 1) {
      uint32_t acc[4];
      acc[0] = (uint32_t)g->bias[rb], acc[1] = (uint32_t)g->bias[rb + 1];
      acc[2] = (uint32_t)g->bias[rb + 2], acc[3] = (uint32_t)g->bias[rb + 3];
      mlonmcu_dsp_dot_1x4(xq, w, kp, acc);
      mlonmcu_dsp_store(g, mode, zp_after, rb, acc, 4, out0);
      continue;
    }
    for (pair = 0; pair < 2 && rb + 2 * pair < g->rows; ++pair) {
      const int32_t r0 = rb + 2 * pair;
      uint32_t acc[4];
      acc[0] = acc[2] = (uint32_t)g->bias[r0];
      acc[1] = acc[3] = (uint32_t)g->bias[r0 + 1];
      mlonmcu_dsp_dot_2x2(xq, w, kp, pair, acc);
      mlonmcu_dsp_store(g, mode, zp_after, r0, acc, 2, out0);
      mlonmcu_dsp_store(g, mode, zp_after, r0, acc + 2, 2, out1);
    }
  }
}

static MLONMCU_NOINLINE void mlonmcu_dsp_rows_ssat(const mlonmcu_gemm_t* g, const uint32_t* xq,
                                                   int32_t n, int8_t* out0, int8_t* out1) {
  mlonmcu_dsp_rows(g, xq, n, out0, out1, 1);
}
static MLONMCU_NOINLINE void mlonmcu_dsp_rows_clamp(const mlonmcu_gemm_t* g, const uint32_t* xq,
                                                    int32_t n, int8_t* out0, int8_t* out1) {
  mlonmcu_dsp_rows(g, xq, n, out0, out1, 2);
}
static MLONMCU_NOINLINE void mlonmcu_dsp_rows_any(const mlonmcu_gemm_t* g, const uint32_t* xq,
                                                  int32_t n, int8_t* out0, int8_t* out1) {
  mlonmcu_dsp_rows(g, xq, n, out0, out1, 0);
}

typedef void (*mlonmcu_dsp_rows_fn)(const mlonmcu_gemm_t* g, const uint32_t* xq, int32_t n,
                                    int8_t* out0, int8_t* out1);

/* The input rows widened, then the rows loop of the layer's variant. */
static MLONMCU_NOINLINE void mlonmcu_dsp_gemm(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                              int32_t n, int8_t* const* out,
                                              mlonmcu_dsp_rows_fn rows) {
  const int32_t depth = g->depth, kp = (depth + 3) & ~3;
  uint32_t xq[kp > 0 ? kp : 4]; /* up to 2 rows x kp values as int16: kp words */
  int8_t* out1 = n > 1 ? out[1] : out[0];
  if (n == 1) {
    mlonmcu_dsp_widen_row(g, x[0], kp, xq, 2);
  } else {
    mlonmcu_dsp_widen_row(g, x[0], kp, xq, 4);
    mlonmcu_dsp_widen_row(g, x[1], kp, xq + 2, 4);
  }
  rows(g, xq, n, out[0], out1);
}

/* `variant` (mlonmcu/kernels/variant.h) is a constant of the caller: short forms 1 and 2 with
 * SSAT or a clamp; form 3 has no short scalar form here and takes the general one. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_gemm_s8_blocked(const mlonmcu_gemm_t* g,
                                                          const int8_t* const* x, int32_t n,
                                                          int8_t* const* out, int variant) {
  mlonmcu_dsp_gemm(g, x, n, out,
                   variant == MLONMCU_VARIANT_SHORT || variant == MLONMCU_VARIANT_SHORT2
                       ? mlonmcu_dsp_rows_ssat
                   : variant == MLONMCU_VARIANT_SHORT_CLAMP ? mlonmcu_dsp_rows_clamp
                                                            : mlonmcu_dsp_rows_any);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_DSP_H_ */
