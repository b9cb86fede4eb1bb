/* FULLY_CONNECTED: the optimized int8 kernel (each batch row one row of the matrix product in
 * gemm.h) and the float32 kernel as in TFLite-Micro's reference (bias after the sum). */
#include "mlonmcu/kernels/fully_connected.h"

#include "gemm.h"

int mlonmcu_fully_connected_s8_variant(const mlonmcu_fully_connected_s8_params_t* p) {
  return mlonmcu_kernel_variant(p->weight_layout, p->short_requant, p->act_min, p->act_max);
}

void mlonmcu_fully_connected_s8(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                const void* packed_filter, const int32_t* folded_bias,
                                int8_t* output, const mlonmcu_requant_entry_t* requant) {
  mlonmcu_fully_connected_s8_with(mlonmcu_gemm_s8_for(mlonmcu_fully_connected_s8_variant(p)), p,
                                  batches, accum_depth, output_depth, input, packed_filter,
                                  folded_bias, output, requant);
}

void mlonmcu_fully_connected_s8_with(mlonmcu_gemm_fn_t gemm,
                                     const mlonmcu_fully_connected_s8_params_t* p,
                                     int32_t batches, int32_t accum_depth, int32_t output_depth,
                                     const int8_t* input, const void* packed_filter,
                                     const int32_t* folded_bias, int8_t* output,
                                     const mlonmcu_requant_entry_t* requant) {
  mlonmcu_gemm_t g;
  int32_t b, i;
  g.layout = p->weight_layout;
  g.rows = output_depth;
  g.depth = accum_depth;
  g.segs = 1, g.seg_len = accum_depth, g.seg_stride = 0, g.offsets = 0;
  g.weights = packed_filter;
  g.bias = folded_bias;
  g.requant = requant;
  g.output_offset = p->output_offset;
  g.act_min = p->act_min;
  g.act_max = p->act_max;
  g.short_requant = p->short_requant;
  for (b = 0; b < batches; b += MLONMCU_GEMM_PIXELS) {
    const int32_t n = batches - b < MLONMCU_GEMM_PIXELS ? batches - b : MLONMCU_GEMM_PIXELS;
    const int8_t* rows[MLONMCU_GEMM_PIXELS];
    int8_t* outs[MLONMCU_GEMM_PIXELS];
    for (i = 0; i < n; ++i) {
      rows[i] = input + (b + i) * accum_depth;
      outs[i] = output + (b + i) * output_depth;
    }
    gemm(&g, rows, n, outs);
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
