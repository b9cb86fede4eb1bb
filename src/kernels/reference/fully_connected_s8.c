/* Reference int8 FULLY_CONNECTED: TFLite-Micro's reference maths, one dot product per (batch,
 * unit) with both zero-point offsets applied, bias after the sum, then requantization.
 * Accumulators wrap (uint32) instead of overflowing. */
#include "../kernel_util.h"
#include "mlonmcu/kernels/fully_connected.h"

void mlonmcu_fully_connected_s8_ref(const mlonmcu_fully_connected_s8_params_t* p,
                                    int32_t batches, int32_t accum_depth, int32_t output_depth,
                                    const int8_t* input, const int8_t* filter,
                                    const int32_t* bias, int8_t* output,
                                    const int32_t* channel_multiplier,
                                    const int32_t* channel_shift) {
  int32_t b, o, d;
  for (b = 0; b < batches; ++b)
    for (o = 0; o < output_depth; ++o) {
      const int8_t* x = input + b * accum_depth;
      const int8_t* f = filter + o * accum_depth;
      uint32_t acc = 0;
      for (d = 0; d < accum_depth; ++d)
        acc += (uint32_t)(((int32_t)f[d] + p->filter_offset) * ((int32_t)x[d] + p->input_offset));
      if (bias) acc += (uint32_t)bias[o];
      output[b * output_depth + o] = (int8_t)mlonmcu_requantize_clamp(
          (int32_t)acc, channel_multiplier ? channel_multiplier[o] : p->output_multiplier,
          channel_shift ? channel_shift[o] : p->output_shift, p->output_offset, p->act_min,
          p->act_max);
    }
}
