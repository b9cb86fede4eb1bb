/* SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND on [batch, height, width, depth] (3D tensors have
 * width 1, as TFLite-Micro extends them). */
#ifndef MLONMCU_KERNELS_SPACE_BATCH_H_
#define MLONMCU_KERNELS_SPACE_BATCH_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t element_size;
  int32_t in_dims[4];
  int32_t out_dims[4];
  int32_t block_h, block_w;
  int32_t pad_top, pad_left; /* SPACE_TO_BATCH: paddings; BATCH_TO_SPACE: crops */
} mlonmcu_space_batch_params_t;

/* Padded positions get zero bytes: TFLite-Micro's kernel pads with a value it never sets, which
 * is 0 in its zero-initialized arena. */
void mlonmcu_space_to_batch(const void* input, void* output, const mlonmcu_space_batch_params_t* params);
void mlonmcu_batch_to_space(const void* input, void* output, const mlonmcu_space_batch_params_t* params);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_SPACE_BATCH_H_ */
