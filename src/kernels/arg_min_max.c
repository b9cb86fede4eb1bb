#include "mlonmcu/kernels/arg_min_max.h"

/* One loop per element type: selecting the type inside the loop made gcc 12 emit a conditional
 * int-to-float VCVT in an IT block for Cortex-M55, which its assembler rejects with MVE on. */
#define MLONMCU_ARG_MIN_MAX_LOOP(T)                                                  \
  do {                                                                               \
    const T* in = (const T*)input;                                                   \
    for (outer = 0; outer < p->outer; ++outer)                                       \
      for (inner = 0; inner < p->inner; ++inner) {                                   \
        const int64_t base = (int64_t)outer * p->axis_size * p->inner + inner;      \
        T best = in[base];                                                           \
        int32_t index = 0;                                                           \
        for (i = 1; i < p->axis_size; ++i) {                                         \
          const T v = in[base + (int64_t)i * p->inner];                              \
          if (p->is_max ? v > best : v < best) {                                     \
            best = v;                                                                \
            index = i;                                                               \
          }                                                                          \
        }                                                                            \
        output[(int64_t)outer * p->inner + inner] = index;                           \
      }                                                                              \
  } while (0)

void mlonmcu_arg_min_max(const mlonmcu_arg_min_max_params_t* p, const void* input, int32_t* output) {
  int32_t outer, inner, i;
  if (p->type == MLONMCU_ELEM_F32)
    MLONMCU_ARG_MIN_MAX_LOOP(float);
  else
    MLONMCU_ARG_MIN_MAX_LOOP(int8_t);
}
