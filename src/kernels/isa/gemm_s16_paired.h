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

/* D of one pair product, added to an accumulator. */
#define MLONMCU_PAIR_MAC(acc, xv, wv, half) \
  acc += (uint32_t)((int32_t)((uint32_t)(xv) * (uint32_t)(wv) + (half)) >> 16)

/* One input row (FULLY_CONNECTED with one batch): 8 output rows (two blocks) per pass, each pair
 * word of the input loaded once for 8 multiplies, two pairs per loop step so pointer updates
 * and the branch are shared by 32 multiply-adds. */
static MLONMCU_NOINLINE void mlonmcu_s16_row_8(const int32_t* xp, const int32_t* wa,
                                               const int32_t* wb, int32_t pairs, uint32_t acc[8]) {
  const uint32_t half = 32768u;
  uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  uint32_t b0 = acc[4], b1 = acc[5], b2 = acc[6], b3 = acc[7];
  const int32_t* end = xp + (pairs & ~1);
#define MLONMCU_ROW8_STEP(k)                                                              \
  do {                                                                                    \
    const int32_t xv = xp[k];                                                             \
    MLONMCU_PAIR_MAC(a0, xv, wa[4 * (k)], half), MLONMCU_PAIR_MAC(a1, xv, wa[4 * (k) + 1], half); \
    MLONMCU_PAIR_MAC(a2, xv, wa[4 * (k) + 2], half), MLONMCU_PAIR_MAC(a3, xv, wa[4 * (k) + 3], half); \
    MLONMCU_PAIR_MAC(b0, xv, wb[4 * (k)], half), MLONMCU_PAIR_MAC(b1, xv, wb[4 * (k) + 1], half); \
    MLONMCU_PAIR_MAC(b2, xv, wb[4 * (k) + 2], half), MLONMCU_PAIR_MAC(b3, xv, wb[4 * (k) + 3], half); \
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(b0), "+r"(b1), "+r"(b2), \
                       "+r"(b3), "+r"(wa), "+r"(wb));                                   \
  } while (0)
  for (; xp != end; xp += 2, wa += 8, wb += 8) {
    MLONMCU_ROW8_STEP(0);
    MLONMCU_ROW8_STEP(1);
  }
  if (pairs & 1) MLONMCU_ROW8_STEP(0);
#undef MLONMCU_ROW8_STEP
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
  acc[4] = b0, acc[5] = b1, acc[6] = b2, acc[7] = b3;
}

static void mlonmcu_gemm_s16_paired_1row(const mlonmcu_gemm_t* g, const int32_t* xbuf,
                                         int32_t pairs, int8_t* out) {
  const int32_t* w = (const int32_t*)g->weights;
  const int32_t blocks = mlonmcu_packed_rows(g->rows) / 4;
  int32_t b, j;
  for (b = 0; b < blocks; b += 2, w += 8 * pairs) {
    /* An odd last block runs against itself; only its first half is stored. */
    const int32_t* wb = b + 1 < blocks ? w + 4 * pairs : w;
    uint32_t acc[8];
    for (j = 0; j < 4; ++j) acc[j] = (uint32_t)g->bias[4 * b + j];
    for (j = 0; j < 4; ++j) acc[4 + j] = b + 1 < blocks ? (uint32_t)g->bias[4 * b + 4 + j] : 0u;
    mlonmcu_s16_row_8(xbuf, w, wb, pairs, acc);
    mlonmcu_gemm_store_block(g, 4 * b, acc, 1, &out);
    if (b + 1 < blocks) mlonmcu_gemm_store_block(g, 4 * b + 4, acc + 4, 1, &out);
  }
}

/* X words of one contiguous run of n values (the last pair completed with 0 when n is odd),
 * every `step`-th entry of dst; returns the next entry. */
static inline int32_t* mlonmcu_pair_run(const int8_t* x, int32_t n, int32_t* dst, int32_t step) {
  const int8_t* end = x + (n & ~1);
  for (; x != end; x += 2, dst += step)
    *dst = (int32_t)((uint32_t)(int32_t)x[1] + ((uint32_t)(int32_t)x[0] << 16));
  if (n & 1) *dst = (int32_t)((uint32_t)(int32_t)x[0] << 16), dst += step;
  return dst;
}

/* X words of one input row (its runs have an even length when there are several). */
static inline void mlonmcu_pair_inputs(const mlonmcu_gemm_t* g, const int8_t* row, int32_t* dst,
                                       int32_t step) {
  const int32_t segs = g->segs;
  int32_t s;
  for (s = 0; s < segs; ++s) dst = mlonmcu_pair_run(row + s * g->seg_stride, g->seg_len, dst, step);
}

