/* TFLite's MultiplyByQuantizedMultiplier for 64-bit accumulators (the int16 kernels): the Q31
 * multiplier rounded to 16 bits, one rounding shift. shift in [-31, 14]. Products wrap instead
 * of being undefined for hostile parameters. */
#ifndef MLONMCU_KERNELS_REQUANTIZE_S64_H_
#define MLONMCU_KERNELS_REQUANTIZE_S64_H_

#include <stdint.h>

static inline int32_t mlonmcu_multiply_by_quantized_multiplier_s64(int64_t x, int32_t multiplier, int32_t shift) {
  const int32_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int32_t total_shift = 15 - shift;
  const int64_t rounded = (int64_t)((uint64_t)x * (uint64_t)(int64_t)reduced + ((uint64_t)1 << (total_shift - 1)));
  return (int32_t)(rounded >> total_shift);
}

#endif /* MLONMCU_KERNELS_REQUANTIZE_S64_H_ */
