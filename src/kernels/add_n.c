#include "mlonmcu/kernels/add_n.h"

#include "kernel_util.h"

void mlonmcu_add_n_f32(const mlonmcu_add_n_params_t* p, int32_t n, const float* x0, const float* x1, const float* x2,
                       const float* x3, const float* x4, const float* x5, const float* x6, const float* x7,
                       float* out) {
  const float* in[MLONMCU_ADD_N_MAX_INPUTS];
  int32_t i, j;
  in[0] = x0, in[1] = x1, in[2] = x2, in[3] = x3, in[4] = x4, in[5] = x5, in[6] = x6, in[7] = x7;
  for (i = 0; i < n; ++i) {
    float acc = 0.0f; /* not in[0][i]: 0.0f + -0.0f is +0.0f, as in TFLite-Micro */
    for (j = 0; j < p->num_inputs; ++j) acc += in[j][i];
    out[i] = acc;
  }
}

static int32_t scale_in(const mlonmcu_add_n_params_t* p, int32_t v) {
  return mlonmcu_multiply_by_quantized_multiplier((int32_t)((uint32_t)v << p->left_shift), p->input_multiplier,
                                                  p->input_shift);
}

void mlonmcu_add_n_s8(const mlonmcu_add_n_params_t* p, int32_t n, const int8_t* x0, const int8_t* x1,
                      const int8_t* x2, const int8_t* x3, const int8_t* x4, const int8_t* x5, const int8_t* x6,
                      const int8_t* x7, int8_t* out) {
  const int8_t* in[MLONMCU_ADD_N_MAX_INPUTS];
  const int32_t start = scale_in(p, p->input_offset);
  int32_t i, j;
  in[0] = x0, in[1] = x1, in[2] = x2, in[3] = x3, in[4] = x4, in[5] = x5, in[6] = x6, in[7] = x7;
  for (i = 0; i < n; ++i) {
    int32_t acc = start;
    for (j = 0; j < p->num_inputs; ++j) acc = mlonmcu_wrap_add(acc, scale_in(p, p->input_offset + in[j][i]));
    out[i] = (int8_t)mlonmcu_requantize_clamp(acc, p->output_multiplier, p->output_shift, p->output_offset, INT8_MIN,
                                              INT8_MAX);
  }
}
