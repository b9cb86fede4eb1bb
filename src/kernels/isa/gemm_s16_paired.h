/* Internal: the S16_PAIRED matrix product (packing.h), in plain C written for RISC-V rv32imc:
 * no SIMD, 31 registers, every multiply-add costs a multiply and an add.
 *
 * Input values are paired like the weights, X = x[2j + 1] + 65536 * x[2j], once per input row.
 * The low 32 bits of X * W (W = w[2j] + 65536 * w[2j + 1]) are e + 65536 * D with
 * D = x[2j] * w[2j] + x[2j + 1] * w[2j + 1] and e = x[2j + 1] * w[2j]; with int8 inputs and
 * weights in [-127, 127], |e| <= 16256 and |D| <= 32512, so the 32-bit value does not wrap and
 * (X * W + 32768) >> 16 is exactly D: two multiply-adds in one multiply, an add, a shift and an
 * add. Where a block's quad bit allows (packing.h: the 4 weights' absolute values sum to at most
 * 255, so the two D sum to at most 32640 in magnitude and the two e to at most 32640), two pair
 * products are summed before one add and shift: four multiply-adds in 6 instructions. 3 input
 * rows x 4 output rows per pass, the 12 accumulators in registers. */
#ifndef MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_
#define MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_

#include "gemm_common.h"

/* D of one pair product, added to an accumulator; QUAD: of two pair products summed first (a
 * block's quad bit, packing.h, guarantees the sum's halves stay exact). */
#define MLONMCU_PAIR_MAC(acc, xv, wv, half) \
  acc += (uint32_t)((int32_t)((uint32_t)(xv) * (uint32_t)(wv) + (half)) >> 16)
#define MLONMCU_QUAD_MAC(acc, xv, wv, yv, vv, half)                                          \
  acc += (uint32_t)((int32_t)((uint32_t)(xv) * (uint32_t)(wv) + (uint32_t)(yv) * (uint32_t)(vv) + \
                              (half)) >> 16)

/* The steps of one mask word's groups (bits) up to gend, of one block of 4 output rows
 * against `rows` (1 or 3) input rows in xp ([pair][rows] words): quad groups where the block's
 * bits allow, pairs elsewhere. */
#define MLONMCU_S16_WORD_STEPS(ROWS, QUAD_STEP, PAIR_STEP)                                   \
  for (; wp != gend; bits >>= 1) {                                                           \
    /* The empty asm keeps GCC from starting both ways before the branch; the pair way is   \
     * two steps of one pair, each with its inputs in the same registers. */                 \
    if (bits & 1u) {                                                                         \
      MLONMCU_KEEP_ORDER("+r"(wp), "+r"(xp));                                                \
      QUAD_STEP();                                                                           \
      wp += 8, xp += 2 * (ROWS);                                                             \
    } else {                                                                                 \
      MLONMCU_KEEP_ORDER("+r"(wp), "+r"(xp));                                                \
      PAIR_STEP(0);                                                                          \
      wp += 4, xp += (ROWS);                                                                 \
      MLONMCU_KEEP_ORDER("+r"(wp), "+r"(xp));                                                \
      PAIR_STEP(0);                                                                          \
      wp += 4, xp += (ROWS);                                                                 \
    }                                                                                        \
  }

/* The register-freeing copies below only pay where S16 weights are the lowering's choice: cores
 * without SIMD (rv32). SIMD builds compute S16 layouts in one copy (kernels.isa=rv32 on them
 * only costs speed), so interp, which links every variant, stays as small there. */
#define MLONMCU_S16_COPIES (!MLONMCU_DSP && !MLONMCU_MVE)

/* The k-loop of one block: every mask word's groups, then the tail's pairs. ONE_WORD: the
 * block has one mask word (depth below 132), whose loop needs no bookkeeping between words:
 * in the 3-row blocks that frees what GCC otherwise spills per block (rv32 vww -148 K
 * instructions); in the 1-row ones, where registers are plenty, it made GCC spill weights. */
