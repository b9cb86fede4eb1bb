/* STRIDED_SLICE with begin/end/shrink masks already resolved at build time into one
 * start/stop/stride triple per input dimension. Any dtype, up to 6 dimensions. */
#ifndef MLONMCU_KERNELS_STRIDED_SLICE_H_
#define MLONMCU_KERNELS_STRIDED_SLICE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_STRIDED_SLICE_MAX_RANK 6

typedef struct {
  int32_t rank;
  int32_t start[MLONMCU_STRIDED_SLICE_MAX_RANK];
  int32_t stop[MLONMCU_STRIDED_SLICE_MAX_RANK];   /* exclusive, in the stride's direction */
  int32_t stride[MLONMCU_STRIDED_SLICE_MAX_RANK]; /* non-zero */
} mlonmcu_strided_slice_params_t;

/* Number of indices start, start + stride, ... strictly before stop (0 if none). */
int32_t mlonmcu_strided_slice_count(int32_t start, int32_t stop, int32_t stride);

/* Writes the selected elements in row-major order. The caller guarantees every selected index
 * lies inside in_dims (see mlonmcu_strided_slice_count). */
void mlonmcu_strided_slice(const void* input, const int32_t* in_dims, void* output,
                           int32_t element_size, const mlonmcu_strided_slice_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_STRIDED_SLICE_H_ */
