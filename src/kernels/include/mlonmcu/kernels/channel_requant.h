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

#endif /* MLONMCU_KERNELS_CHANNEL_REQUANT_H_ */
