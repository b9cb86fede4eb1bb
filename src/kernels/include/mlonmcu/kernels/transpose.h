/* TRANSPOSE (any permutation of up to 6 dimensions), any dtype. */
#ifndef MLONMCU_KERNELS_TRANSPOSE_H_
#define MLONMCU_KERNELS_TRANSPOSE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_TRANSPOSE_MAX_RANK 6

typedef struct {
  int32_t rank;
  int32_t perm[MLONMCU_TRANSPOSE_MAX_RANK]; /* output dim i = input dim perm[i] */
} mlonmcu_transpose_params_t;

/* perm must be a permutation of 0..rank-1. Input and output must not overlap. */
void mlonmcu_transpose(const void* input, const int32_t* in_dims, void* output,
                       int32_t element_size, const mlonmcu_transpose_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_TRANSPOSE_H_ */
