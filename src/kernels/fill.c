#include "mlonmcu/kernels/fill.h"

#include <string.h>

#include "broadcast_walk_n.h"

void mlonmcu_fill(const void* value, void* output, const mlonmcu_fill_params_t* params) {
  uint8_t* out = (uint8_t*)output;
  int32_t i;
  for (i = 0; i < params->count; ++i) memcpy(out + (int64_t)i * params->element_size, value, (size_t)params->element_size);
}

void mlonmcu_broadcast_to(const void* input, void* output, const mlonmcu_broadcast_to_params_t* params) {
  const int32_t* dims[1];
  const size_t size = (size_t)params->element_size;
  mlonmcu_walk_t w;
  int64_t total, n;
  dims[0] = params->in_dims;
  total = mlonmcu_walk_start(&w, 1, dims, params->out_dims);
  for (n = 0; n < total; ++n, mlonmcu_walk_next(&w))
    memcpy((uint8_t*)output + n * (int64_t)size, (const uint8_t*)input + w.offset[0] * (int64_t)size, size);
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
