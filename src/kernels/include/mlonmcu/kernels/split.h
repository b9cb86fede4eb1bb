/* SPLIT, SPLIT_V and UNPACK, one output at a time: the caller loops over the outputs and
 * advances the offset along the axis (the inverse of mlonmcu_concatenation_copy). */
#ifndef MLONMCU_KERNELS_SPLIT_H_
#define MLONMCU_KERNELS_SPLIT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The params of an op along one axis (non-negative). */
typedef struct {
  int32_t axis;
} mlonmcu_axis_params_t;

/* The tensors viewed as [outer_size, inner]: copies input + o * input_inner_bytes +
 * input_offset_bytes (output_inner_bytes of it) to output row o. Any dtype. */
void mlonmcu_split_copy(const void* input, int32_t input_inner_bytes, int32_t outer_size, void* output,
                        int32_t output_inner_bytes, int32_t input_offset_bytes);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_SPLIT_H_ */
