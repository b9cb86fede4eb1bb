#include "mlonmcu/kernels/fill.h"

#include <string.h>

void mlonmcu_fill(const void* value, void* output, const mlonmcu_fill_params_t* params) {
  uint8_t* out = (uint8_t*)output;
  int32_t i;
  for (i = 0; i < params->count; ++i) memcpy(out + (int64_t)i * params->element_size, value, (size_t)params->element_size);
}

void mlonmcu_broadcast_to(const void* input, void* output, const mlonmcu_broadcast_to_params_t* params) {
  /* Walks the output in order; the input offset follows, standing still along broadcast dims. */
  enum { R = MLONMCU_BROADCAST_TO_MAX_RANK };
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const size_t size = (size_t)params->element_size;
  int32_t index[R] = {0};
  int64_t in_stride[R];
  int64_t total = 1, n, in_offset = 0, stride = 1;
  int32_t d;
  for (d = R - 1; d >= 0; --d) {
    in_stride[d] = params->in_dims[d] == 1 ? 0 : stride;
    stride *= params->in_dims[d];
    total *= params->out_dims[d];
  }
  for (n = 0; n < total; ++n) {
    memcpy(out + n * (int64_t)size, in + in_offset * (int64_t)size, size);
    for (d = R - 1; d >= 0; --d) {
      in_offset += in_stride[d];
      if (++index[d] < params->out_dims[d]) break;
      in_offset -= in_stride[d] * params->out_dims[d];
      index[d] = 0;
    }
  }
}

/* One body for both index widths; the definitions stay written out so that the aot backend's
 * kernel scanner finds them. */
#define MLONMCU_BROADCAST_ARGS_BODY(T)                                \
  int32_t i;                                                          \
  for (i = 0; i < p->n_out; ++i) {                                    \
    const int32_t k1 = p->n1 - 1 - i, k2 = p->n2 - 1 - i;             \
    const T a = k1 >= 0 ? shape1[k1] : 1, b = k2 >= 0 ? shape2[k2] : 1; \
    output[p->n_out - 1 - i] = a == 1 ? b : a;                        \
  }

void mlonmcu_broadcast_args_s32(const int32_t* shape1, const int32_t* shape2, int32_t* output,
                                const mlonmcu_broadcast_args_params_t* p) {
  MLONMCU_BROADCAST_ARGS_BODY(int32_t)
}

void mlonmcu_broadcast_args_s64(const int64_t* shape1, const int64_t* shape2, int64_t* output,
                                const mlonmcu_broadcast_args_params_t* p) {
  MLONMCU_BROADCAST_ARGS_BODY(int64_t)
}
