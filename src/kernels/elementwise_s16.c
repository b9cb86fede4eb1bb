#include "mlonmcu/kernels/elementwise_s16.h"

#include "broadcast_walk.h"
#include "kernel_util.h"

/* Through uint32: a hostile left_shift wraps instead of being undefined. */
static inline int32_t scale_input(int32_t q, int32_t offset, int32_t left_shift, int32_t multiplier, int32_t shift) {
  return mlonmcu_multiply_by_quantized_multiplier((int32_t)((uint32_t)(q + offset) << left_shift), multiplier, shift);
}

static inline void add_s16_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int16_t* a, int32_t sa,
                               const int16_t* b, int32_t sb, int16_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = scale_input(*a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
    const int32_t y = scale_input(*b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
    out[i] = (int16_t)mlonmcu_requantize_clamp(mlonmcu_wrap_add(x, y), p->output_multiplier, p->output_shift,
                                               p->output_offset, p->act_min, p->act_max);
  }
}

/* TFLite-Micro's SUB: the same rescaling, the difference of the scaled inputs. */
static inline void sub_s16_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int16_t* a, int32_t sa,
                               const int16_t* b, int32_t sb, int16_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = scale_input(*a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
    const int32_t y = scale_input(*b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
    out[i] = (int16_t)mlonmcu_requantize_clamp((int32_t)((uint32_t)x - (uint32_t)y), p->output_multiplier,
                                               p->output_shift, p->output_offset, p->act_min, p->act_max);
  }
}

static inline void mul_s16_row(const mlonmcu_mul_s8_params_t* p, int32_t n, const int16_t* a, int32_t sa,
                               const int16_t* b, int32_t sb, int16_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t product = ((int32_t)*a + p->input1_offset) * ((int32_t)*b + p->input2_offset);
    out[i] = (int16_t)mlonmcu_requantize_clamp(product, p->output_multiplier, p->output_shift, p->output_offset,
                                               p->act_min, p->act_max);
  }
}

void mlonmcu_add_s16(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                     const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims, int16_t* out) {
  MLONMCU_BROADCAST_WALK(add_s16_row);
}

void mlonmcu_sub_s16(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                     const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims, int16_t* out) {
  MLONMCU_BROADCAST_WALK(sub_s16_row);
}

void mlonmcu_mul_s16(const mlonmcu_mul_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                     const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims, int16_t* out) {
  MLONMCU_BROADCAST_WALK(mul_s16_row);
}
