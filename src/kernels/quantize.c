/* QUANTIZE / DEQUANTIZE as in TFLite-Micro's reference kernels. */
#include "mlonmcu/kernels/quantize.h"

#include <math.h>

#include "kernel_util.h"

void mlonmcu_quantize_f32_s8(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                             int8_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    /* TFLite divides (not multiplies by the reciprocal) in float, rounds half away from zero.
     * Values beyond the int8 range are clamped before the conversion to stay defined. */
    const float r = roundf(input[i] / p->scale);
    int32_t q;
    if (r != r) {
      q = p->zero_point;
    } else if (r >= 1.0e6f) {
      q = 1000000 + p->zero_point;
    } else if (r <= -1.0e6f) {
      q = -1000000 + p->zero_point;
    } else {
      q = (int32_t)r + p->zero_point;
    }
    output[i] = (int8_t)mlonmcu_clamp_s32(q, -128, 127);
  }
}

void mlonmcu_requantize_s8_s8(const mlonmcu_requantize_params_t* p, int32_t size,
                              const int8_t* input, int8_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    output[i] = (int8_t)mlonmcu_requantize_clamp((int32_t)input[i] - p->input_zero_point,
                                                 p->multiplier, p->shift, p->output_zero_point,
                                                 -128, 127);
  }
}

void mlonmcu_dequantize_s8_f32(const mlonmcu_affine_params_t* p, int32_t size,
                               const int8_t* input, float* output) {
  int32_t i;
  for (i = 0; i < size; ++i) {
    /* TFLite multiplies in double, then rounds to float. The exact product of a float scale
     * (24-bit significand) and a small integer always fits a double, so that is one rounding
     * of the exact product: the same as one float multiply, without double arithmetic. */
    output[i] = p->scale * (float)((int32_t)input[i] - p->zero_point);
  }
}
