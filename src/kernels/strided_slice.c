/* STRIDED_SLICE: an odometer over the selected indices of every dimension. */
#include "mlonmcu/kernels/strided_slice.h"

#include <string.h>

int32_t mlonmcu_strided_slice_count(int32_t start, int32_t stop, int32_t stride) {
  int64_t span;
  if (stride > 0) {
    span = (int64_t)stop - start;
    return span <= 0 ? 0 : (int32_t)((span + stride - 1) / stride);
  }
  if (stride < 0) {
    span = (int64_t)start - stop;
    return span <= 0 ? 0 : (int32_t)((span - stride - 1) / -(int64_t)stride);
  }
  return 0;
}

void mlonmcu_strided_slice(const void* input, const int32_t* in_dims, void* output,
                           int32_t element_size, const mlonmcu_strided_slice_params_t* params) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int32_t rank = params->rank;
  int64_t strides[MLONMCU_STRIDED_SLICE_MAX_RANK];
  int32_t counts[MLONMCU_STRIDED_SLICE_MAX_RANK];
  int32_t index[MLONMCU_STRIDED_SLICE_MAX_RANK];
  int64_t offset = 0;
  int32_t d;

  if (rank <= 0) {
    memcpy(out, in, (size_t)element_size);
    return;
  }
  strides[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) strides[d] = strides[d + 1] * in_dims[d + 1];
  for (d = 0; d < rank; ++d) {
    counts[d] = mlonmcu_strided_slice_count(params->start[d], params->stop[d], params->stride[d]);
    if (counts[d] == 0) return;
    index[d] = 0;
    offset += (int64_t)params->start[d] * strides[d];
  }
  for (;;) {
    memcpy(out, in + offset * element_size, (size_t)element_size);
    out += element_size;
    for (d = rank - 1; d >= 0; --d) {
      if (++index[d] < counts[d]) {
        offset += (int64_t)params->stride[d] * strides[d];
        break;
      }
      index[d] = 0;
      offset -= (int64_t)(counts[d] - 1) * params->stride[d] * strides[d];
    }
    if (d < 0) break;
  }
}
