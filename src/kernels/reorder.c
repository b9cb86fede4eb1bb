#include "mlonmcu/kernels/reorder.h"

#include <string.h>

void mlonmcu_reverse(const void* input, void* output, const mlonmcu_reverse_params_t* params) {
  enum { R = MLONMCU_REORDER_MAX_RANK };
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const size_t size = (size_t)params->element_size;
  const int32_t rank = params->rank;
  int32_t index[R] = {0};
  int64_t stride[R];
  int64_t total = 1, n, in_offset = 0;
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    stride[d] = total;
    total *= params->dims[d];
  }
  if (total == 0) return;
  /* Start at the input element the first output element comes from. */
  for (d = 0; d < rank; ++d)
    if (params->reversed[d]) in_offset += (int64_t)(params->dims[d] - 1) * stride[d];
  for (n = 0; n < total; ++n) {
    memcpy(out + n * (int64_t)size, in + in_offset * (int64_t)size, size);
    for (d = rank - 1; d >= 0; --d) {
      const int64_t step = params->reversed[d] ? -stride[d] : stride[d];
      in_offset += step;
      if (++index[d] < params->dims[d]) break;
      in_offset -= step * params->dims[d];
      index[d] = 0;
    }
  }
}

/* TFLite-Micro's GetInputDimension. */
static int32_t mirror_index(int32_t p, int32_t before, int32_t n, int32_t offset) {
  if (p < before) {
    const int32_t original = before + offset - 1;
    const int32_t k = original - offset;
    return original - (p < k ? p : k);
  }
  p -= before;
  if (p >= n) {
    const int32_t original = n - (1 + offset);
    p -= n;
    return original - (p < original ? p : original);
  }
  return p;
}

void mlonmcu_mirror_pad(const void* input, void* output, const mlonmcu_mirror_pad_params_t* params) {
  enum { R = MLONMCU_REORDER_MAX_RANK };
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const size_t size = (size_t)params->element_size;
  const int32_t rank = params->rank;
  int32_t index[R] = {0};
  int64_t in_stride[R];
  int64_t total = 1, n, stride = 1;
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    in_stride[d] = stride;
    stride *= params->in_dims[d];
    total *= params->out_dims[d];
  }
  for (n = 0; n < total; ++n) {
    int64_t from = 0;
    for (d = 0; d < rank; ++d)
      from += (int64_t)mirror_index(index[d], params->before[d], params->in_dims[d], params->offset) * in_stride[d];
    memcpy(out + n * (int64_t)size, in + from * (int64_t)size, size);
    for (d = rank - 1; d >= 0; --d) {
      if (++index[d] < params->out_dims[d]) break;
      index[d] = 0;
    }
  }
}

void mlonmcu_transpose_view(const void* input, void* output, const mlonmcu_transpose_view_params_t* params) {
  mlonmcu_transpose(input, params->in_dims, output, params->element_size, &params->transpose);
}
