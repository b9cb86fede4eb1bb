/* FULLY_CONNECTED as in TFLite-Micro's reference kernels: one dot product per (batch, unit),
 * bias after the sum, then requantization (int8) or the activation clamp (float). */
#include "mlonmcu/kernels/fully_connected.h"

#include "kernel_util.h"

void mlonmcu_fully_connected_s8(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                const int8_t* filter, const int32_t* bias, int8_t* output,
                                const int32_t* channel_multiplier, const int32_t* channel_shift) {
  const int32_t input_offset = p->input_offset;
  const int32_t filter_offset = p->filter_offset;
  int32_t b, o, d;
  for (b = 0; b < batches; ++b) {
    const int8_t* x = input + b * accum_depth;
    const int8_t* f = filter;
    for (o = 0; o < output_depth; ++o) {
      uint32_t acc = 0; /* wraps instead of overflowing; see mlonmcu_wrap_add */
      int32_t multiplier, shift;
      for (d = 0; d < accum_depth; ++d)
        acc += (uint32_t)(((int32_t)f[d] + filter_offset) * ((int32_t)x[d] + input_offset));
      f += accum_depth;
      if (bias) acc += (uint32_t)bias[o];
      multiplier = channel_multiplier ? channel_multiplier[o] : p->output_multiplier;
      shift = channel_shift ? channel_shift[o] : p->output_shift;
      *output++ = (int8_t)mlonmcu_requantize_clamp((int32_t)acc, multiplier, shift,
                                                   p->output_offset, p->act_min, p->act_max);
    }
  }
}

void mlonmcu_fully_connected_f32(const mlonmcu_fully_connected_f32_params_t* p, int32_t batches,
                                 int32_t accum_depth, int32_t output_depth, const float* input,
                                 const float* filter, const float* bias, float* output) {
  int32_t b, o, d;
  for (b = 0; b < batches; ++b) {
    const float* x = input + b * accum_depth;
    const float* f = filter;
    for (o = 0; o < output_depth; ++o) {
      float total = 0.0f;
      float value;
      for (d = 0; d < accum_depth; ++d) total += x[d] * f[d];
      f += accum_depth;
      value = total + (bias ? bias[o] : 0.0f);
      value = value < p->act_min ? p->act_min : value;
      *output++ = value > p->act_max ? p->act_max : value;
    }
  }
}
