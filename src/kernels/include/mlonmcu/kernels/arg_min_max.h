/* ARG_MAX and ARG_MIN along one axis (float32, int8 input; int32 output), as TFLite-Micro's
 * reference kernel: the first index of the extreme value (strict comparison, so ties keep the
 * earlier index; a NaN never wins against a number it follows). */
#ifndef MLONMCU_KERNELS_ARG_MIN_MAX_H_
#define MLONMCU_KERNELS_ARG_MIN_MAX_H_

#include <stdint.h>

#include "mlonmcu/kernels/element_type.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer;     /* product of the dims before the axis */
  int32_t axis_size; /* >= 1 */
  int32_t inner;     /* product of the dims after it */
  int32_t is_max;
  int32_t type;      /* MLONMCU_ELEM_F32 or MLONMCU_ELEM_S8 */
} mlonmcu_arg_min_max_params_t;

void mlonmcu_arg_min_max(const mlonmcu_arg_min_max_params_t* p, const void* input, int32_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_ARG_MIN_MAX_H_ */
