/* Internal helpers of the kernels (not part of the kernel API). */
#ifndef MLONMCU_KERNELS_KERNEL_UTIL_H_
#define MLONMCU_KERNELS_KERNEL_UTIL_H_

#include <stdint.h>

#include "mlonmcu/kernels/requantize.h"

/* 1 where loads can post-increment their pointer for free (Arm Thumb-2): plain loops are then
 * as cheap as unrolled ones and need fewer registers. */
#if defined(__arm__) || defined(__thumb__)
#define MLONMCU_POST_INCREMENT_LOADS 1
#else
#define MLONMCU_POST_INCREMENT_LOADS 0
#endif

/* Cortex-M4/M7/M33/M55 DSP extension: SXTB16 widens bytes 0 and 2 (or, rotated, 1 and 3) of a
 * word to two int16 halves, SMLAD adds both halfword products to an accumulator. Products of
 * sign-extended int8 are exact and SMLAD's sum wraps modulo 2^32 like the portable uint32
 * accumulators, so the result is bit-identical. Inline asm rather than <arm_acle.h> keeps the
 * code independent of the compiler's ACLE version. */
#if defined(__ARM_FEATURE_DSP)
#include <string.h>
#define MLONMCU_DSP 1
static inline uint32_t mlonmcu_load_u32(const int8_t* p) {
  uint32_t v;
  memcpy(&v, p, sizeof v); /* an unaligned LDR on cores with the DSP extension */
  return v;
}
static inline uint32_t mlonmcu_sxtb16(uint32_t v) {
  uint32_t r;
  __asm__("sxtb16 %0, %1" : "=r"(r) : "r"(v));
  return r;
}
static inline uint32_t mlonmcu_sxtb16_ror8(uint32_t v) {
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
  return r;
}
static inline uint32_t mlonmcu_smlad(uint32_t a, uint32_t b, uint32_t acc) {
  uint32_t r;
  __asm__("smlad %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
/* Halfwise a + b (each 16-bit half wraps on its own). */
static inline uint32_t mlonmcu_sadd16(uint32_t a, uint32_t b) {
  uint32_t r;
  __asm__("sadd16 %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
/* acc + bottom(a) * bottom(b), and acc + top(a) * top(b): one channel per halfword. */
static inline uint32_t mlonmcu_smlabb(uint32_t a, uint32_t b, uint32_t acc) {
  uint32_t r;
  __asm__("smlabb %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
static inline uint32_t mlonmcu_smlatt(uint32_t a, uint32_t b, uint32_t acc) {
  uint32_t r;
  __asm__("smlatt %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
#else
#define MLONMCU_DSP 0
#endif

/* Cortex-M55 (Armv8.1-M) Helium: 128-bit vectors through <arm_mve.h>. */
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#define MLONMCU_MVE 1
#else
#define MLONMCU_MVE 0
#endif

/* For small helpers of hot loops that GCC would otherwise call. */
#if defined(__GNUC__)
#define MLONMCU_ALWAYS_INLINE inline __attribute__((always_inline))
#define MLONMCU_NOINLINE __attribute__((noinline))
#else
#define MLONMCU_ALWAYS_INLINE inline
#define MLONMCU_NOINLINE
#endif

#if defined(__GNUC__)
/* Keeps GCC from hoisting the loads of several steps of an inner loop (which runs out of
 * registers and spills): the empty asm claims to change the accumulators and pointers named,
 * so each step's loads wait for the previous step. */
#define MLONMCU_KEEP_ORDER(...) __asm__("" : __VA_ARGS__)
#else
#define MLONMCU_KEEP_ORDER(...) ((void)0)
#endif

/* memcpy / memset for the kernels' row copies (im2col, depthwise bands), inline: the library
 * calls cost more than the short copies, and picolibc copies unaligned data byte by byte. With
 * Helium 16 bytes per load/store pair; on Armv7-M and later word accesses may be unaligned;
 * elsewhere words only where both sides are aligned. */
#if MLONMCU_MVE
#include <arm_mve.h>
/* Tail-predicated loops (WLSTP / LETP: 3 instructions per 16 bytes, none for n = 0): GCC 12
 * does not form them from intrinsics, and its VCTP loop moves the predicate through a core
 * register every iteration (12 instructions per 16 bytes). n >= 0. */
static inline void mlonmcu_copy_bytes(int8_t* dst, const int8_t* src, int32_t n) {
  int8x16_t v;
  __asm__ volatile(
      "wlstp.8 lr, %[n], 2f\n"
      "1:\n"
      "vldrb.8 %q[v], [%[s]], #16\n"
      "vstrb.8 %q[v], [%[d]], #16\n"
      "letp lr, 1b\n"
      "2:\n"
      : [v] "=&w"(v), [s] "+r"(src), [d] "+r"(dst)
      : [n] "r"(n)
      : "lr", "memory");
}
static inline void mlonmcu_fill_bytes(int8_t* dst, int8_t value, int32_t n) {
  const int8x16_t v = vdupq_n_s8(value);
  __asm__ volatile(
      "wlstp.8 lr, %[n], 2f\n"
      "1:\n"
      "vstrb.8 %q[v], [%[d]], #16\n"
      "letp lr, 1b\n"
      "2:\n"
      : [d] "+r"(dst)
      : [n] "r"(n), [v] "w"(v)
      : "lr", "memory");
}
#else
#include <string.h>
#if defined(__ARM_FEATURE_UNALIGNED)
#define MLONMCU_WORDS_OK(a, b) 1
#else
#define MLONMCU_WORDS_OK(a, b) ((((uintptr_t)(a) | (uintptr_t)(b)) & 3u) == 0)
#endif
/* MLONMCU_NOT_A_LIBRARY_CALL in a copy loop keeps GCC from turning it back into a call of
 * memcpy (it did in the depthwise band copies, whose Run on Cortex-M4 went up 19 %). Fills may
 * become memset: picolibc's is word-wise and was faster there. */
#if defined(__GNUC__)
#define MLONMCU_NOT_A_LIBRARY_CALL(p) __asm__("" : "+r"(p))
#else
#define MLONMCU_NOT_A_LIBRARY_CALL(p) ((void)0)
#endif
static inline void mlonmcu_copy_bytes(int8_t* dst, const int8_t* src, int32_t n) {
  if (MLONMCU_WORDS_OK(dst, src))
    for (; n >= 4; n -= 4, src += 4, dst += 4) {
      uint32_t v;
      memcpy(&v, src, 4); /* one word access (unaligned where the core allows it) */
      memcpy(dst, &v, 4);
      MLONMCU_NOT_A_LIBRARY_CALL(dst);
    }
  for (; n > 0; --n) {
    *dst++ = *src++;
    MLONMCU_NOT_A_LIBRARY_CALL(dst);
  }
}
static inline void mlonmcu_fill_bytes(int8_t* dst, int8_t value, int32_t n) {
  const uint32_t v = (uint32_t)(uint8_t)value * 0x01010101u;
  if (MLONMCU_WORDS_OK(dst, dst))
    for (; n >= 4; n -= 4, dst += 4) memcpy(dst, &v, 4);
  for (; n > 0; --n) *dst++ = value;
}
#endif

/* Accumulators add in uint32: identical to int32 for every real model, and a hostile model
 * whose sums overflow wraps like the hardware does instead of being undefined behaviour. */
static inline int32_t mlonmcu_wrap_add(int32_t a, int32_t b) {
  return (int32_t)((uint32_t)a + (uint32_t)b);
}

/* Requantizes an accumulator to the output zero point and clamps to the activation range. */
static inline int32_t mlonmcu_requantize_clamp(int32_t acc, int32_t multiplier, int32_t shift,
                                               int32_t output_offset, int32_t act_min,
                                               int32_t act_max) {
  const int32_t scaled = mlonmcu_multiply_by_quantized_multiplier(acc, multiplier, shift);
  return mlonmcu_clamp_s32(mlonmcu_wrap_add(scaled, output_offset), act_min, act_max);
}

/* Taps k in [*begin, *end) of a window starting at `origin` (may be negative: padding) with
 * taps spaced `dilation` apart land inside [0, size). Computing the range once per output row
 * or column keeps the bounds checks out of the inner loops; skipping padded taps equals adding
 * zero-point padding, which is what TFLite's reference kernels do. dilation >= 1. */
static inline void mlonmcu_window_taps(int32_t origin, int32_t dilation, int32_t size,
                                       int32_t taps, int32_t* begin, int32_t* end) {
  int32_t b = 0;
  int32_t e = 0;
  if (origin < 0) b = (-origin + dilation - 1) / dilation;
  if (size > origin) e = (size - origin + dilation - 1) / dilation;
  if (e > taps) e = taps;
  if (b > e) b = e;
  *begin = b;
  *end = e;
}

#endif /* MLONMCU_KERNELS_KERNEL_UTIL_H_ */
