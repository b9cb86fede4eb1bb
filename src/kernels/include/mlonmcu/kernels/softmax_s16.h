/* int16 (16x8) SOFTMAX, bit-exact with TFLite-Micro's reference kernel: the differences to the
 * row maximum rescaled so that [-65535, 0] spans exp's [-10, 0], exp and the row sum's
 * reciprocal through TFLite's interpolating 513-entry int16 tables (computed at build time as
 * TFLite-Micro's Prepare computes them), outputs in steps of 1/32768. */
#ifndef MLONMCU_KERNELS_SOFTMAX_S16_H_
#define MLONMCU_KERNELS_SOFTMAX_S16_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_SOFTMAX_S16_LUT_SIZE 513

typedef struct {
  int32_t outer;
  int32_t depth;
  int32_t input_multiplier;
  int32_t input_shift;
} mlonmcu_softmax_s16_params_t;

/* TFLite's LUTLookup: table[256 + value / 128] interpolated towards the next entry. */
int16_t mlonmcu_lut_lookup_s16(int16_t value, const int16_t* table);

void mlonmcu_softmax_s16(const mlonmcu_softmax_s16_params_t* p, const int16_t* input, int16_t* output,
                         const int16_t* exp_table, const int16_t* reciprocal_table);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_SOFTMAX_S16_H_ */