/* acc[4 * i + r] += sum over the pairs of input row i x output row r, for 4 input rows
 * (xp: [pair][row] words) and 4 output rows (wp: [pair][row]). Out of line and without a
 * frame: the 16 accumulators, 4 inputs, a weight and the pointers just fit rv32's registers;
 * the empty asm after each output row keeps GCC from loading all 4 weights at once, which
 * spilled accumulators to the stack. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void mlonmcu_s16_block_4x4(const int32_t* xp, const int32_t* wp, int32_t pairs,
                                  uint32_t acc[16]) {
  const uint32_t half = 32768u;
  const int32_t* end = wp + 4 * pairs;
  uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  uint32_t b0 = acc[4], b1 = acc[5], b2 = acc[6], b3 = acc[7];
  uint32_t c0 = acc[8], c1 = acc[9], c2 = acc[10], c3 = acc[11];
  uint32_t d0 = acc[12], d1 = acc[13], d2 = acc[14], d3 = acc[15];
  for (; wp != end; xp += 4, wp += 4) {
    const int32_t x0 = xp[0], x1 = xp[1], x2 = xp[2], x3 = xp[3];
    int32_t wv = wp[0];
    MLONMCU_PAIR_MAC(a0, x0, wv, half), MLONMCU_PAIR_MAC(b0, x1, wv, half);
    MLONMCU_PAIR_MAC(c0, x2, wv, half), MLONMCU_PAIR_MAC(d0, x3, wv, half);
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(b0), "+r"(c0), "+r"(d0), "+r"(wp));
    wv = wp[1];
    MLONMCU_PAIR_MAC(a1, x0, wv, half), MLONMCU_PAIR_MAC(b1, x1, wv, half);
    MLONMCU_PAIR_MAC(c1, x2, wv, half), MLONMCU_PAIR_MAC(d1, x3, wv, half);
    MLONMCU_KEEP_ORDER("+r"(a1), "+r"(b1), "+r"(c1), "+r"(d1), "+r"(wp));
    wv = wp[2];
    MLONMCU_PAIR_MAC(a2, x0, wv, half), MLONMCU_PAIR_MAC(b2, x1, wv, half);
    MLONMCU_PAIR_MAC(c2, x2, wv, half), MLONMCU_PAIR_MAC(d2, x3, wv, half);
    MLONMCU_KEEP_ORDER("+r"(a2), "+r"(b2), "+r"(c2), "+r"(d2), "+r"(wp));
    wv = wp[3];
    MLONMCU_PAIR_MAC(a3, x0, wv, half), MLONMCU_PAIR_MAC(b3, x1, wv, half);
    MLONMCU_PAIR_MAC(c3, x2, wv, half), MLONMCU_PAIR_MAC(d3, x3, wv, half);
    MLONMCU_KEEP_ORDER("+r"(a3), "+r"(b3), "+r"(c3), "+r"(d3), "+r"(wp));
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
  acc[4] = b0, acc[5] = b1, acc[6] = b2, acc[7] = b3;
  acc[8] = c0, acc[9] = c1, acc[10] = c2, acc[11] = c3;
  acc[12] = d0, acc[13] = d1, acc[14] = d2, acc[15] = d3;
}

static void mlonmcu_gemm_s16_paired_4rows(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                          int32_t n, int8_t* const* out) {
  const int32_t depth = g->depth, pairs = (depth + 1) >> 1;
  int32_t xbuf[(n == 1 ? 1 : 4) * pairs]; /* [pair][input row] */
  const int32_t* w = (const int32_t*)g->weights;
  int32_t p, rb, i, j;
  if (n == 1) {
    mlonmcu_pair_inputs(g, x[0], xbuf, 1);
    mlonmcu_gemm_s16_paired_1row(g, xbuf, pairs, out[0]);
    return;
  }
  for (p = 0; p < 4; ++p) mlonmcu_pair_inputs(g, x[p < n ? p : n - 1], xbuf + p, 4);
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * pairs) {
    uint32_t acc[16];
    for (i = 0; i < 4; ++i)
      for (j = 0; j < 4; ++j) acc[4 * i + j] = (uint32_t)g->bias[rb + j];
    mlonmcu_s16_block_4x4(xbuf, w, pairs, acc);
    mlonmcu_gemm_store_block(g, rb, acc, n, out);
  }
}

/* Any number of rows, 4 at a time. */
static void mlonmcu_gemm_s16_paired(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                    int8_t* const* out) {
  int32_t i;
  for (i = 0; i < n; i += 4) mlonmcu_gemm_s16_paired_4rows(g, x + i, n - i < 4 ? n - i : 4, out + i);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_ */
