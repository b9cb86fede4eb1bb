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

/* The assembly below names registers (r7 among them), which GCC's frame pointer takes at -O0:
 * unoptimized builds use the intrinsic loops after mlonmcu_mve_tail_2x4 instead. */
#if defined(__OPTIMIZE__)
#define MLONMCU_MVE_GEMM_ASM 1
/* The full groups of 16 values of every run of rows xa and xb (segs runs of `groups` groups,
 * `jump` bytes from one run's end to the next run's start) against the 4 channels of a block (w:
 * the first group's 64 weights, runs continue the layout). Returns {ch 0..3} of row a in *va and
 * of row b in *vb; then, when `valid` > 0 (rows of one run only), the last group of `valid`
 * values (r weights per channel in the layout). Assembly: VMLADAVA accumulates into even
 * registers only; the 8 accumulators take all of them, r14 included, so the group loop counts in
 * an odd register instead of LR. Per group 2 + 4 loads and 8 VMLADAVA. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_block_2x4(const int8_t* xa, const int8_t* xb,
                                                   const int8_t* w, int32_t segs, int32_t groups,
                                                   int32_t jump, int32_t valid, int32_t r,
                                                   int32x4_t* va, int32x4_t* vb) {
  register const int8_t* pa __asm__("r1") = xa;
  register const int8_t* pb __asm__("r3") = xb;
  register const int8_t* pw __asm__("r5") = w;
  register int32_t nseg __asm__("r11") = segs;
  register int32_t njump __asm__("r9") = jump;
  register int32_t a0 __asm__("r0");
  register int32_t a1 __asm__("r2");
  register int32_t a2 __asm__("r4");
  register int32_t a3 __asm__("r6");
  register int32_t b0 __asm__("r8");
  register int32_t b1 __asm__("r10");
  register int32_t b2 __asm__("r12");
  register int32_t b3 __asm__("lr");
  int32x4_t ra, rb;
  if (segs <= 0) {
    *va = *vb = vdupq_n_s32(0);
    return;
  }
  __asm__ volatile(
      "movs %[a0], #0\n movs %[a1], #0\n movs %[a2], #0\n movs %[a3], #0\n"
      "movs %[b0], #0\n movs %[b1], #0\n mov %[b2], #0\n mov %[b3], #0\n"
      "3:\n"
      "ldr r7, %[ng]\n"
      "cbz r7, 5f\n"
      "1:\n"
      "vldrb.8 q0, [%[pa]], #16\n"
      "vldrb.8 q1, [%[pb]], #16\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a0], q0, q2\n"
      "vmladava.s8 %[b0], q1, q2\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a1], q0, q2\n"
      "vmladava.s8 %[b1], q1, q2\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a2], q0, q2\n"
      "vmladava.s8 %[b2], q1, q2\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a3], q0, q2\n"
      "vmladava.s8 %[b3], q1, q2\n"
      "subs r7, r7, #1\n"
      "bne 1b\n"
      "5:\n"
      "add %[pa], %[pa], %[njump]\n add %[pb], %[pb], %[njump]\n"
      "subs %[nseg], %[nseg], #1\n"
      "bne 3b\n"
      /* The last group when the depth is not a multiple of 16 (one run then): `valid` input
       * values (the predicated loads zero the other lanes), r weights per channel. */
      "ldr r7, %[valid]\n"
      "cbz r7, 4f\n"
      "sub %[pa], %[pa], %[njump]\n sub %[pb], %[pb], %[njump]\n"
      "vctp.8 r7\n"
      "ldr r7, %[r]\n"
      "vpstt\n vldrbt.8 q0, [%[pa]]\n vldrbt.8 q1, [%[pb]]\n"
      "vpst\n vldrbt.8 q2, [%[pw]]\n add %[pw], %[pw], r7\n"
      "vmladava.s8 %[a0], q0, q2\n vmladava.s8 %[b0], q1, q2\n"
      "vpst\n vldrbt.8 q2, [%[pw]]\n add %[pw], %[pw], r7\n"
      "vmladava.s8 %[a1], q0, q2\n vmladava.s8 %[b1], q1, q2\n"
      "vpst\n vldrbt.8 q2, [%[pw]]\n add %[pw], %[pw], r7\n"
      "vmladava.s8 %[a2], q0, q2\n vmladava.s8 %[b2], q1, q2\n"
      "vpst\n vldrbt.8 q2, [%[pw]]\n"
      "vmladava.s8 %[a3], q0, q2\n vmladava.s8 %[b3], q1, q2\n"
      "4:\n"
      "vmov.32 %q[ra][0], %[a0]\n vmov.32 %q[ra][1], %[a1]\n"
      "vmov.32 %q[ra][2], %[a2]\n vmov.32 %q[ra][3], %[a3]\n"
      "vmov.32 %q[rb][0], %[b0]\n vmov.32 %q[rb][1], %[b1]\n"
      "vmov.32 %q[rb][2], %[b2]\n vmov.32 %q[rb][3], %[b3]\n"
      : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [b0] "=&r"(b0),
        [b1] "=&r"(b1), [b2] "=&r"(b2), [b3] "=&r"(b3), [pa] "+r"(pa), [pb] "+r"(pb),
        [pw] "+r"(pw), [nseg] "+r"(nseg), [ra] "=&w"(ra), [rb] "=&w"(rb)
      : [njump] "r"(njump), [ng] "m"(groups), [valid] "m"(valid), [r] "m"(r)
      : "r7", "q0", "q1", "q2", "memory", "cc");
  *va = ra, *vb = rb;
}

