/* TRANSPOSE: walks the output in row-major order and follows the permuted input strides. */
#include "mlonmcu/kernels/transpose.h"

#include <string.h>

void mlonmcu_transpose(const void* input, const int32_t* in_dims, void* output,
                       int32_t element_size, const mlonmcu_transpose_params_t* params) {
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int32_t rank = params->rank;
  int64_t in_strides[MLONMCU_TRANSPOSE_MAX_RANK];
  int64_t strides[MLONMCU_TRANSPOSE_MAX_RANK]; /* input stride of each output dimension */
  int32_t dims[MLONMCU_TRANSPOSE_MAX_RANK];    /* output dimensions */
  int32_t index[MLONMCU_TRANSPOSE_MAX_RANK];
  int64_t offset = 0;
  int32_t d;

  if (rank <= 0) {
    memcpy(out, in, (size_t)element_size);
    return;
  }
  in_strides[rank - 1] = 1;
  for (d = rank - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in_dims[d + 1];
  for (d = 0; d < rank; ++d) {
    dims[d] = in_dims[params->perm[d]];
    strides[d] = in_strides[params->perm[d]];
    index[d] = 0;
    if (dims[d] <= 0) return;
  }
  if (element_size == 1) {
    for (;;) {
      *out++ = in[offset];
      for (d = rank - 1; d >= 0; --d) {
        if (++index[d] < dims[d]) {
          offset += strides[d];
          break;
        }
        index[d] = 0;
        offset -= (int64_t)(dims[d] - 1) * strides[d];
      }
      if (d < 0) return;
    }
  }
  for (;;) {
    memcpy(out, in + offset * element_size, (size_t)element_size);
    out += element_size;
    for (d = rank - 1; d >= 0; --d) {
      if (++index[d] < dims[d]) {
        offset += strides[d];
        break;
      }
      index[d] = 0;
      offset -= (int64_t)(dims[d] - 1) * strides[d];
    }
    if (d < 0) return;
  }
}
