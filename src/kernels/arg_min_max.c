#include "mlonmcu/kernels/arg_min_max.h"

static float value_at(const mlonmcu_arg_min_max_params_t* p, const void* input, int64_t i) {
  return p->type == MLONMCU_ELEM_F32 ? ((const float*)input)[i] : (float)((const int8_t*)input)[i];
}

void mlonmcu_arg_min_max(const mlonmcu_arg_min_max_params_t* p, const void* input, int32_t* output) {
  int32_t outer, inner, i;
  for (outer = 0; outer < p->outer; ++outer)
    for (inner = 0; inner < p->inner; ++inner) {
      const int64_t base = (int64_t)outer * p->axis_size * p->inner + inner;
      /* int8 values are exact in float: one comparison for both types. */
      float best = value_at(p, input, base);
      int32_t index = 0;
      for (i = 1; i < p->axis_size; ++i) {
        const float v = value_at(p, input, base + (int64_t)i * p->inner);
        if (p->is_max ? v > best : v < best) {
          best = v;
          index = i;
        }
      }
      output[(int64_t)outer * p->inner + inner] = index;
    }
}
