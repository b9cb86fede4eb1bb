/* The tensor dtype of a kernel element type (mlonmcu/kernels/element_type.h); -1 if none. */
#ifndef MLONMCU_RUNTIME_OPS_ELEM_DTYPE_H_
#define MLONMCU_RUNTIME_OPS_ELEM_DTYPE_H_

#include <stdint.h>

#include "mlonmcu/kernels/element_type.h"
#include "mlonmcu/runtime/tensor.h"

static inline int32_t mlonmcu_elem_dtype(int32_t type) {
  switch (type) {
    case MLONMCU_ELEM_S8: return MLONMCU_DTYPE_S8;
    case MLONMCU_ELEM_S16: return MLONMCU_DTYPE_S16;
    case MLONMCU_ELEM_S32: return MLONMCU_DTYPE_S32;
    case MLONMCU_ELEM_S64: return MLONMCU_DTYPE_S64;
    case MLONMCU_ELEM_F32: return MLONMCU_DTYPE_F32;
    case MLONMCU_ELEM_BOOL: return MLONMCU_DTYPE_BOOL;
    default: return -1;
  }
}

#endif /* MLONMCU_RUNTIME_OPS_ELEM_DTYPE_H_ */
