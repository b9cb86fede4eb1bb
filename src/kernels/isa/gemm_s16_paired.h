/* Internal: the S16_PAIRED matrix product (packing.h), in plain C written for RISC-V rv32imc:
 * no SIMD, 31 registers, every multiply-add costs a multiply and an add.
 *
 * Input values are paired like the weights, X = x[2j + 1] + 65536 * x[2j], once per input row.
 * The low 32 bits of X * W (W = w[2j] + 65536 * w[2j + 1]) are e + 65536 * D with
 * D = x[2j] * w[2j] + x[2j + 1] * w[2j + 1] and e = x[2j + 1] * w[2j]; with int8 inputs and
 * weights in [-127, 127], |e| <= 16256 and |D| <= 32512, so the 32-bit value does not wrap and
 * (X * W + 32768) >> 16 is exactly D: two multiply-adds in one multiply, an add, a shift and an
 * add. 4 input rows x 4 output rows per pass: each pass over the pair words loads 8 words for
 * 32 multiply-adds, and the 16 accumulators stay in registers. */
#ifndef MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_
#define MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_

#include "gemm_common.h"

#if defined(__GNUC__)
/* Keeps GCC from hoisting the loads of several steps (which spills on rv32): the empty asm
 * claims to change the accumulators, so each step's loads wait for the previous step. */
#define MLONMCU_GEMM_KEEP_ORDER(...) __asm__("" : __VA_ARGS__)
#else
#define MLONMCU_GEMM_KEEP_ORDER(...) ((void)0)
#endif

/* D of one pair product, added to an accumulator. */
#define MLONMCU_PAIR_MAC(acc, xv, wv, half) \
  acc += (uint32_t)((int32_t)((uint32_t)(xv) * (uint32_t)(wv) + (half)) >> 16)

/* One input row (FULLY_CONNECTED with one batch): 4 output rows per pass, each pair word of
 * the input loaded once for 4 multiplies. */
static void mlonmcu_gemm_s16_paired_1row(const mlonmcu_gemm_t* g, const int32_t* xbuf,
                                         int32_t pairs, int8_t* out) {
  const int32_t* w = (const int32_t*)g->weights;
  int32_t rb, j;
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * pairs) {
    const uint32_t half = 32768u;
    const int32_t* wp = w;
    uint32_t a0 = (uint32_t)g->bias[rb], a1 = (uint32_t)g->bias[rb + 1];
    uint32_t a2 = (uint32_t)g->bias[rb + 2], a3 = (uint32_t)g->bias[rb + 3];
    uint32_t acc[4];
    for (j = 0; j < pairs; ++j, wp += 4) {
      const int32_t xv = xbuf[j];
      MLONMCU_PAIR_MAC(a0, xv, wp[0], half), MLONMCU_PAIR_MAC(a1, xv, wp[1], half);
      MLONMCU_PAIR_MAC(a2, xv, wp[2], half), MLONMCU_PAIR_MAC(a3, xv, wp[3], half);
    }
    acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
    mlonmcu_gemm_store4(g, rb, acc, out);
  }
}

/* X words of one input row, every `step`-th entry of dst. */
static inline void mlonmcu_pair_inputs(const int8_t* row, int32_t depth, int32_t* dst,
                                       int32_t step) {
  const int32_t pairs = (depth + 1) >> 1;
  int32_t j;
  for (j = 0; j < pairs; ++j, dst += step) {
    const int32_t lo = 2 * j + 1 < depth ? row[2 * j + 1] : 0;
    *dst = (int32_t)((uint32_t)lo + ((uint32_t)(int32_t)row[2 * j] << 16));
  }
}

static void mlonmcu_gemm_s16_paired(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                    int8_t* const* out) {
  const int32_t depth = g->depth, pairs = (depth + 1) >> 1;
  int32_t xbuf[(n == 1 ? 1 : 4) * pairs]; /* [pair][input row] */
  const int32_t* w = (const int32_t*)g->weights;
  int32_t p, j, rb;
  if (n == 1) {
    mlonmcu_pair_inputs(x[0], depth, xbuf, 1);
    mlonmcu_gemm_s16_paired_1row(g, xbuf, pairs, out[0]);
    return;
  }
  for (p = 0; p < 4; ++p) mlonmcu_pair_inputs(x[p < n ? p : n - 1], depth, xbuf + p, 4);
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * pairs) {
    const uint32_t half = 32768u;
    const int32_t* xp = xbuf;
    const int32_t* wp = w;
    uint32_t a0 = (uint32_t)g->bias[rb], a1 = (uint32_t)g->bias[rb + 1];
    uint32_t a2 = (uint32_t)g->bias[rb + 2], a3 = (uint32_t)g->bias[rb + 3];
    uint32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3, c0 = a0, c1 = a1, c2 = a2, c3 = a3;
    uint32_t d0 = a0, d1 = a1, d2 = a2, d3 = a3;
    uint32_t acc[4];
    for (j = 0; j < pairs; ++j, xp += 4, wp += 4) {
      const int32_t x0 = xp[0], x1 = xp[1], x2 = xp[2], x3 = xp[3];
      int32_t wv = wp[0];
      MLONMCU_PAIR_MAC(a0, x0, wv, half), MLONMCU_PAIR_MAC(b0, x1, wv, half);
      MLONMCU_PAIR_MAC(c0, x2, wv, half), MLONMCU_PAIR_MAC(d0, x3, wv, half);
      wv = wp[1];
      MLONMCU_PAIR_MAC(a1, x0, wv, half), MLONMCU_PAIR_MAC(b1, x1, wv, half);
      MLONMCU_PAIR_MAC(c1, x2, wv, half), MLONMCU_PAIR_MAC(d1, x3, wv, half);
      wv = wp[2];
      MLONMCU_PAIR_MAC(a2, x0, wv, half), MLONMCU_PAIR_MAC(b2, x1, wv, half);
      MLONMCU_PAIR_MAC(c2, x2, wv, half), MLONMCU_PAIR_MAC(d2, x3, wv, half);
      wv = wp[3];
      MLONMCU_PAIR_MAC(a3, x0, wv, half), MLONMCU_PAIR_MAC(b3, x1, wv, half);
      MLONMCU_PAIR_MAC(c3, x2, wv, half), MLONMCU_PAIR_MAC(d3, x3, wv, half);
    }
    acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
    mlonmcu_gemm_store4(g, rb, acc, out[0]);
    if (n > 1) {
      acc[0] = b0, acc[1] = b1, acc[2] = b2, acc[3] = b3;
      mlonmcu_gemm_store4(g, rb, acc, out[1]);
    }
    if (n > 2) {
      acc[0] = c0, acc[1] = c1, acc[2] = c2, acc[3] = c3;
      mlonmcu_gemm_store4(g, rb, acc, out[2]);
    }
    if (n > 3) {
      acc[0] = d0, acc[1] = d1, acc[2] = d2, acc[3] = d3;
      mlonmcu_gemm_store4(g, rb, acc, out[3]);
    }
  }
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_ */