/* mlonmcu_mve_block_2x4 for one row (FULLY_CONNECTED with one batch): 4 accumulators, per
 * group 1 + 4 loads and 4 VMLADAVA, the groups in a low-overhead loop. */
static MLONMCU_ALWAYS_INLINE int32x4_t mlonmcu_mve_block_1x4(const int8_t* xa, const int8_t* w,
                                                             int32_t segs, int32_t groups,
                                                             int32_t jump) {
  register const int8_t* pa __asm__("r1") = xa;
  register const int8_t* pw __asm__("r3") = w;
  register int32_t nseg __asm__("r5") = segs;
  register int32_t njump __asm__("r7") = jump;
  register int32_t ngroups __asm__("r9") = groups;
  register int32_t a0 __asm__("r0");
  register int32_t a1 __asm__("r2");
  register int32_t a2 __asm__("r4");
  register int32_t a3 __asm__("r6");
  int32x4_t ra;
  if (groups <= 0 || segs <= 0) return vdupq_n_s32(0);
  __asm__ volatile(
      "movs %[a0], #0\n movs %[a1], #0\n movs %[a2], #0\n movs %[a3], #0\n"
      "3:\n"
      "wls lr, %[ngroups], 2f\n"
      "1:\n"
      "vldrb.8 q0, [%[pa]], #16\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a0], q0, q2\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a1], q0, q2\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a2], q0, q2\n"
      "vldrb.8 q2, [%[pw]], #16\n"
      "vmladava.s8 %[a3], q0, q2\n"
      "le lr, 1b\n"
      "2:\n"
      "add %[pa], %[pa], %[njump]\n"
      "subs %[nseg], %[nseg], #1\n"
      "bne 3b\n"
      "vmov.32 %q[ra][0], %[a0]\n vmov.32 %q[ra][1], %[a1]\n"
      "vmov.32 %q[ra][2], %[a2]\n vmov.32 %q[ra][3], %[a3]\n"
      : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [pa] "+r"(pa),
        [pw] "+r"(pw), [nseg] "+r"(nseg), [ra] "=&w"(ra)
      : [njump] "r"(njump), [ngroups] "r"(ngroups)
      : "lr", "q0", "q2", "memory", "cc");
  return ra;
}

