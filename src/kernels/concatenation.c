#include "mlonmcu/kernels/concatenation.h"

#include <string.h>

#include "mlonmcu/kernels/requantize.h"

void mlonmcu_concatenation_copy(const void* input, int32_t input_inner_bytes, int32_t outer_size,
                                void* output, int32_t output_inner_bytes,
                                int32_t output_offset_bytes) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output + output_offset_bytes;
  int32_t o;
  if (input_inner_bytes <= 0) return;
  for (o = 0; o < outer_size; ++o) {
    memcpy(out + (int64_t)o * output_inner_bytes, in + (int64_t)o * input_inner_bytes,
           (size_t)input_inner_bytes);
  }
}

void mlonmcu_concatenation_requant_s8(const int8_t* input, int32_t input_inner, int32_t outer_size,
                                      int8_t* output, int32_t output_inner, int32_t output_offset,
                                      const mlonmcu_concatenation_requant_s8_input_t* quant,
                                      int32_t output_zero_point) {
  int32_t o;
  int32_t j;
  if (quant->multiplier == 0) {
    mlonmcu_concatenation_copy(input, input_inner, outer_size, output, output_inner,
                               output_offset);
    return;
  }
  for (o = 0; o < outer_size; ++o) {
    const int8_t* in = input + (int64_t)o * input_inner;
    int8_t* out = output + (int64_t)o * output_inner + output_offset;
    for (j = 0; j < input_inner; ++j) {
      const int32_t v = mlonmcu_multiply_by_quantized_multiplier(
                            (int32_t)in[j] - quant->input_zero_point, quant->multiplier,
                            quant->shift) +
                        output_zero_point;
      out[j] = (int8_t)mlonmcu_clamp_s32(v, -128, 127);
    }
  }
}
