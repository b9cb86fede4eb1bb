/* Byte copy for ops that only change a tensor's shape (RESHAPE, SQUEEZE). */
#ifndef MLONMCU_KERNELS_COPY_H_
#define MLONMCU_KERNELS_COPY_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Overlapping buffers are allowed. The memory planner usually maps a RESHAPE's output onto
 * its input's bytes (a view); then input == output and there is nothing to do. */
void mlonmcu_copy(const void* input, void* output, int32_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_COPY_H_ */
