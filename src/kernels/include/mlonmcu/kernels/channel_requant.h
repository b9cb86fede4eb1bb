/* Requantization with everything that depends only on the channel computed once per channel,
 * for the hot loops of conv, depthwise and fully connected. Gives exactly the result of
 * mlonmcu_multiply_by_quantized_multiplier (requantize.h) + output offset + clamp, for every
 * int32 accumulator, multiplier and shift in [-31, 30]:
 *
 * - srdhm: for a product ab, TFLite adds a nudge of 2^30 (ab >= 0) or 1 - 2^30 (ab < 0) and then
 *   divides by 2^31 truncating toward zero. For ab < 0, truncation equals flooring after adding
 *   2^31 - 1, and 1 - 2^30 + 2^31 - 1 = 2^30: both signs reduce to floor((ab + 2^30) / 2^31),
 *   one 64-bit add and an arithmetic shift, no sign test. The one saturating case
 *   (INT32_MIN * INT32_MIN) is kept.
 * - the rounding right shift keeps TFLite's mask/threshold form with the mask precomputed. */
#ifndef MLONMCU_KERNELS_CHANNEL_REQUANT_H_
#define MLONMCU_KERNELS_CHANNEL_REQUANT_H_

#include <stdint.h>

#include "mlonmcu/kernels/packing.h"

typedef struct {
  int32_t multiplier;
  int32_t left_shift;
  int32_t right_shift;
  int32_t mask;      /* 2^right_shift - 1 */
  int32_t half_mask; /* mask >> 1 */
  int32_t output_offset;
  int32_t act_min;
  int32_t act_max;
} mlonmcu_channel_requant_t;

static inline mlonmcu_channel_requant_t mlonmcu_channel_requant_make(int32_t multiplier,
                                                                     int32_t shift,
                                                                     int32_t output_offset,
                                                                     int32_t act_min,
                                                                     int32_t act_max) {
  mlonmcu_channel_requant_t q;
  q.multiplier = multiplier;
  q.left_shift = shift > 0 ? shift : 0;
  q.right_shift = shift > 0 ? 0 : -shift;
  q.mask = (int32_t)(((int64_t)1 << q.right_shift) - 1);
  q.half_mask = q.mask >> 1;
  q.output_offset = output_offset;
  q.act_min = act_min;
  q.act_max = act_max;
  return q;
}

/* Requantized, offset and clamped value of one accumulator (a wrapping uint32 sum). */
static inline int32_t mlonmcu_channel_requant_apply(const mlonmcu_channel_requant_t* q,
                                                    uint32_t acc) {
  const int32_t x = (int32_t)(acc << q->left_shift);
  int32_t high, out;
  if (x == INT32_MIN && q->multiplier == INT32_MIN) {
    high = INT32_MAX;
  } else {
    const int64_t ab = (int64_t)x * (int64_t)q->multiplier;
    high = (int32_t)((ab + ((int64_t)1 << 30)) >> 31);
  }
  out = (high >> q->right_shift) + ((high & q->mask) > q->half_mask + (high < 0 ? 1 : 0) ? 1 : 0);
  out = (int32_t)((uint32_t)out + (uint32_t)q->output_offset);
  out = out < q->act_min ? q->act_min : out;
  return out > q->act_max ? q->act_max : out;
}

/* acc * multiplier * 2^shift exactly as mlonmcu_multiply_by_quantized_multiplier, without the
 * output offset and clamp (ADD/SUB rescale their inputs with it). Kept apart from
 * channel_requant_apply: sharing the code changed GCC's register allocation in the rv32 conv
 * loops for the worse. */
static inline int32_t mlonmcu_channel_requant_scale(const mlonmcu_channel_requant_t* q,
                                                    uint32_t acc) {
  const int32_t x = (int32_t)(acc << q->left_shift);
  int32_t high;
  if (x == INT32_MIN && q->multiplier == INT32_MIN) {
    high = INT32_MAX;
  } else {
    const int64_t ab = (int64_t)x * (int64_t)q->multiplier;
    high = (int32_t)((ab + ((int64_t)1 << 30)) >> 31);
  }
  return (high >> q->right_shift) + ((high & q->mask) > q->half_mask + (high < 0 ? 1 : 0) ? 1 : 0);
}

