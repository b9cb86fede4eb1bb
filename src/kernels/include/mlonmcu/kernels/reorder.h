/* Kernels that move elements to computed places: REVERSE_V2, MIRROR_PAD, and a TRANSPOSE of a
 * view with more dims than the tensor (DEPTH_TO_SPACE, SPACE_TO_DEPTH). */
#ifndef MLONMCU_KERNELS_REORDER_H_
#define MLONMCU_KERNELS_REORDER_H_

#include <stdint.h>

#include "mlonmcu/kernels/transpose.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_REORDER_MAX_RANK 6

typedef struct {
  int32_t element_size;
  int32_t rank;
  int32_t dims[MLONMCU_REORDER_MAX_RANK];
  int32_t reversed[MLONMCU_REORDER_MAX_RANK]; /* 1: the dim is reversed */
} mlonmcu_reverse_params_t;

void mlonmcu_reverse(const void* input, void* output, const mlonmcu_reverse_params_t* params);

/* The output position p along a dim of input size n with `before` padding maps to an input
 * position as TFLite-Micro maps it; offset 1 is REFLECT (the border is not repeated), 0 is
 * SYMMETRIC. */
typedef struct {
  int32_t element_size;
  int32_t rank;
  int32_t offset;
  int32_t in_dims[MLONMCU_REORDER_MAX_RANK];
  int32_t out_dims[MLONMCU_REORDER_MAX_RANK];
  int32_t before[MLONMCU_REORDER_MAX_RANK];
} mlonmcu_mirror_pad_params_t;

void mlonmcu_mirror_pad(const void* input, void* output, const mlonmcu_mirror_pad_params_t* params);

/* The input viewed with in_dims (as many elements as it has) and transposed. */
typedef struct {
  int32_t element_size;
  int32_t in_dims[MLONMCU_TRANSPOSE_MAX_RANK];
  mlonmcu_transpose_params_t transpose;
} mlonmcu_transpose_view_params_t;

void mlonmcu_transpose_view(const void* input, void* output, const mlonmcu_transpose_view_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_REORDER_H_ */
