/* QUANTIZE / DEQUANTIZE as in TFLite-Micro's reference kernels. */
#include "mlonmcu/kernels/quantize.h"

#include <math.h>

#include "kernel_util.h"

/* TFLite divides (not multiplies by the reciprocal) in float, rounds half away from zero.
 * Values beyond the output range are clamped before the conversion to stay defined. */
static int32_t quantize_one(const mlonmcu_affine_params_t* p, float x, int32_t lo, int32_t hi) {
  const float r = roundf(x / p->scale);
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
  return mlonmcu_clamp_s32(q, lo, hi);
}

void mlonmcu_quantize_f32_s8(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                             int8_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) output[i] = (int8_t)quantize_one(p, input[i], INT8_MIN, INT8_MAX);
}

void mlonmcu_quantize_f32_s16(const mlonmcu_affine_params_t* p, int32_t size, const float* input,
                              int16_t* output) {
  int32_t i;
  for (i = 0; i < size; ++i) output[i] = (int16_t)quantize_one(p, input[i], INT16_MIN, INT16_MAX);
}

static int32_t load_q(int32_t type, const void* data, int32_t i) {
  switch (type) {
    case MLONMCU_ELEM_S8: return ((const int8_t*)data)[i];
    case MLONMCU_ELEM_S16: return ((const int16_t*)data)[i];
    default: return ((const int32_t*)data)[i];
  }
}

void mlonmcu_requantize_int(const mlonmcu_requantize_int_params_t* p, int32_t size, const void* input,
                            void* output) {
  const int32_t lo = p->to == MLONMCU_ELEM_S8 ? INT8_MIN : (p->to == MLONMCU_ELEM_S16 ? INT16_MIN : INT32_MIN);
  const int32_t hi = p->to == MLONMCU_ELEM_S8 ? INT8_MAX : (p->to == MLONMCU_ELEM_S16 ? INT16_MAX : INT32_MAX);
  int32_t i;
  for (i = 0; i < size; ++i) {
    const int32_t v = (int32_t)((uint32_t)load_q(p->from, input, i) - (uint32_t)p->r.input_zero_point);
    const int32_t q = mlonmcu_requantize_clamp(v, p->r.multiplier, p->r.shift, p->r.output_zero_point, lo, hi);
    switch (p->to) {
      case MLONMCU_ELEM_S8: ((int8_t*)output)[i] = (int8_t)q; break;
      case MLONMCU_ELEM_S16: ((int16_t*)output)[i] = (int16_t)q; break;
      default: ((int32_t*)output)[i] = q; break;
    }
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

void mlonmcu_dequantize_s16_f32(const mlonmcu_affine_params_t* p, int32_t size,
                                const int16_t* input, float* output) {
  int32_t i;
  /* As for int8: a 17-bit difference times a float scale is exact in double. */
  for (i = 0; i < size; ++i) output[i] = p->scale * (float)((int32_t)input[i] - p->zero_point);
}
