#include "mlonmcu/kernels/cumsum.h"

#include "kernel_util.h"

/* Element k (in summation order) of the line (o, i): reversed lines run backwards. */
static int64_t line_index(const mlonmcu_cumsum_params_t* p, int32_t o, int32_t i, int32_t k) {
  const int32_t d = p->reverse ? p->depth - 1 - k : k;
  return ((int64_t)o * p->depth + d) * p->inner + i;
}

void mlonmcu_cumsum_f32(const mlonmcu_cumsum_params_t* p, const float* input, float* output) {
  int32_t o, i, k;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      float acc = 0.0f;
      for (k = 0; k < p->depth; ++k) {
        const int64_t at = line_index(p, o, i, k);
        const float x = input[at];
        if (p->exclusive) {
          output[at] = acc;
          acc += x;
        } else {
          acc += x;
          output[at] = acc;
        }
      }
    }
}

static int32_t scale_in(const mlonmcu_cumsum_params_t* p, int32_t v) {
  return mlonmcu_multiply_by_quantized_multiplier((int32_t)((uint32_t)v << p->left_shift), p->input_multiplier,
                                                  p->input_shift);
}

void mlonmcu_cumsum_s8(const mlonmcu_cumsum_params_t* p, const int8_t* input, int8_t* output) {
  int32_t o, i, k;
  for (o = 0; o < p->outer; ++o)
    for (i = 0; i < p->inner; ++i) {
      int32_t acc = scale_in(p, p->input_offset);
      for (k = 0; k < p->depth; ++k) {
        const int64_t at = line_index(p, o, i, k);
        const int32_t y = scale_in(p, p->input_offset + input[at]);
        int32_t sum;
        if (p->exclusive) {
          sum = acc;
          acc = mlonmcu_wrap_add(acc, y);
        } else {
          acc = mlonmcu_wrap_add(acc, y);
          sum = acc;
        }
        output[at] = (int8_t)mlonmcu_requantize_clamp(sum, p->output_multiplier, p->output_shift, p->output_offset,
                                                      INT8_MIN, INT8_MAX);
      }
    }
}
