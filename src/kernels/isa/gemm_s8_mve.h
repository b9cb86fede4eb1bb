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

/* `groups` full groups of 16 values in each of `segs` runs (seg_stride bytes apart): rows xa,
 * xb against 2 channels of a block (w at the first one's 16 weights of the group; the block's
 * groups are 64 bytes apart), added to a[0..1] (row a) and b[0..1] (row b). 2 + 2 loads and 4 VMLADAVA per group, a low-overhead loop (LE). */
static MLONMCU_NOINLINE void mlonmcu_mve_groups_2x2(const int8_t* xa, const int8_t* xb,
                                                    const int8_t* w, int32_t groups, int32_t segs,
                                                    int32_t seg_stride, int32_t* a, int32_t* b) {
  /* VMLADAVA accumulates into even registers only (of which r0-r12 has 7, which is why the C
   * version spilled with 8 accumulators); lr counts the low-overhead loop. */
  register int32_t n __asm__("lr") = groups;
  register int32_t a0 __asm__("r4") = a[0];
  register int32_t a1 __asm__("r6") = a[1];
  register int32_t b0 __asm__("r8") = b[0];
  register int32_t b1 __asm__("r10") = b[1];
  int32_t s;
  if (groups <= 0) return;
  for (s = 0; s < segs; ++s, xa += seg_stride - 16 * groups, xb += seg_stride - 16 * groups) {
    n = groups;
    __asm__ volatile(
      "dls lr, lr\n"
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
      : [a0] "+r"(a0), [a1] "+r"(a1), [b0] "+r"(b0), [b1] "+r"(b1), [xa] "+r"(xa),
        [xb] "+r"(xb), [w] "+r"(w), "+r"(n)
      :
      : "q0", "q1", "q2", "q3", "memory");
  }
  a[0] = a0, a[1] = a1, b[0] = b0, b[1] = b1;
}

/* Dot products of rows xa, xb with the 4 channels of a block (w), added to a[0..3] (row a)
 * and b[0..3] (row b): `segs` runs of seg_len values (a multiple of 16 when segs > 1),
 * seg_stride bytes apart. kp: the padded depth of the layout. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_dot_2x4(const int8_t* xa, const int8_t* xb,
                                                      const int8_t* w, int32_t segs,
                                                      int32_t seg_len, int32_t seg_stride,
                                                      int32_t kp, int32_t a[4], int32_t b[4]) {
  int32_t a0, a1, a2, a3, b0, b1, b2, b3, g;
  const int32_t groups = seg_len >> 4;
  /* Full groups of every run, channels 0-1 then 2-3. */
  mlonmcu_mve_groups_2x2(xa, xb, w, groups, segs, seg_stride, a, b);
  mlonmcu_mve_groups_2x2(xa, xb, w + 32, groups, segs, seg_stride, a + 2, b + 2);
  w += 64 * groups * segs;
  /* The last run's last (possibly short) group. */
  xa += (segs - 1) * seg_stride, xb += (segs - 1) * seg_stride;
  kp -= (segs - 1) * seg_len;
  g = seg_len & ~15;
  a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
  b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
  if (g < seg_len) { /* the last group: r values per channel in the layout, seg_len - g real */
    const int32_t r = kp - g < 16 ? kp - g : 16;
    const mve_pred16_t p = vctp8q((uint32_t)(seg_len - g));
    const int8x16_t va = vldrbq_z_s8(xa + g, p), vb = vldrbq_z_s8(xb + g, p);
    int8x16_t vw = vldrbq_z_s8(w, p);
    a0 = vmladavaq_s8(a0, va, vw), b0 = vmladavaq_s8(b0, vb, vw);
    vw = vldrbq_z_s8(w + r, p);
    a1 = vmladavaq_s8(a1, va, vw), b1 = vmladavaq_s8(b1, vb, vw);
    vw = vldrbq_z_s8(w + 2 * r, p);
    a2 = vmladavaq_s8(a2, va, vw), b2 = vmladavaq_s8(b2, vb, vw);
    vw = vldrbq_z_s8(w + 3 * r, p);
    a3 = vmladavaq_s8(a3, va, vw), b3 = vmladavaq_s8(b3, vb, vw);
  }
  a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3;
  b[0] = b0, b[1] = b1, b[2] = b2, b[3] = b3;
}

/* Every channel of n input rows, two at a time, each block's requantization values loaded
 * once for all of them. */
static MLONMCU_NOINLINE void mlonmcu_gemm_s8_blocked(const mlonmcu_gemm_t* g,
                                                     const int8_t* const* x, int32_t n,
                                                     int8_t* const* out) {
  const int32_t depth = g->depth, kp = (depth + 3) & ~3, segs = g->segs;
  const int8_t* w = (const int8_t*)g->weights;
  const mlonmcu_mve_requant_t rq = mlonmcu_mve_requant_make(g->output_offset, g->act_min, g->act_max);
  int32_t rb, i;
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * kp) {
    const int32_t count = g->rows - rb < 4 ? g->rows - rb : 4;
    const mlonmcu_mve_channels_t ch = mlonmcu_mve_channels_load(g, rb);
    for (i = 0; i < n; i += 2) {
      const int second = i + 1 < n;
      int32_t a[4], b[4];
      a[0] = b[0] = g->bias[rb], a[1] = b[1] = g->bias[rb + 1];
      a[2] = b[2] = g->bias[rb + 2], a[3] = b[3] = g->bias[rb + 3];
      mlonmcu_mve_dot_2x4(x[i], x[second ? i + 1 : i], w, segs, g->seg_len, g->seg_stride, kp, a,
                          b);
      mlonmcu_mve_requant_store(&rq, &ch, mlonmcu_mve_lanes(a), out[i] + rb, count);
      if (second) mlonmcu_mve_requant_store(&rq, &ch, mlonmcu_mve_lanes(b), out[i + 1] + rb, count);
    }
  }
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_MVE_H_ */
