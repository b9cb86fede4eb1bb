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

/* The common case of real models in one 64-bit multiply-add, one high-word add and one shift:
 * multiplier > 0 and shift in [-30, -2] (right shift rs >= 2, no left shift), output offset
 * small enough to fold into the rounding constant. For those, with high = floor((ab + 2^30) / 2^31)
 * as above and TFLite's round-half-away-from-zero division
 *   out = floor((high + 2^(rs-1) - [high < 0]) / 2^rs),
 * the integer additions move inside the floors: out = floor((ab + c + 2^(30+rs)) / 2^(31+rs))
 * with c = 2^30 - [high < 0] * 2^31, i.e. +2^30 or -2^30. [high < 0] may be replaced by
 * [ab < 0] = [acc < 0] (multiplier > 0): they differ only when high = 0, and there both give 0
 * since rs >= 1. Taking the high word first, floor(S / 2^(31+rs)) = floor((floor(S / 2^32) +
 * 2^(rs-2)) / 2^(rs-1)), and adding offset * 2^(rs-1) before the shift adds the output offset
 * exactly as long as the sum stays in int32: |floor(S / 2^32)| <= 2^30, so offsets in [-512, 512]
 * with rs <= 20 are safe. `ok` is 0 where this does not hold; use mlonmcu_channel_requant_apply. */
typedef struct {
  int32_t ok;
  int32_t round_and_offset; /* 2^(rs-2) + output_offset * 2^(rs-1) */
  int32_t shift;            /* rs - 1 */
  int32_t multiplier;
  int32_t act_min;
  int32_t act_max;
} mlonmcu_fast_requant_t;

static inline mlonmcu_fast_requant_t mlonmcu_fast_requant_make(const mlonmcu_channel_requant_t* q) {
  mlonmcu_fast_requant_t f;
  const int32_t rs = q->right_shift;
  f.ok = q->multiplier > 0 && q->left_shift == 0 && rs >= 2 && rs <= 20 &&
         q->output_offset >= -512 && q->output_offset <= 512;
  f.shift = f.ok ? rs - 1 : 0;
  f.round_and_offset =
      f.ok ? (int32_t)((1 << (rs - 2)) + (int32_t)((uint32_t)q->output_offset << (rs - 1))) : 0;
  f.multiplier = q->multiplier;
  f.act_min = q->act_min;
  f.act_max = q->act_max;
  return f;
}

/* Same value as mlonmcu_channel_requant_apply(q, acc) when f was made from q with f.ok. */
static inline int32_t mlonmcu_fast_requant_apply(const mlonmcu_fast_requant_t* f, uint32_t acc) {
  const int32_t x = (int32_t)acc;
  /* +2^30 for x >= 0, -2^30 (bit 31 set as well) for x < 0. */
  const int32_t c = (int32_t)((acc & 0x80000000u) | 0x40000000u);
  const int64_t s = (int64_t)x * (int64_t)f->multiplier + (int64_t)c;
  const int32_t out = ((int32_t)(s >> 32) + f->round_and_offset) >> f->shift;
  return out < f->act_min ? f->act_min : (out > f->act_max ? f->act_max : out);
}

#endif /* MLONMCU_KERNELS_CHANNEL_REQUANT_H_ */
