/* PAD: walks the output row by row (a row = the innermost dimension); rows inside the input get
 * the input row between their left and right padding, all other rows are padding only. */
#include "mlonmcu/kernels/pad.h"

#include <string.h>

static void fill(uint8_t* out, int32_t count, const uint8_t* pattern, int32_t element_size) {
  int32_t i;
  if (count <= 0) return;
  if (element_size == 1) {
    memset(out, pattern[0], (size_t)count);
    return;
  }
  for (i = 0; i < count; ++i) memcpy(out + (int64_t)i * element_size, pattern, (size_t)element_size);
}

static void make_pattern(int32_t value, int32_t element_size, uint8_t pattern[8]) {
  const int8_t v8 = (int8_t)value;
  const int16_t v16 = (int16_t)value;
  const int64_t v64 = value;
  memset(pattern, 0, 8);
  switch (element_size) {
    case 1: memcpy(pattern, &v8, 1); break;
    case 2: memcpy(pattern, &v16, 2); break;
    case 4: memcpy(pattern, &value, 4); break;
    default: memcpy(pattern, &v64, 8); break;
  }
}

void mlonmcu_pad(const void* input, const int32_t* in_dims, void* output, int32_t element_size,
                 const mlonmcu_pad_params_t* params) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int32_t rank = params->rank;
  int32_t out_dims[MLONMCU_PAD_MAX_RANK];
  int64_t in_strides[MLONMCU_PAD_MAX_RANK]; /* in elements */
  int32_t index[MLONMCU_PAD_MAX_RANK];
  uint8_t pattern[8];
  int32_t d;
  int32_t row_in;
  int32_t row_out;
  int32_t before_last;
  int32_t after_last;

  make_pattern(params->pad_value, element_size, pattern);
  if (rank <= 0) {
    memcpy(out, in, (size_t)element_size);
    return;
  }
  for (d = 0; d < rank; ++d) {
    out_dims[d] = in_dims[d] + params->before[d] + params->after[d];
    index[d] = 0;
  }
  in_strides[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in_dims[d + 1];
  for (d = 0; d < rank; ++d) {
    if (out_dims[d] == 0) return;
  }
  row_in = in_dims[rank - 1];
  row_out = out_dims[rank - 1];
  before_last = params->before[rank - 1];
  after_last = params->after[rank - 1];

  for (;;) {
    int inside = row_in > 0;
    int64_t in_offset = 0;
    for (d = 0; d < rank - 1; ++d) {
      const int32_t i = index[d] - params->before[d];
      if (i < 0 || i >= in_dims[d]) inside = 0;
      in_offset += (int64_t)i * in_strides[d];
    }
    if (inside) {
      fill(out, before_last, pattern, element_size);
      memcpy(out + (int64_t)before_last * element_size, in + in_offset * element_size,
             (size_t)row_in * (size_t)element_size);
      fill(out + ((int64_t)before_last + row_in) * element_size, after_last, pattern,
           element_size);
    } else {
      fill(out, row_out, pattern, element_size);
    }
    out += (int64_t)row_out * element_size;

    /* next row: odometer over all but the innermost dimension */
    for (d = rank - 2; d >= 0; --d) {
      if (++index[d] < out_dims[d]) break;
      index[d] = 0;
    }
    if (d < 0) break;
  }
}