#define MLONMCU_S16_BLOCK_LOOP(ROWS, QUAD_STEP, PAIR_STEP, ONE_WORD)                         \
  do {                                                                                       \
    const uint32_t* masks = (const uint32_t*)blk;                                           \
    const int32_t* wp = blk + mask_words;                                                    \
    int32_t m;                                                                               \
    if (ONE_WORD && MLONMCU_S16_COPIES && mask_words == 1) {                                 \
      uint32_t bits = *masks;                                                                \
      const int32_t* const gend = wp + 8 * groups;                                           \
      MLONMCU_S16_WORD_STEPS(ROWS, QUAD_STEP, PAIR_STEP)                                     \
    } else {                                                                                 \
      int32_t left = groups;                                                                 \
      for (m = 0; m < mask_words; ++m, left -= 32) {                                         \
        uint32_t bits = masks[m];                                                            \
        const int32_t* gend = wp + 8 * (left < 32 ? left : 32);                              \
        MLONMCU_S16_WORD_STEPS(ROWS, QUAD_STEP, PAIR_STEP)                                   \
      }                                                                                      \
    }                                                                                        \
    for (m = 0; m < tail; ++m, wp += 4, xp += (ROWS)) PAIR_STEP(0);                          \
  } while (0)

/* Output rows per call of the block kernels: their entry and exit (saving registers, moving
 * arguments) cost as much as a step of the k-loop, so they run over several blocks; the
 * accumulators of all of them go to the stack. */
#define MLONMCU_S16_CALL_BLOCKS 8

/* The short requantization of one accumulator with a channel's doubled multiplier (it fits 32
 * unsigned bits, so one signed x unsigned high multiply), clamped. */
static MLONMCU_ALWAYS_INLINE int32_t mlonmcu_s16_requant(uint32_t acc, uint32_t m2, uint32_t round,
                                                        int32_t rs, int32_t zp_after, int32_t lo,
                                                        int32_t hi) {
  int32_t v = mlonmcu_short_requant_m2(acc, m2, round, rs) + zp_after;
  if (v < lo) v = lo;
  if (v > hi) v = hi;
  return v;
}

/* Where mlonmcu_s16_block_3x4 stores whole blocks itself, with a short requantization (forms 1
 * and 2): the first block's channels' entries and output pointers of the 3 input rows (equal
 * where there are fewer rows), read only after each block's k-loop. */
typedef struct {
  const mlonmcu_requant_entry_t* q;
  int8_t* o[3];
  int32_t zp_after, lo, hi;
} mlonmcu_s16_out_t;

/* One block (the `done`-th of a call): acc[4 * i + r] = bias[r] + sum over the block's pairs of
 * input row i (of 3, xp: [pair][3] words) x output row r; or, with st, those requantized into the
 * outputs (no trip through the stack and no second loop over the blocks). The 12 accumulators,
 * 6 inputs, 2 weights and the pointers just fit rv32's registers. mlonmcu_s16_block_3x4 runs it
 * over nblocks blocks (block_words apart, biases 4 apart, acc 12 apart). */