/* Pairs of contiguous input rows (x[0], x[1], then x[2], x[3], ...) of `groups` groups and a last
 * one of `valid` values (r weights per channel in the layout; 0: none) against one block of 4
 * channels, with the short requantization over all of int8 (the common case), all
 * in one assembly loop: per pair the bias starts the 8 accumulators, the groups run as in
 * mlonmcu_mve_block_2x4, VMOV moves the four sums of a row into a vector, the requantization
 * (mlonmcu_mve_requant_short_lean with m and nrs in vector registers) and the stores follow,
 * so nothing leaves registers but the pair count. `at` is the block's byte offset in each
 * output row. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_pairs_full(const int8_t* const* x, int8_t* const* out,
                                                         int32_t pairs, const int8_t* w,
                                                         const int32_t* bias, int32_t groups,
                                                         int32_t valid, int32_t r, int32x4_t m,
                                                         int32x4_t nrs, int32_t zp, int32_t at) {
  register const int8_t* const* px __asm__("r9") = x;
  register int8_t* const* po __asm__("r11") = out;
  int32_t left = pairs;
  __asm__ volatile(
      "1:\n"
      "ldr r1, [r9], #4\n ldr r3, [r9], #4\n"
      "ldr r5, %[w]\n"
      "ldr r7, %[bias]\n"
      "ldrd r0, r2, [r7]\n ldrd r4, r6, [r7, #8]\n"
      "mov r8, r0\n mov r10, r2\n mov r12, r4\n mov lr, r6\n"
      "ldr r7, %[groups]\n"
      "2:\n"
      "vldrb.8 q0, [r1], #16\n"
      "vldrb.8 q1, [r3], #16\n"
      "vldrb.8 q2, [r5], #16\n"
      "vmladava.s8 r0, q0, q2\n vmladava.s8 r8, q1, q2\n"
      "vldrb.8 q2, [r5], #16\n"
      "vmladava.s8 r2, q0, q2\n vmladava.s8 r10, q1, q2\n"
      "vldrb.8 q2, [r5], #16\n"
      "vmladava.s8 r4, q0, q2\n vmladava.s8 r12, q1, q2\n"
      "vldrb.8 q2, [r5], #16\n"
      "vmladava.s8 r6, q0, q2\n vmladava.s8 lr, q1, q2\n"
      "subs r7, r7, #1\n"
      "bne 2b\n"
      "ldr r7, %[valid]\n"
      "cbz r7, 4f\n"
      "vctp.8 r7\n"
      "ldr r7, %[r]\n"
      "vpstt\n vldrbt.8 q0, [r1]\n vldrbt.8 q1, [r3]\n"
      "vpst\n vldrbt.8 q2, [r5]\n add r5, r5, r7\n"
      "vmladava.s8 r0, q0, q2\n vmladava.s8 r8, q1, q2\n"
      "vpst\n vldrbt.8 q2, [r5]\n add r5, r5, r7\n"
      "vmladava.s8 r2, q0, q2\n vmladava.s8 r10, q1, q2\n"
      "vpst\n vldrbt.8 q2, [r5]\n add r5, r5, r7\n"
      "vmladava.s8 r4, q0, q2\n vmladava.s8 r12, q1, q2\n"
      "vpst\n vldrbt.8 q2, [r5]\n"
      "vmladava.s8 r6, q0, q2\n vmladava.s8 lr, q1, q2\n"
      "4:\n"
      /* One lane at a time: the two-lane VMOV's operand order is read differently by QEMU
       * 7.2 and the Arm documentation, and this must be right on hardware too. */
      "vmov.32 q3[0], r0\n vmov.32 q3[1], r2\n vmov.32 q3[2], r4\n vmov.32 q3[3], r6\n"
      "vmov.32 q4[0], r8\n vmov.32 q4[1], r10\n vmov.32 q4[2], r12\n vmov.32 q4[3], lr\n"
      "ldr r0, %[zp]\n"
      "vqrdmulh.s32 q3, q3, %q[m]\n vqrdmulh.s32 q4, q4, %q[m]\n"
      "vshr.s32 q0, q3, #31\n vshr.s32 q1, q4, #31\n"
      "vqadd.s32 q3, q3, q0\n vqadd.s32 q4, q4, q1\n"
      "vrshl.s32 q3, q3, %q[nrs]\n vrshl.s32 q4, q4, %q[nrs]\n"
      "vadd.i32 q3, q3, r0\n vadd.i32 q4, q4, r0\n"
      "vqshl.s32 q3, q3, #24\n vqshl.s32 q4, q4, #24\n"
      "vshr.s32 q3, q3, #24\n vshr.s32 q4, q4, #24\n"
      "ldr r2, %[at]\n"
      "ldr r0, [r11], #4\n ldr r4, [r11], #4\n"
      "add r0, r0, r2\n vstrb.32 q3, [r0]\n"
      "add r4, r4, r2\n vstrb.32 q4, [r4]\n"
      "ldr r7, %[left]\n subs r7, r7, #1\n str r7, %[left]\n"
      "bne 1b\n"
      : [left] "+m"(left), [px] "+r"(px), [po] "+r"(po)
      : [w] "m"(w), [bias] "m"(bias), [groups] "m"(groups), [valid] "m"(valid), [r] "m"(r),
        [zp] "m"(zp), [at] "m"(at),
        [m] "w"(m), [nrs] "w"(nrs)
      : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r10", "r12", "lr", "q0", "q1",
        "q2", "q3", "q4", "memory", "cc");
}

