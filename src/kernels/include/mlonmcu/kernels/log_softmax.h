/* int8 LOG_SOFTMAX over the last dim, bit-exact with TFLite-Micro's reference kernel: the row's
 * differences to its maximum in Q5.26, the sum of their exps in Q12.19, its log in Q5.26, and
 * the output in steps of 16/256 with zero point 127 (TFLite-Micro requires that output). */
#ifndef MLONMCU_KERNELS_LOG_SOFTMAX_H_
#define MLONMCU_KERNELS_LOG_SOFTMAX_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer;
  int32_t depth;
  int32_t input_multiplier; /* differences to Q5.26: multiplier and left shift */
  int32_t input_left_shift;
  int32_t reverse_scaling_divisor; /* Q5.26 back to input steps: multiplier and right shift */
  int32_t reverse_scaling_right_shift;
  int32_t diff_min; /* differences below it add nothing to the sum */
} mlonmcu_log_softmax_s8_params_t;

void mlonmcu_log_softmax_s8(const mlonmcu_log_softmax_s8_params_t* p, const int8_t* in, int8_t* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_LOG_SOFTMAX_H_ */
