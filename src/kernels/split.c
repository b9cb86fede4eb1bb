#include "mlonmcu/kernels/split.h"

#include <string.h>

void mlonmcu_split_copy(const void* input, int32_t input_inner_bytes, int32_t outer_size, void* output,
                        int32_t output_inner_bytes, int32_t input_offset_bytes) {
  const uint8_t* in = (const uint8_t*)input + input_offset_bytes;
  uint8_t* out = (uint8_t*)output;
  int32_t o;
  if (output_inner_bytes <= 0) return;
  for (o = 0; o < outer_size; ++o)
    memcpy(out + (int64_t)o * output_inner_bytes, in + (int64_t)o * input_inner_bytes, (size_t)output_inner_bytes);
}
