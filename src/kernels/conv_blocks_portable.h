/* Internal to conv2d_s8.c: the interior dot products for cores without DSP instructions or
 * post-increment loads (RISC-V rv32), where every pointer update is an instruction and 31
 * registers allow more accumulators than the 2 channels x 2 pixels of the generic loop. */
#ifndef MLONMCU_KERNELS_CONV_BLOCKS_PORTABLE_H_
#define MLONMCU_KERNELS_CONV_BLOCKS_PORTABLE_H_

#include <stdint.h>

#include "kernel_util.h"

/* RISC-V and other cores without post-increment loads or DSP: 4 channels x 2 pixels per pass,
 * so each input byte feeds 4 multiply-adds and each weight 2 (6 loads per 8 MACs instead of 4
 * per 4). 8 accumulators, 6 pointers and the loads of one step fit in rv32's 31 registers. */
#define CONV_QUAD (!MLONMCU_DSP && !MLONMCU_POST_INCREMENT_LOADS)
/* Keeps GCC's scheduler from loading the bytes of all unrolled steps up front (and regrouping
 * the sums), which needs more registers than rv32 has and spills to the stack: the empty asm
 * claims to change the accumulators and pointers, so each step's loads wait for the previous. */
#if defined(__GNUC__)
#define CONV_KEEP_ORDER(...) __asm__("" : __VA_ARGS__)
#else
#define CONV_KEEP_ORDER(...) ((void)0)
#endif
#define CONV_TRIPLE CONV_QUAD

#if CONV_QUAD
/* sum f*x for 2 pixels (xa, xb) x 4 channels (f[0..3]); layout as in dot_2px_2ch. acc holds
 * pixel a's 4 channels, then pixel b's. */
static inline void dot_2px_4ch(const int8_t* xa, const int8_t* xb, const int8_t* const f[4],
                               int32_t rows, int32_t row_len, int32_t row_step, int32_t f_step,
                               uint32_t acc[8]) {
  uint32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  uint32_t b0 = acc[4], b1 = acc[5], b2 = acc[6], b3 = acc[7];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    const int8_t* pa = xa + r * row_step;
    const int8_t* pb = xb + r * row_step;
    const int8_t* p0 = f[0] + r * f_step;
    const int8_t* p1 = f[1] + r * f_step;
    const int8_t* p2 = f[2] + r * f_step;
    const int8_t* p3 = f[3] + r * f_step;
#define CONV_QUAD_STEP(k)                                                                 \
  do {                                                                                    \
    const int32_t x = pa[k], y = pb[k], w0 = p0[k], w1 = p1[k], w2 = p2[k], w3 = p3[k];   \
    a0 += (uint32_t)(x * w0), a1 += (uint32_t)(x * w1), a2 += (uint32_t)(x * w2);         \
    a3 += (uint32_t)(x * w3), b0 += (uint32_t)(y * w0), b1 += (uint32_t)(y * w1);         \
    b2 += (uint32_t)(y * w2), b3 += (uint32_t)(y * w3);                                   \
    CONV_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(b0), "+r"(b1), "+r"(b2),  \
                    "+r"(b3), "+r"(pa), "+r"(pb), "+r"(p0), "+r"(p1), "+r"(p2), "+r"(p3)); \
  } while (0)
    for (i = row_len >> 2; i > 0; --i) {
      CONV_QUAD_STEP(0);
      CONV_QUAD_STEP(1);
      CONV_QUAD_STEP(2);
      CONV_QUAD_STEP(3);
      pa += 4, pb += 4, p0 += 4, p1 += 4, p2 += 4, p3 += 4;
    }
    for (i = row_len & 3; i > 0; --i) {
      CONV_QUAD_STEP(0);
      ++pa, ++pb, ++p0, ++p1, ++p2, ++p3;
    }
#undef CONV_QUAD_STEP
  }
  acc[0] = a0, acc[1] = a1, acc[2] = a2, acc[3] = a3;
  acc[4] = b0, acc[5] = b1, acc[6] = b2, acc[7] = b3;
}
#endif

#if CONV_TRIPLE
/* sum f*x for 3 pixels (x[0..2]) x 2 channels (f0, f1); layout as in dot_2px_2ch. acc holds
 * the 2 channels of pixel 0, then of pixel 1, then of pixel 2. */
static inline void dot_3px_2ch(const int8_t* const x[3], const int8_t* f0, const int8_t* f1,
                               int32_t rows, int32_t row_len, int32_t row_step, int32_t f_step,
                               uint32_t acc[6]) {
  uint32_t a0 = acc[0], a1 = acc[1], b0 = acc[2], b1 = acc[3], c0 = acc[4], c1 = acc[5];
  int32_t r, i;
  for (r = 0; r < rows; ++r) {
    const int8_t* pa = x[0] + r * row_step;
    const int8_t* pb = x[1] + r * row_step;
    const int8_t* pc = x[2] + r * row_step;
    const int8_t* pw = f0 + r * f_step;
    const int8_t* pv = f1 + r * f_step;
    /* Unrolled by hand: GCC -O2 keeps a constant-count inner loop rolled. */
#define CONV_TRIPLE_STEP(k)                                                           \
  do {                                                                                \
    const int32_t xa = pa[k], xb = pb[k], xc = pc[k], w = pw[k], v = pv[k];           \
    a0 += (uint32_t)(xa * w), a1 += (uint32_t)(xa * v), b0 += (uint32_t)(xb * w);     \
    b1 += (uint32_t)(xb * v), c0 += (uint32_t)(xc * w), c1 += (uint32_t)(xc * v);     \
    CONV_KEEP_ORDER("+r"(a0), "+r"(a1), "+r"(b0), "+r"(b1), "+r"(c0), "+r"(c1), "+r"(pa), \
                    "+r"(pb), "+r"(pc), "+r"(pw), "+r"(pv));                          \
  } while (0)
    for (i = row_len >> 2; i > 0; --i) {
      CONV_TRIPLE_STEP(0);
      CONV_TRIPLE_STEP(1);
      CONV_TRIPLE_STEP(2);
      CONV_TRIPLE_STEP(3);
      pa += 4, pb += 4, pc += 4, pw += 4, pv += 4;
    }
#undef CONV_TRIPLE_STEP
    for (i = row_len & 3; i > 0; --i) {
      const int32_t xa = *pa++, xb = *pb++, xc = *pc++, w = *pw++, v = *pv++;
      a0 += (uint32_t)(xa * w), a1 += (uint32_t)(xa * v);
      b0 += (uint32_t)(xb * w), b1 += (uint32_t)(xb * v);
      c0 += (uint32_t)(xc * w), c1 += (uint32_t)(xc * v);
    }
  }
  acc[0] = a0, acc[1] = a1, acc[2] = b0, acc[3] = b1, acc[4] = c0, acc[5] = c1;
}
#endif

#endif /* MLONMCU_KERNELS_CONV_BLOCKS_PORTABLE_H_ */
