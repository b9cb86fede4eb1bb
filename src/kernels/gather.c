#include "mlonmcu/kernels/gather.h"

#include <string.h>

void mlonmcu_gather(const void* input, const int32_t* indices, void* output,
                    const mlonmcu_gather_params_t* params) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int64_t row = params->inner_bytes;
  int32_t b, o, c;
  for (b = 0; b < params->batch; ++b)
    for (o = 0; o < params->outer; ++o)
      for (c = 0; c < params->coords; ++c) {
        const int32_t index = indices[(int64_t)b * params->coords + c];
        uint8_t* dst = out + (((int64_t)b * params->outer + o) * params->coords + c) * row;
        if (index < 0 || index >= params->axis_size)
          memset(dst, 0, (size_t)row);
        else
          memcpy(dst, in + (((int64_t)b * params->outer + o) * params->axis_size + index) * row, (size_t)row);
      }
}

void mlonmcu_gather_nd(const void* input, const int32_t* indices, void* output,
                       const mlonmcu_gather_nd_params_t* params) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int64_t slice = params->slice_elements, size = params->element_size;
  int32_t i, j;
  for (i = 0; i < params->slices; ++i) {
    int64_t from = 0;
    for (j = 0; j < params->index_depth; ++j)
      from += (int64_t)indices[(int64_t)i * params->index_depth + j] * params->strides[j];
    if (from < 0 || from + slice > params->input_elements)
      memset(out + i * slice * size, 0, (size_t)(slice * size));
    else
      memcpy(out + i * slice * size, in + from * size, (size_t)(slice * size));
  }
}

void mlonmcu_embedding_lookup(const int32_t* ids, const void* values, void* output,
                              const mlonmcu_embedding_lookup_params_t* params) {
  const int64_t row = (int64_t)params->columns * params->element_size;
  int32_t i;
  for (i = 0; i < params->lookups; ++i) {
    uint8_t* dst = (uint8_t*)output + i * row;
    if (ids[i] < 0 || ids[i] >= params->rows)
      memset(dst, 0, (size_t)row);
    else
      memcpy(dst, (const uint8_t*)values + ids[i] * row, (size_t)row);
  }
}

void mlonmcu_embedding_lookup_s8_f32(const int32_t* ids, const int8_t* values, float* output,
                                     const mlonmcu_embedding_lookup_params_t* params) {
  const int64_t columns = params->columns;
  int32_t i, c;
  for (i = 0; i < params->lookups; ++i)
    for (c = 0; c < params->columns; ++c)
      output[i * columns + c] =
          ids[i] < 0 || ids[i] >= params->rows ? 0.0f : (float)values[ids[i] * columns + c] * params->scale;
}
