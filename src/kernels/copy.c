#include "mlonmcu/kernels/copy.h"

#include <string.h>

void mlonmcu_copy(const void* input, void* output, int32_t bytes) {
  if (bytes <= 0 || input == output) return;
  memmove(output, input, (size_t)bytes);
}
