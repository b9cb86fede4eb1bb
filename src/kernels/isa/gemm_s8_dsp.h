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

/* Row `row` (0 or 1) of the interleaved widened inputs: per 4 values, words [row0 02][row0 13]
 * [row1 02][row1 13]. Values past depth (up to the weights' padded depth) are 0. */
static void mlonmcu_dsp_widen_row(const int8_t* x, int32_t depth, int32_t kp, uint32_t* dst) {
  int32_t k;
  for (k = 0; k + 4 <= depth; k += 4, dst += 4) {
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
  }
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
 * rows: acc = {row 0 ch a, row 0 ch b, row 1 ch a, row 1 ch b}. Out of line, so the loop has
 * all registers; the empty asm after each step keeps GCC from hoisting the loads of later
 * steps, which ran out of registers and spilled. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void mlonmcu_dsp_dot_2x2(const uint32_t* xq, const int8_t* w, int32_t kp, int32_t pair,
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

/* Short requantization and store of one output, clamped with SSAT where the activation range
 * is all of int8. */
static inline int8_t mlonmcu_dsp_requant(const mlonmcu_gemm_t* g, int full_range,
                                         const mlonmcu_requant_entry_t* q, uint32_t acc) {
  const int32_t v = mlonmcu_short_requant(q, (int32_t)acc);
  if (full_range) return (int8_t)mlonmcu_ssat8(v);
  return (int8_t)(v < g->act_min ? g->act_min : (v > g->act_max ? g->act_max : v));
}

static void mlonmcu_gemm_s8_blocked(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                    int8_t* const* out) {
  const int32_t depth = g->depth, kp = (depth + 3) & ~3;
  const int full_range = g->act_min == -128 && g->act_max == 127;
  uint32_t xq[kp > 0 ? kp : 4]; /* 2 rows x kp values as int16: kp words */
  const int8_t* w = (const int8_t*)g->weights;
  int32_t rb, pair, j;
  mlonmcu_dsp_widen_row(x[0], depth, kp, xq);
  mlonmcu_dsp_widen_row(x[n > 1 ? 1 : 0], depth, kp, xq + 2);
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * kp) {
    for (pair = 0; pair < 2 && rb + 2 * pair < g->rows; ++pair) {
      const int32_t r0 = rb + 2 * pair;
      uint32_t acc[4];
      acc[0] = acc[2] = (uint32_t)g->bias[r0];
      acc[1] = acc[3] = (uint32_t)g->bias[r0 + 1];
      mlonmcu_dsp_dot_2x2(xq, w, kp, pair, acc);
      if (g->short_requant) {
        const mlonmcu_requant_entry_t* q = &g->requant[r0];
        const int second = r0 + 1 < g->rows;
        out[0][r0] = mlonmcu_dsp_requant(g, full_range, q, acc[0]);
        if (second) out[0][r0 + 1] = mlonmcu_dsp_requant(g, full_range, q + 1, acc[1]);
        if (n > 1) {
          out[1][r0] = mlonmcu_dsp_requant(g, full_range, q, acc[2]);
          if (second) out[1][r0 + 1] = mlonmcu_dsp_requant(g, full_range, q + 1, acc[3]);
        }
      } else {
        for (j = 0; j < 2 && r0 + j < g->rows; ++j) {
          out[0][r0 + j] = mlonmcu_requant_entry_apply(&g->requant[r0 + j], (int32_t)acc[j], 0,
                                                       g->output_offset, g->act_min, g->act_max);
          if (n > 1)
            out[1][r0 + j] = mlonmcu_requant_entry_apply(&g->requant[r0 + j], (int32_t)acc[2 + j],
                                                         0, g->output_offset, g->act_min,
                                                         g->act_max);
        }
      }
    }
  }
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_DSP_H_ */
