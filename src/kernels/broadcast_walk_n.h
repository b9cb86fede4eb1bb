/* Internal (broadcast_walk.h walks rows of two inputs for the fast elementwise kernels): walks an
 * output of MLONMCU_KERNELS_BROADCAST_RANK right-aligned dims in order while the offsets of up to three broadcast inputs follow, standing still along their dims of 1. */
#ifndef MLONMCU_KERNELS_BROADCAST_WALK_N_H_
#define MLONMCU_KERNELS_BROADCAST_WALK_N_H_

#include <stdint.h>

#include "mlonmcu/kernels/elementwise.h"

#define MLONMCU_WALK_RANK MLONMCU_KERNELS_BROADCAST_RANK
#define MLONMCU_WALK_MAX_INPUTS 3

typedef struct {
  int32_t inputs;
  int32_t index[MLONMCU_WALK_RANK];
  int32_t out_dims[MLONMCU_WALK_RANK];
  int64_t stride[MLONMCU_WALK_MAX_INPUTS][MLONMCU_WALK_RANK];
  int64_t offset[MLONMCU_WALK_MAX_INPUTS]; /* element offset of each input */
} mlonmcu_walk_t;

/* Returns the number of output elements. */
static inline int64_t mlonmcu_walk_start(mlonmcu_walk_t* w, int32_t inputs, const int32_t* const* in_dims,
                                         const int32_t* out_dims) {
  int64_t total = 1;
  int32_t d, k;
  w->inputs = inputs;
  for (k = 0; k < inputs; ++k) {
    int64_t stride = 1;
    w->offset[k] = 0;
    for (d = MLONMCU_WALK_RANK - 1; d >= 0; --d) {
      w->stride[k][d] = in_dims[k][d] == 1 ? 0 : stride;
      stride *= in_dims[k][d];
    }
  }
  for (d = 0; d < MLONMCU_WALK_RANK; ++d) {
    w->index[d] = 0;
    w->out_dims[d] = out_dims[d];
    total *= out_dims[d];
  }
  return total;
}

static inline void mlonmcu_walk_next(mlonmcu_walk_t* w) {
  int32_t d, k;
  for (d = MLONMCU_WALK_RANK - 1; d >= 0; --d) {
    for (k = 0; k < w->inputs; ++k) w->offset[k] += w->stride[k][d];
    if (++w->index[d] < w->out_dims[d]) return;
    for (k = 0; k < w->inputs; ++k) w->offset[k] -= w->stride[k][d] * w->out_dims[d];
    w->index[d] = 0;
  }
}

#endif /* MLONMCU_KERNELS_BROADCAST_WALK_N_H_ */
