#include "mlonmcu/kernels/transpose_conv.h"

#include "kernel_util.h"
#include "requantize_s64.h"

/* The inputs i in [*lo, *hi] along one axis whose window, i * stride - pad, covers output o:
 * the filter tap is o + pad - i * stride, in [0, filter). */
static void reaching_inputs(int32_t o, int32_t pad, int32_t stride, int32_t filter, int32_t in_size, int32_t* lo,
                            int32_t* hi) {
  const int32_t first = o + pad - (filter - 1);
  *lo = first <= 0 ? 0 : (first + stride - 1) / stride;
  *hi = (o + pad) / stride;
  if (*hi > in_size - 1) *hi = in_size - 1;
}

/* Walks every output element (b, oy, ox, oc) and, inside BODY's INNER part, every input tap
 * reaching it in TFLite-Micro's accumulation order; sets in_at / filter_at (element offsets of
 * the tap's first channel) and out_index. */
#define MLONMCU_TRANSPOSE_CONV_LOOPS(INIT, INNER, FINISH)                                                   \
  const int32_t in_h = in_dims[1], in_w = in_dims[2], in_c = in_dims[3];                                 \
  const int32_t fh = filter_dims[1], fw = filter_dims[2], out_c = out_dims[3];                           \
  int32_t b, oy, ox, oc, iy, ix, ic;                                                                     \
  for (b = 0; b < out_dims[0]; ++b)                                                                      \
    for (oy = 0; oy < out_dims[1]; ++oy) {                                                               \
      int32_t iy_lo, iy_hi;                                                                              \
      reaching_inputs(oy, p->pad_h, p->stride_h, fh, in_h, &iy_lo, &iy_hi);                              \
      for (ox = 0; ox < out_dims[2]; ++ox) {                                                             \
        int32_t ix_lo, ix_hi;                                                                            \
        const int64_t out_index = (((int64_t)b * out_dims[1] + oy) * out_dims[2] + ox) * out_c;          \
        reaching_inputs(ox, p->pad_w, p->stride_w, fw, in_w, &ix_lo, &ix_hi);                            \
        for (oc = 0; oc < out_c; ++oc) {                                                                 \
          INIT;                                                                                          \
          for (iy = iy_lo; iy <= iy_hi; ++iy)                                                            \
            for (ix = ix_lo; ix <= ix_hi; ++ix) {                                                        \
              const int32_t ky = oy + p->pad_h - iy * p->stride_h, kx = ox + p->pad_w - ix * p->stride_w; \
              const int64_t in_at = (((int64_t)b * in_h + iy) * in_w + ix) * in_c;                       \
              const int64_t filter_at = (((int64_t)oc * fh + ky) * fw + kx) * in_c;                      \
              for (ic = 0; ic < in_c; ++ic) INNER;                                                       \
            }                                                                                            \
          FINISH;                                                                                        \
        }                                                                                                \
      }                                                                                                  \
    }

void mlonmcu_transpose_conv_f32(const mlonmcu_transpose_conv_f32_params_t* p, const int32_t in_dims[4],
                                const float* input, const int32_t filter_dims[4], const float* filter,
                                const float* bias, const int32_t out_dims[4], float* output) {
  float acc;
  MLONMCU_TRANSPOSE_CONV_LOOPS(acc = 0.0f, acc += input[in_at + ic] * filter[filter_at + ic], {
    if (bias) acc += bias[oc];
    acc = acc < p->act_min ? p->act_min : acc;
    output[out_index + oc] = acc > p->act_max ? p->act_max : acc;
  })
}

void mlonmcu_transpose_conv_s8(const mlonmcu_transpose_conv_s8_params_t* p, const int32_t in_dims[4],
                               const int8_t* input, const int32_t filter_dims[4], const int8_t* filter,
                               const int32_t* bias, const int32_t out_dims[4], int8_t* output,
                               const int32_t* multipliers, const int32_t* shifts) {
  int32_t acc;
  MLONMCU_TRANSPOSE_CONV_LOOPS(
      acc = 0, acc = mlonmcu_wrap_add(acc, (input[in_at + ic] + p->input_offset) * filter[filter_at + ic]), {
        if (bias) acc = mlonmcu_wrap_add(acc, bias[oc]);
        output[out_index + oc] = (int8_t)mlonmcu_requantize_clamp(acc, multipliers[oc], shifts[oc], p->output_offset,
                                                                  p->act_min, p->act_max);
      })
}

/* 16x8: int16 input and output (zero points 0: TFLite-Micro adds neither offset), int8 filter,
 * products summed in 64 bits with the int64 bias, TFLite's 64-bit requantization. */
void mlonmcu_transpose_conv_s16(const mlonmcu_transpose_conv_s8_params_t* p, const int32_t in_dims[4],
                                const int16_t* input, const int32_t filter_dims[4], const int8_t* filter,
                                const int64_t* bias, const int32_t out_dims[4], int16_t* output,
                                const int32_t* multipliers, const int32_t* shifts) {
  int64_t acc;
  MLONMCU_TRANSPOSE_CONV_LOOPS(acc = 0, acc += (int32_t)input[in_at + ic] * filter[filter_at + ic], {
    int32_t v;
    if (bias) acc = (int64_t)((uint64_t)acc + (uint64_t)bias[oc]);
    v = mlonmcu_multiply_by_quantized_multiplier_s64(acc, multipliers[oc], shifts[oc]);
    v = v < p->act_min ? p->act_min : v;
    output[out_index + oc] = (int16_t)(v > p->act_max ? p->act_max : v);
  })
}