#else
#define MLONMCU_MVE_GEMM_ASM 0
#endif

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

#if !MLONMCU_MVE_GEMM_ASM
/* mlonmcu_mve_block_2x4 and mlonmcu_mve_block_1x4 with intrinsics (unoptimized builds). */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_block_2x4(const int8_t* xa, const int8_t* xb,
                                                   const int8_t* w, int32_t segs, int32_t groups,
                                                   int32_t jump, int32_t valid, int32_t r,
                                                   int32x4_t* va, int32x4_t* vb) {
  int32_t a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0};
  int32_t s, k, c;
  for (s = 0; s < segs; ++s, xa += jump, xb += jump)
    for (k = 0; k < groups; ++k, xa += 16, xb += 16, w += 64) {
      const int8x16_t x0 = vldrbq_s8(xa), x1 = vldrbq_s8(xb);
      for (c = 0; c < 4; ++c) {
        const int8x16_t vw = vldrbq_s8(w + 16 * c);
        a[c] = vmladavaq_s8(a[c], x0, vw);
        b[c] = vmladavaq_s8(b[c], x1, vw);
      }
    }
  if (segs > 0 && valid > 0) mlonmcu_mve_tail_2x4(xa - jump, xb - jump, w, r, valid, a, b);
  *va = vld1q_s32(a), *vb = vld1q_s32(b);
}

static MLONMCU_ALWAYS_INLINE int32x4_t mlonmcu_mve_block_1x4(const int8_t* xa, const int8_t* w,
                                                             int32_t segs, int32_t groups,
                                                             int32_t jump) {
  int32x4_t va, vb;
  mlonmcu_mve_block_2x4(xa, xa, w, segs, groups, jump, 0, 0, &va, &vb);
  return va;
}
#endif

