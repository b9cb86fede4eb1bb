/* Internal: the S8_BLOCKED matrix product for Cortex-M55 Helium (MVE). The input rows stay
 * int8; one VMLADAVA multiplies 16 input bytes with a channel's 16 weights (one vector load each,
 * the layout puts a channel's 16 values of a group side by side) and adds the sum to a scalar
 * accumulator: per group of 16 values, 2 rows x 4 channels take 2 input loads, 4 weight loads
 * and 8 VMLADAVA for 128 multiply-adds. The last group is tail-predicated, so no byte past an
 * input row is read. VMLADAVA's sums wrap modulo 2^32 like the portable accumulators.
 *
 * Requantization runs on 4 channels at once (mve_requant.h). */
#ifndef MLONMCU_KERNELS_ISA_GEMM_S8_MVE_H_
#define MLONMCU_KERNELS_ISA_GEMM_S8_MVE_H_

#include "gemm_common.h"
#include "mve_requant.h"

/* `groups` full groups of 16 values of one run: rows xa, xb against 2 channels of a block (w at
 * the first one's 16 weights of the group; the block's groups are 64 bytes apart), added to
 * acc = {row a ch 0, row a ch 1, row b ch 0, row b ch 1}. 2 + 2 loads and 4 VMLADAVA per group
 * in a low-overhead loop (LE). VMLADAVA accumulates into even registers only, of which r0-r12
 * hold 7: the C version spilled with 8 accumulators, hence the assembly with 4. */
static MLONMCU_ALWAYS_INLINE const int8_t* mlonmcu_mve_groups_2x2(const int8_t* xa, const int8_t* xb,
                                                                  const int8_t* w, int32_t groups,
                                                                  int32_t acc[4]) {
  register int32_t n __asm__("lr") = groups;
  register int32_t a0 __asm__("r4") = acc[0];
  register int32_t a1 __asm__("r6") = acc[1];
  register int32_t b0 __asm__("r8") = acc[2];
  register int32_t b1 __asm__("r10") = acc[3];
  __asm__ volatile(
      "wls lr, lr, 2f\n"
      "1:\n"
      "vldrb.8 q0, [%[xa]], #16\n"
      "vldrb.8 q1, [%[xb]], #16\n"
      "vldrb.8 q2, [%[w]], #16\n"
      "vldrb.8 q3, [%[w]], #48\n"
      "vmladava.s8 %[a0], q0, q2\n"
      "vmladava.s8 %[b0], q1, q2\n"
      "vmladava.s8 %[a1], q0, q3\n"
      "vmladava.s8 %[b1], q1, q3\n"
      "le lr, 1b\n"
      "2:\n"
      : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [xa] "+r"(xa),
        [xb] "+r"(xb), [w] "+r"(w), "+r"(n)
      :
      : "q0", "q1", "q2", "q3", "memory");
  acc[0] = a0, acc[1] = a1, acc[2] = b0, acc[3] = b1;
  return w;
}

/* The last group of a row when depth is not a multiple of 16: r values per channel in the
 * layout (w: the group's weights), `valid` of them in the input, predicated. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_tail_2x4(const int8_t* xa, const int8_t* xb,
                                                       const int8_t* w, int32_t r, int32_t valid,
                                                       int32_t* a, int32_t* b) {
  const mve_pred16_t p = vctp8q((uint32_t)valid);
  const int8x16_t va = vldrbq_z_s8(xa, p), vb = vldrbq_z_s8(xb, p);
  int32_t c;
  for (c = 0; c < 4; ++c) {
    const int8x16_t vw = vldrbq_z_s8(w + c * r, p);
    a[c] = vmladavaq_s8(a[c], va, vw);
    b[c] = vmladavaq_s8(b[c], vb, vw);
  }
}

/* Every channel of n input rows, two at a time; each block's bias and requantization values
 * are loaded once for all rows. */
static MLONMCU_NOINLINE void mlonmcu_gemm_s8_blocked(const mlonmcu_gemm_t* g,
                                                     const int8_t* const* x, int32_t n,
                                                     int8_t* const* out) {
  const int32_t depth = g->depth, kp = (depth + 3) & ~3, segs = g->segs;
  const int32_t seg_len = g->seg_len, seg_stride = g->seg_stride, groups = seg_len >> 4;
  /* The last run ends in a group of r layout values, `valid` of them real (0: none). */
  const int32_t valid = seg_len & 15, r = kp - (depth - valid) < 16 ? kp - (depth - valid) : 16;
  const int8_t* w = (const int8_t*)g->weights;
  const mlonmcu_mve_requant_t rq = mlonmcu_mve_requant_make(g->output_offset, g->act_min, g->act_max);
  int32_t rb, i, s;
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * kp) {
    const int32_t count = g->rows - rb < 4 ? g->rows - rb : 4;
    const mlonmcu_mve_channels_t ch = mlonmcu_mve_channels_load(g, rb);
    const int32x4_t bias = vld1q_s32(g->bias + rb); /* padded to whole blocks */
    for (i = 0; i < n; i += 2) {
      const int8_t* xa = x[i];
      const int8_t* xb = x[i + 1 < n ? i + 1 : i];
      const int8_t* wp = w;
      int32_t lo[4] = {0, 0, 0, 0}, hi[4] = {0, 0, 0, 0}; /* channels 0-1, 2-3 */
      int32_t a[4], b[4];
      for (s = 0; s < segs; ++s) {
        mlonmcu_mve_groups_2x2(xa + s * seg_stride, xb + s * seg_stride, wp, groups, lo);
        wp = mlonmcu_mve_groups_2x2(xa + s * seg_stride, xb + s * seg_stride, wp + 32, groups, hi) - 32;
      }
      a[0] = lo[0], a[1] = lo[1], a[2] = hi[0], a[3] = hi[1];
      b[0] = lo[2], b[1] = lo[3], b[2] = hi[2], b[3] = hi[3];
      if (valid)
        mlonmcu_mve_tail_2x4(xa + (segs - 1) * seg_stride + 16 * groups,
                             xb + (segs - 1) * seg_stride + 16 * groups, wp, r, valid, a, b);
      mlonmcu_mve_requant_store(&rq, &ch, vaddq_s32(vld1q_s32(a), bias), out[i] + rb, count);
      if (i + 1 < n)
        mlonmcu_mve_requant_store(&rq, &ch, vaddq_s32(vld1q_s32(b), bias), out[i + 1] + rb, count);
    }
  }
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_MVE_H_ */
