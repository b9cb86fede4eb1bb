/* PAD with a constant (int8: the output zero point; float32: 0), up to 6 dimensions, any dtype. */
#ifndef MLONMCU_KERNELS_PAD_H_
#define MLONMCU_KERNELS_PAD_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_PAD_MAX_RANK 6

typedef struct {
  int32_t rank;
  int32_t pad_value; /* the element's bit pattern, sign-extended for 1/2/8-byte elements */
  int32_t before[MLONMCU_PAD_MAX_RANK];
  int32_t after[MLONMCU_PAD_MAX_RANK];
} mlonmcu_pad_params_t;

/* in_dims has params->rank entries; the output dims are in_dims + before + after.
 * element_size is 1, 2, 4 or 8. Input and output must not overlap. */
void mlonmcu_pad(const void* input, const int32_t* in_dims, void* output, int32_t element_size,
                 const mlonmcu_pad_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_PAD_H_ */