/* The optimized kernels' requantization of one accumulator (packing.h's per-channel entry).
 *
 * The short exact forms, for layers where mlonmcu_short_requant_form allows them (|acc| < 2^30,
 * multiplier >= 0 with a right shift; nearly every layer of the real models), equal
 * mlonmcu_multiply_by_quantized_multiplier + output offset there:
 * - TFLite's saturating rounding doubling high multiply is floor((acc * m + 2^30) / 2^31) for
 *   both signs (above). With |acc| < 2^30, 2 * acc fits int32 and this is
 *   floor((2acc * m + 2^31) / 2^32): a rounding high multiply (Arm SMMULR; elsewhere the high
 *   word plus the low word's top bit).
 * - its rounding right shift by rs >= 1, half away from zero, is floor((h - [h < 0] + 2^(rs-1))
 *   / 2^rs). Form 1 adds zp * 2^rs inside the floor, which adds the output zero point (in
 *   entry.round): with |h| < 2^30, rs <= 20 and an int8 zero point nothing overflows. Form 2
 *   (shifts down to -31, channels with tiny scales) adds the zero point after the shift.
 * Other layers take the general form above. */

/* floor((2acc * m + 2^31) / 2^32). */
static inline int32_t mlonmcu_rounding_high_mul2(int32_t acc, int32_t multiplier) {
  const int32_t a2 = (int32_t)((uint32_t)acc << 1);
#if defined(__ARM_FEATURE_DSP)
  int32_t h;
  __asm__("smmulr %0, %1, %2" : "=r"(h) : "r"(a2), "r"(multiplier));
  return h;
#else
  const int64_t prod = (int64_t)a2 * (int64_t)multiplier;
  return (int32_t)((uint32_t)(int32_t)(prod >> 32) + ((uint32_t)prod >> 31));
#endif
}

/* Short form, before the activation clamp. q->rs is in [0, 31] (the runtime checks tables). */
static inline int32_t mlonmcu_short_requant(const mlonmcu_requant_entry_t* q, int32_t acc) {
  const int32_t h = mlonmcu_rounding_high_mul2(acc, q->multiplier);
  return (int32_t)((uint32_t)h + (uint32_t)(h >> 31) + (uint32_t)q->round) >> q->rs;
}

/* mlonmcu_short_requant with the doubled multiplier m2 = 2 * multiplier (it fits 32 unsigned
 * bits): a signed x unsigned high multiply (RISC-V MULHSU) instead of doubling acc first. */
static inline int32_t mlonmcu_short_requant_m2(uint32_t acc, uint32_t m2, uint32_t round,
                                               int32_t rs) {
  const int64_t prod = (int64_t)(int32_t)acc * (int64_t)m2;
  const int32_t h = (int32_t)((uint32_t)(int32_t)(prod >> 32) + ((uint32_t)prod >> 31));
  return (int32_t)((uint32_t)h + (uint32_t)(h >> 31) + round) >> rs;
}

/* Any form, clamped; `form` is the layer's (mlonmcu_short_requant_form). */
static inline int8_t mlonmcu_requant_entry_apply(const mlonmcu_requant_entry_t* q, int32_t acc,
                                                 int form, int32_t output_offset,
                                                 int32_t act_min, int32_t act_max) {
  int32_t v;
  if (form == 1 || form == 2) {
    v = mlonmcu_short_requant(q, acc);
    if (form == 2) v = (int32_t)((uint32_t)v + (uint32_t)output_offset);
    v = v < act_min ? act_min : (v > act_max ? act_max : v);
  } else {
    const mlonmcu_channel_requant_t full =
        mlonmcu_channel_requant_make(q->multiplier, q->shift, output_offset, act_min, act_max);
    v = mlonmcu_channel_requant_apply(&full, (uint32_t)acc);
  }
  return (int8_t)v;
}

#endif /* MLONMCU_KERNELS_CHANNEL_REQUANT_H_ */
