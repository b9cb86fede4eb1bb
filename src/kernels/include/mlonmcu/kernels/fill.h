/* FILL and ZEROS_LIKE (one value repeated), BROADCAST_TO, BROADCAST_ARGS. */
#ifndef MLONMCU_KERNELS_FILL_H_
#define MLONMCU_KERNELS_FILL_H_

#include <stdint.h>

#include "mlonmcu/kernels/elementwise.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;        /* output elements */
  int32_t element_size; /* bytes */
} mlonmcu_fill_params_t;

/* Writes the element at `value` count times. Any dtype. */
void mlonmcu_fill(const void* value, void* output, const mlonmcu_fill_params_t* params);

#define MLONMCU_BROADCAST_TO_MAX_RANK MLONMCU_KERNELS_BROADCAST_RANK

/* Shapes right-aligned to MLONMCU_BROADCAST_TO_MAX_RANK dims (leading 1s); every input dim is
 * the output's or 1. */
typedef struct {
  int32_t element_size;
  int32_t in_dims[MLONMCU_BROADCAST_TO_MAX_RANK];
  int32_t out_dims[MLONMCU_BROADCAST_TO_MAX_RANK];
} mlonmcu_broadcast_to_params_t;

void mlonmcu_broadcast_to(const void* input, void* output, const mlonmcu_broadcast_to_params_t* params);

typedef struct {
  int32_t n1, n2; /* elements of the two shape vectors */
  int32_t n_out;  /* elements of the output: max(n1, n2) */
} mlonmcu_broadcast_args_params_t;

/* The broadcast of two shapes (right-aligned; a 1 takes the other's dim), as TFLite computes it
 * (mismatching dims, which TFLite rejects, give the first shape's). */
void mlonmcu_broadcast_args_s32(const int32_t* shape1, const int32_t* shape2, int32_t* output,
                                const mlonmcu_broadcast_args_params_t* params);
void mlonmcu_broadcast_args_s64(const int64_t* shape1, const int64_t* shape2, int64_t* output,
                                const mlonmcu_broadcast_args_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_FILL_H_ */