static MLONMCU_ALWAYS_INLINE void mlonmcu_s16_one_block_3x4(const int32_t* xp, const int32_t* blk,
                                                         int32_t groups, int32_t mask_words,
                                                         int32_t tail, const int32_t* bias,
                                                         uint32_t* acc, int32_t done,
                                                         const mlonmcu_s16_out_t* st, int zp0) {
  const uint32_t half = 32768u;
  uint32_t a0 = (uint32_t)bias[0], a1 = (uint32_t)bias[1], a2 = (uint32_t)bias[2], a3 = (uint32_t)bias[3];
  uint32_t b0 = a0, b1 = a1, b2 = a2, b3 = a3, c0 = a0, c1 = a1, c2 = a2, c3 = a3;
#define MLONMCU_QUAD_ROW(r, aa, bb, cc)                                                    \
  do {                                                                                     \
    const int32_t wv = wp[r], vv = wp[4 + (r)];                                           \
    MLONMCU_QUAD_MAC(aa, xp[0], wv, xp[3], vv, half);                                      \
    MLONMCU_QUAD_MAC(bb, xp[1], wv, xp[4], vv, half);                                      \
    MLONMCU_QUAD_MAC(cc, xp[2], wv, xp[5], vv, half);                                      \
    MLONMCU_KEEP_ORDER("+r"(aa), "+r"(bb), "+r"(cc), "+r"(wp));                            \
  } while (0)
#define MLONMCU_QUAD3()                                                                    \
  do {                                                                                     \
    MLONMCU_QUAD_ROW(0, a0, b0, c0);                                                       \
    MLONMCU_QUAD_ROW(1, a1, b1, c1);                                                       \
    MLONMCU_QUAD_ROW(2, a2, b2, c2);                                                       \
    MLONMCU_QUAD_ROW(3, a3, b3, c3);                                                       \
  } while (0)
#define MLONMCU_PAIR_ROW(h, r, aa, bb, cc)                                                 \
  do {                                                                                     \
    const int32_t wv = wp[4 * (h) + (r)];                                                  \
    MLONMCU_PAIR_MAC(aa, x0, wv, half);                                                    \
    MLONMCU_PAIR_MAC(bb, x1, wv, half);                                                    \
    MLONMCU_PAIR_MAC(cc, x2, wv, half);                                                    \
    MLONMCU_KEEP_ORDER("+r"(aa), "+r"(bb), "+r"(cc), "+r"(wp));                            \
  } while (0)
#define MLONMCU_PAIR3(h)                                                                   \
  do {                                                                                     \
    const int32_t x0 = xp[3 * (h)], x1 = xp[3 * (h) + 1], x2 = xp[3 * (h) + 2];            \
    MLONMCU_PAIR_ROW(h, 0, a0, b0, c0);                                                    \
    MLONMCU_PAIR_ROW(h, 1, a1, b1, c1);                                                    \
    MLONMCU_PAIR_ROW(h, 2, a2, b2, c2);                                                    \
    MLONMCU_PAIR_ROW(h, 3, a3, b3, c3);                                                    \
    MLONMCU_KEEP_ORDER("+r"(xp));                                                          \
  } while (0)
  MLONMCU_S16_BLOCK_LOOP(3, MLONMCU_QUAD3, MLONMCU_PAIR3, 1);
#undef MLONMCU_QUAD_ROW
#undef MLONMCU_QUAD3
#undef MLONMCU_PAIR_ROW
#undef MLONMCU_PAIR3
  if (st) {
    const mlonmcu_requant_entry_t* q = st->q + 4 * done;
    int8_t* o0 = st->o[0] + 4 * done;
    int8_t* o1 = st->o[1] + 4 * done;
    int8_t* o2 = st->o[2] + 4 * done;
    const int32_t zp = zp0 ? 0 : st->zp_after, lo = st->lo, hi = st->hi;
#define MLONMCU_S16_OUT(j, aa, bb, cc)                                                     \
  do {                                                                                     \
    const uint32_t m2 = (uint32_t)q[j].multiplier << 1, rd = (uint32_t)q[j].round;         \
    const int32_t rs = q[j].rs;                                                            \
    o0[j] = (int8_t)mlonmcu_s16_requant(aa, m2, rd, rs, zp, lo, hi);                        \
    o1[j] = (int8_t)mlonmcu_s16_requant(bb, m2, rd, rs, zp, lo, hi);                        \
    o2[j] = (int8_t)mlonmcu_s16_requant(cc, m2, rd, rs, zp, lo, hi);                        \
  } while (0)
    MLONMCU_S16_OUT(0, a0, b0, c0);
    MLONMCU_S16_OUT(1, a1, b1, c1);
    MLONMCU_S16_OUT(2, a2, b2, c2);
    MLONMCU_S16_OUT(3, a3, b3, c3);
#undef MLONMCU_S16_OUT
    return;
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
  acc[4] = b0, acc[5] = b1, acc[6] = b2, acc[7] = b3;
  acc[8] = c0, acc[9] = c1, acc[10] = c2, acc[11] = c3;
}

#define MLONMCU_S16_BLOCKS_3X4(name, zp0)                                                   \
  static MLONMCU_NOINLINE void name(const int32_t* x_rows, const int32_t* blk, int32_t groups, \
                                    int32_t mask_words, int32_t tail, const int32_t* bias,     \
                                    uint32_t* acc, int32_t nblocks, int32_t block_words,       \
                                    const mlonmcu_s16_out_t* st) {                             \
    int32_t done;                                                                            \
    for (done = 0; done < nblocks; ++done, blk += block_words, bias += 4, acc += 12)         \
      mlonmcu_s16_one_block_3x4(x_rows, blk, groups, mask_words, tail, bias, acc, done, st,  \
                                zp0);                                                        \
  }
/* A zero point of constant 0 after the shift (form 1, whose zero point is in round, or form 2
 * with zero point 0) frees the register and the add per output. */
MLONMCU_S16_BLOCKS_3X4(mlonmcu_s16_block_3x4, 0)
#if MLONMCU_S16_COPIES
MLONMCU_S16_BLOCKS_3X4(mlonmcu_s16_block_3x4_zp0, 1)
#else
#define mlonmcu_s16_block_3x4_zp0 mlonmcu_s16_block_3x4
#endif
#undef MLONMCU_S16_BLOCKS_3X4

/* The same for one input row (xp: [pair] words), acc[r] as for row 0 above. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_s16_one_block_1x4(const int32_t* xp, const int32_t* blk,
                                                         int32_t groups, int32_t mask_words,
                                                         int32_t tail, const int32_t* bias,
                                                         uint32_t* acc) {
  const uint32_t half = 32768u;
  uint32_t a0 = (uint32_t)bias[0], a1 = (uint32_t)bias[1], a2 = (uint32_t)bias[2], a3 = (uint32_t)bias[3];
#define MLONMCU_QUAD1()                                                                    \
  do {                                                                                     \
    const int32_t x = xp[0], y = xp[1];                                                    \
    MLONMCU_QUAD_MAC(a0, x, wp[0], y, wp[4], half);                                        \
    MLONMCU_QUAD_MAC(a1, x, wp[1], y, wp[5], half);                                        \
    MLONMCU_QUAD_MAC(a2, x, wp[2], y, wp[6], half);                                        \
    MLONMCU_QUAD_MAC(a3, x, wp[3], y, wp[7], half);                                        \
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(wp));                  \
  } while (0)
#define MLONMCU_PAIR1(h)                                                                   \
  do {                                                                                     \
    const int32_t x = xp[h];                                                               \
    MLONMCU_PAIR_MAC(a0, x, wp[4 * (h)], half);                                            \
    MLONMCU_PAIR_MAC(a1, x, wp[4 * (h) + 1], half);                                        \
    MLONMCU_PAIR_MAC(a2, x, wp[4 * (h) + 2], half);                                        \
    MLONMCU_PAIR_MAC(a3, x, wp[4 * (h) + 3], half);                                        \
    MLONMCU_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(wp));                  \
  } while (0)
  MLONMCU_S16_BLOCK_LOOP(1, MLONMCU_QUAD1, MLONMCU_PAIR1, 0);
#undef MLONMCU_QUAD1
#undef MLONMCU_PAIR1
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
}

static MLONMCU_NOINLINE void mlonmcu_s16_block_1x4(const int32_t* x_rows, const int32_t* blk,
                                                   int32_t groups, int32_t mask_words,
                                                   int32_t tail, const int32_t* bias,
                                                   uint32_t* acc, int32_t nblocks,
                                                   int32_t block_words) {
  for (; nblocks > 0; --nblocks, blk += block_words, bias += 4, acc += 12)
    mlonmcu_s16_one_block_1x4(x_rows, blk, groups, mask_words, tail, bias, acc);
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

/* X words of one input row (its runs have an even length when there are several). S16_PERMUTED
 * (one contiguous run, packing.h): the whole groups' values in the packed order, then the tail
 * as it is. */
static inline void mlonmcu_pair_inputs(const mlonmcu_gemm_t* g, const uint16_t* perm,
                                       const int8_t* row, int32_t* dst, int32_t step) {
  const int32_t segs = g->segs;
  int32_t s;
  if (perm) {
    const int32_t n = 4 * (g->depth >> 2);
    const uint16_t* end = perm + n;
    for (; perm != end; perm += 2, dst += step)
      *dst = (int32_t)((uint32_t)(int32_t)row[perm[1]] + ((uint32_t)(int32_t)row[perm[0]] << 16));
    mlonmcu_pair_run(row + n, g->depth - n, dst, step);
    return;
  }
  for (s = 0; s < segs; ++s) dst = mlonmcu_pair_run(row + s * g->seg_stride, g->seg_len, dst, step);
}

/* mlonmcu_pair_inputs of S16_PERMUTED for 3 input rows at once ([pair][3] words): each
 * position pair of the permutation loaded once for the 3 rows. */
static inline void mlonmcu_pair_permuted3(const mlonmcu_gemm_t* g, const uint16_t* perm,
                                          const int8_t* r0, const int8_t* r1, const int8_t* r2,
                                          int32_t* dst) {
  const int32_t n = 4 * (g->depth >> 2);
  const uint16_t* end = perm + n;
#define MLONMCU_PAIR_AT(r, a, b) \
  (int32_t)((uint32_t)(int32_t)(r)[b] + ((uint32_t)(int32_t)(r)[a] << 16))
  for (; perm != end; perm += 2, dst += 3) {
    const int32_t a = perm[0], b = perm[1];
    dst[0] = MLONMCU_PAIR_AT(r0, a, b);
    dst[1] = MLONMCU_PAIR_AT(r1, a, b);
    dst[2] = MLONMCU_PAIR_AT(r2, a, b);
  }
#undef MLONMCU_PAIR_AT
  mlonmcu_pair_run(r0 + n, g->depth - n, dst, 3);
  mlonmcu_pair_run(r1 + n, g->depth - n, dst + 1, 3);
  mlonmcu_pair_run(r2 + n, g->depth - n, dst + 2, 3);
}

/* X words of 1 or 3 input rows ([pair][rows] words) read through g->offsets (gemm.h): each
 * offset pair loaded once for the rows. */
static inline void mlonmcu_pair_offsets(const mlonmcu_gemm_t* g, const int8_t* r0,
                                        const int8_t* r1, const int8_t* r2, int32_t rows,
                                        int32_t* dst) {
  const uint16_t* off = g->offsets;
  const uint16_t* end = off + (g->depth & ~1);
#define MLONMCU_PAIR_AT(r, a, b) \
  (int32_t)((uint32_t)(int32_t)(r)[b] + ((uint32_t)(int32_t)(r)[a] << 16))
  if (rows == 1) {
    for (; off != end; off += 2, ++dst) *dst = MLONMCU_PAIR_AT(r0, off[0], off[1]);
    if (g->depth & 1) *dst = (int32_t)((uint32_t)(int32_t)r0[off[0]] << 16);
    return;
  }
  for (; off != end; off += 2, dst += 3) {
    const int32_t a = off[0], b = off[1];
    dst[0] = MLONMCU_PAIR_AT(r0, a, b);
    dst[1] = MLONMCU_PAIR_AT(r1, a, b);
    dst[2] = MLONMCU_PAIR_AT(r2, a, b);
  }
#undef MLONMCU_PAIR_AT
  if (g->depth & 1) {
    const int32_t a = off[0];
    dst[0] = (int32_t)((uint32_t)(int32_t)r0[a] << 16);
    dst[1] = (int32_t)((uint32_t)(int32_t)r1[a] << 16);
    dst[2] = (int32_t)((uint32_t)(int32_t)r2[a] << 16);
  }
}

/* Form 3 (accumulators beyond 2^30, channel_requant.h): the same high multiply, exact for any
 * accumulator here, and the rounding shift split into the shifted value and the rounded
 * remainder, so nothing overflows; the zero point after the shift. */
static MLONMCU_ALWAYS_INLINE int32_t mlonmcu_s16_requant_long(uint32_t acc, uint32_t m2,
                                                             int32_t rs, int32_t zp, int32_t lo,
                                                             int32_t hi) {
  const int64_t prod = (int64_t)(int32_t)acc * (int64_t)m2;
  const int32_t h = (int32_t)((uint32_t)(int32_t)(prod >> 32) + ((uint32_t)prod >> 31));
  const int32_t mask = (int32_t)(((uint32_t)1 << rs) - 1u);
  const uint32_t rest = (uint32_t)(h & mask) - ((uint32_t)h >> 31) + ((uint32_t)1 << (rs - 1));
  int32_t v = (h >> rs) + (int32_t)(rest >> rs) + zp;
  if (v < lo) v = lo;
  if (v > hi) v = hi;
  return v;
}

/* The short forms' loop of mlonmcu_s16_store; a zp_after of constant 0 (form 1, or form 2
 * with a zero point 0) drops its add. Fewer rows store the last one's value again, at the same
 * place. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_s16_store_short(const mlonmcu_requant_entry_t* q,
                                                      const uint32_t* acc, int32_t count,
                                                      int32_t n, int32_t zp_after, int32_t lo,
                                                      int32_t hi, int8_t* o0, int8_t* o1,
                                                      int8_t* o2) {
  int32_t j;
  for (j = 0; j < count; ++j, ++q, ++acc) {
    const uint32_t m2 = (uint32_t)q->multiplier << 1, round = (uint32_t)q->round;
    const int32_t rs = q->rs;
    o0[j] = (int8_t)mlonmcu_s16_requant(acc[0], m2, round, rs, zp_after, lo, hi);
    if (n > 1) o1[j] = (int8_t)mlonmcu_s16_requant(acc[4], m2, round, rs, zp_after, lo, hi);
    if (n > 2) o2[j] = (int8_t)mlonmcu_s16_requant(acc[8], m2, round, rs, zp_after, lo, hi);
  }
}

/* The short requantization of acc[4 * i + j] into out[i][r0 + j], i < n <= 3, for the channels
 * r0 + j that exist, a channel's values loaded once for its n outputs; form 3 the long way.
 * Form 0: mlonmcu_gemm_store_block. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_s16_store(const mlonmcu_gemm_t* g, int32_t r0,
                                               const uint32_t* acc, int32_t n,
                                               int8_t* const* out) {
  const int32_t count = g->rows - r0 < 4 ? g->rows - r0 : 4;
  const int32_t lo = g->act_min, hi = g->act_max;
  const int32_t zp_after = g->short_requant == 2 ? g->output_offset : 0;
  const mlonmcu_requant_entry_t* q = &g->requant[r0];
  int8_t* o0 = out[0] + r0;
  int8_t* o1 = n > 1 ? out[1] + r0 : o0;
  int8_t* o2 = n > 2 ? out[2] + r0 : o1;
  int32_t j;
  if (g->short_requant == 3) {
    for (j = 0; j < count; ++j, ++q, ++acc) {
      const uint32_t m2 = (uint32_t)q->multiplier << 1;
      const int32_t rs = q->rs, zp = g->output_offset;
      o0[j] = (int8_t)mlonmcu_s16_requant_long(acc[0], m2, rs, zp, lo, hi);
      if (n > 1) o1[j] = (int8_t)mlonmcu_s16_requant_long(acc[4], m2, rs, zp, lo, hi);
      if (n > 2) o2[j] = (int8_t)mlonmcu_s16_requant_long(acc[8], m2, rs, zp, lo, hi);
    }
    return;
  }
  if (g->short_requant != 1 && g->short_requant != 2) {
    mlonmcu_gemm_store_block(g, r0, acc, n, out);
    return;
  }
  if (zp_after == 0)
    mlonmcu_s16_store_short(q, acc, count, n, 0, lo, hi, o0, o1, o2);
  else
    mlonmcu_s16_store_short(q, acc, count, n, zp_after, lo, hi, o0, o1, o2);
}

/* Up to 3 input rows (fewer: the last one repeated) against every block of output rows. */
static void mlonmcu_gemm_s16_paired_3rows(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                          int32_t n, int8_t* const* out) {
  const int32_t depth = g->depth, pairs = (depth + 1) >> 1, groups = depth >> 2;
  const int32_t mask_words = mlonmcu_s16_mask_words(depth), tail = pairs - 2 * groups;
  const int32_t block_words = mask_words + 4 * pairs;
  const int32_t rows = n == 1 ? 1 : 3;
  int32_t xbuf[rows * pairs]; /* [pair][input row] */
  const int32_t* blk = (const int32_t*)g->weights;
  const uint16_t* perm =
      g->layout == MLONMCU_WEIGHTS_S16_PERMUTED
          ? (const uint16_t*)(blk + mlonmcu_packed_rows(g->rows) / 4 * block_words)
          : 0;
  /* Whole blocks only (a last block of fewer rows would write past the row). */
  const int inline_store = (g->short_requant == 1 || g->short_requant == 2) && (g->rows & 3) == 0;
  mlonmcu_s16_out_t st;
  int32_t p, rb;
  st.zp_after = g->short_requant == 2 ? g->output_offset : 0;
  st.lo = g->act_min, st.hi = g->act_max;
  if (g->offsets)
    mlonmcu_pair_offsets(g, x[0], x[n > 1 ? 1 : 0], x[n > 2 ? 2 : n - 1], rows, xbuf);
  else if (perm && rows == 3)
    mlonmcu_pair_permuted3(g, perm, x[0], x[n > 1 ? 1 : 0], x[n > 2 ? 2 : n - 1], xbuf);
  else
    for (p = 0; p < rows; ++p) mlonmcu_pair_inputs(g, perm, x[p < n ? p : n - 1], xbuf + p, rows);
  for (rb = 0; rb < g->rows; rb += 4 * MLONMCU_S16_CALL_BLOCKS,
      blk += MLONMCU_S16_CALL_BLOCKS * block_words) {
    const int32_t left = (g->rows - rb + 3) >> 2;
    const int32_t nb = left < MLONMCU_S16_CALL_BLOCKS ? left : MLONMCU_S16_CALL_BLOCKS;
    uint32_t acc[12 * MLONMCU_S16_CALL_BLOCKS];
    int32_t b;
    if (rows == 1) {
      mlonmcu_s16_block_1x4(xbuf, blk, groups, mask_words, tail, g->bias + rb, acc, nb, block_words);
    } else if (inline_store) {
      st.q = g->requant + rb;
      st.o[0] = out[0] + rb, st.o[1] = out[n > 1 ? 1 : 0] + rb, st.o[2] = out[n > 2 ? 2 : n - 1] + rb;
      (st.zp_after == 0 ? mlonmcu_s16_block_3x4_zp0 : mlonmcu_s16_block_3x4)(
          xbuf, blk, groups, mask_words, tail, g->bias + rb, acc, nb, block_words, &st);
      continue;
    } else {
      mlonmcu_s16_block_3x4(xbuf, blk, groups, mask_words, tail, g->bias + rb, acc, nb, block_words,
                            0);
    }
    for (b = 0; b < nb; ++b) mlonmcu_s16_store(g, rb + 4 * b, acc + 12 * b, n, out);
  }
}

/* Any number of rows, 3 at a time. */
static void mlonmcu_gemm_s16_paired(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                    int8_t* const* out) {
  int32_t i;
  for (i = 0; i < n; i += 3) mlonmcu_gemm_s16_paired_3rows(g, x + i, n - i < 3 ? n - i : 3, out + i);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S16_PAIRED_H_ */