/* Stores the requantized first `count` lanes of v at out. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_store(int8_t* out, int32x4_t v, int32_t count) {
  if (count == 4)
    vstrbq_s32(out, v);
  else
    vstrbq_p_s32(out, v, vctp32q((uint32_t)count));
}

/* Every channel of n input rows, two at a time; each block's bias and requantization values
 * are loaded once for all rows. `lean` (a constant): the layer takes the short requantization
 * with `full_range` clamping, which keeps fewer vector registers live. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_mve_gemm(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                                   int32_t n, int8_t* const* out, int lean,
                                                   int full_range, int one_row) {
  const int32_t depth = g->depth, kp = (depth + 3) & ~3, segs = g->segs;
  const int32_t seg_len = g->seg_len, seg_stride = g->seg_stride, groups = seg_len >> 4;
  /* The last run ends in a group of r layout values, `valid` of them real (0: none). */
  const int32_t valid = seg_len & 15, r = kp - (depth - valid) < 16 ? kp - (depth - valid) : 16;
  const int8_t* w = (const int8_t*)g->weights;
  const mlonmcu_mve_requant_t rq = mlonmcu_mve_requant_make(g->output_offset, g->act_min, g->act_max);
  int32_t rb, i;
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * kp) {
    const int32_t count = g->rows - rb < 4 ? g->rows - rb : 4;
    const mlonmcu_mve_channels_t ch = mlonmcu_mve_channels_load(g, rb);
    const int32x4_t bias = vld1q_s32(g->bias + rb); /* padded to whole blocks */
    i = 0;
#if MLONMCU_MVE_GEMM_ASM
    if (lean && full_range && !one_row && segs == 1 && groups > 0 && count == 4 && n >= 2) {
      mlonmcu_mve_pairs_full(x, out, n >> 1, w, g->bias + rb, groups, valid, r, ch.m, ch.nrs,
                             g->output_offset, rb);
      i = n & ~1;
    }
#endif
    for (; i < n; i += 2) {
      const int8_t* xa = x[i];
      const int8_t* xb = x[i + 1 < n ? i + 1 : i];
      int32x4_t va, vb;
      if (one_row)
        va = vb = mlonmcu_mve_block_1x4(xa, w, segs, groups, seg_stride - 16 * groups);
      else
        mlonmcu_mve_block_2x4(xa, xb, w, segs, groups, seg_stride - 16 * groups, valid, r, &va,
                              &vb);
      va = vaddq_s32(va, bias), vb = vaddq_s32(vb, bias);
      if (one_row && valid) {
        int32_t a[4], b[4];
        vst1q_s32(a, va), vst1q_s32(b, vb);
        mlonmcu_mve_tail_2x4(xa + (segs - 1) * seg_stride + 16 * groups,
                             xb + (segs - 1) * seg_stride + 16 * groups, w + 64 * groups * segs, r,
                             valid, a, b);
        va = vld1q_s32(a), vb = vld1q_s32(b);
      }
      if (lean) {
        va = mlonmcu_mve_requant_short_lean(va, ch.m, ch.nrs, g->output_offset, full_range,
                                            g->act_min, g->act_max);
        vb = mlonmcu_mve_requant_short_lean(vb, ch.m, ch.nrs, g->output_offset, full_range,
                                            g->act_min, g->act_max);
      } else {
        va = mlonmcu_mve_requant(&rq, &ch, va);
        vb = mlonmcu_mve_requant(&rq, &ch, vb);
      }
      mlonmcu_mve_store(out[i] + rb, va, count);
      if (i + 1 < n) mlonmcu_mve_store(out[i + 1] + rb, vb, count);
    }
  }
}

static MLONMCU_NOINLINE void mlonmcu_mve_gemm_full(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                                   int32_t n, int8_t* const* out) {
  mlonmcu_mve_gemm(g, x, n, out, 1, 1, 0);
}

/* One input row (FULLY_CONNECTED with one batch), any requantization. */
static MLONMCU_NOINLINE void mlonmcu_mve_gemm_1row(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                                   int8_t* const* out) {
  if (g->short_requant && g->act_min == -128 && g->act_max == 127)
    mlonmcu_mve_gemm(g, x, 1, out, 1, 1, 1);
  else if (g->short_requant)
    mlonmcu_mve_gemm(g, x, 1, out, 1, 0, 1);
  else
    mlonmcu_mve_gemm(g, x, 1, out, 0, 0, 1);
}

static MLONMCU_NOINLINE void mlonmcu_mve_gemm_clamped(const mlonmcu_gemm_t* g,
                                                      const int8_t* const* x, int32_t n,
                                                      int8_t* const* out) {
  mlonmcu_mve_gemm(g, x, n, out, 1, 0, 0);
}

static MLONMCU_NOINLINE void mlonmcu_mve_gemm_any(const mlonmcu_gemm_t* g, const int8_t* const* x,
                                                  int32_t n, int8_t* const* out) {
  mlonmcu_mve_gemm(g, x, n, out, 0, 0, 0);
}

/* `variant` (mlonmcu/kernels/variant.h) is a constant of the caller; every short form (1 to 3)
 * takes the lean vector requantization. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_gemm_s8_blocked(const mlonmcu_gemm_t* g,
                                                          const int8_t* const* x, int32_t n,
                                                          int8_t* const* out, int variant) {
  if (n == 1)
    mlonmcu_mve_gemm_1row(g, x, out);
  else if (variant == MLONMCU_VARIANT_GENERAL)
    mlonmcu_mve_gemm_any(g, x, n, out);
  else if (variant == MLONMCU_VARIANT_SHORT || variant == MLONMCU_VARIANT_SHORT2 ||
           variant == MLONMCU_VARIANT_LONG)
    mlonmcu_mve_gemm_full(g, x, n, out);
  else
    mlonmcu_mve_gemm_clamped(g, x, n, out);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_MVE_H_ */
