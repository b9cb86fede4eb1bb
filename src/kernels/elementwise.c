/* ADD, SUB, MUL with broadcasting (broadcast_walk.h): the reference int8 ADD/SUB (TFLite-Micro's
 * maths per element; the optimized one is add_sub_s8.c), int8 MUL and the float kernels. */
#include "mlonmcu/kernels/elementwise.h"

#include "broadcast_walk.h"
#include "kernel_util.h"

void mlonmcu_broadcast_extend_dims(int32_t rank, const int32_t* dims, int32_t* out) {
  const int32_t lead = RANK - rank;
  int32_t i;
  for (i = 0; i < RANK; ++i) out[i] = i < lead ? 1 : dims[i - lead];
}

/* Rescales an input to the common ADD/SUB scale. The shift goes through uint32 so that a
 * hostile left_shift wraps instead of being undefined; valid params never overflow. */
static inline int32_t add_scale_input(int32_t q, int32_t offset, int32_t left_shift,
                                      int32_t multiplier, int32_t shift) {
  const int32_t shifted = (int32_t)((uint32_t)(q + offset) << left_shift);
  return mlonmcu_multiply_by_quantized_multiplier(shifted, multiplier, shift);
}

static inline int8_t add_s8_finish(const mlonmcu_add_s8_params_t* p, int32_t raw) {
  return (int8_t)mlonmcu_requantize_clamp(raw, p->output_multiplier, p->output_shift,
                                          p->output_offset, p->act_min, p->act_max);
}

static inline void add_s8_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int8_t* a,
                              int32_t sa, const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = add_scale_input(*a, p->input1_offset, p->left_shift, p->input1_multiplier,
                                      p->input1_shift);
    const int32_t y = add_scale_input(*b, p->input2_offset, p->left_shift, p->input2_multiplier,
                                      p->input2_shift);
    out[i] = add_s8_finish(p, mlonmcu_wrap_add(x, y));
  }
}

static inline void sub_s8_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int8_t* a,
                              int32_t sa, const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = add_scale_input(*a, p->input1_offset, p->left_shift, p->input1_multiplier,
                                      p->input1_shift);
    const int32_t y = add_scale_input(*b, p->input2_offset, p->left_shift, p->input2_multiplier,
                                      p->input2_shift);
    out[i] = add_s8_finish(p, (int32_t)((uint32_t)x - (uint32_t)y));
  }
}

static inline void mul_s8_row(const mlonmcu_mul_s8_params_t* p, int32_t n, const int8_t* a,
                              int32_t sa, const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t product = ((int32_t)*a + p->input1_offset) * ((int32_t)*b + p->input2_offset);
    out[i] = (int8_t)mlonmcu_requantize_clamp(product, p->output_multiplier, p->output_shift,
                                              p->output_offset, p->act_min, p->act_max);
  }
}

static inline float clamp_f32(float v, float lo, float hi) {
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

static inline void add_f32_row(const mlonmcu_arith_f32_params_t* p, int32_t n, const float* a,
                               int32_t sa, const float* b, int32_t sb, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = clamp_f32(*a + *b, p->act_min, p->act_max);
}

static inline void sub_f32_row(const mlonmcu_arith_f32_params_t* p, int32_t n, const float* a,
                               int32_t sa, const float* b, int32_t sb, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = clamp_f32(*a - *b, p->act_min, p->act_max);
}

static inline void mul_f32_row(const mlonmcu_arith_f32_params_t* p, int32_t n, const float* a,
                               int32_t sa, const float* b, int32_t sb, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = clamp_f32(*a * *b, p->act_min, p->act_max);
}

void mlonmcu_add_s8_ref(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out) {
  MLONMCU_BROADCAST_WALK(add_s8_row);
}

void mlonmcu_sub_s8_ref(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out) {
  MLONMCU_BROADCAST_WALK(sub_s8_row);
}

void mlonmcu_mul_s8(const mlonmcu_mul_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out) {
  MLONMCU_BROADCAST_WALK(mul_s8_row);
}

void mlonmcu_add_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out) {
  MLONMCU_BROADCAST_WALK(add_f32_row);
}

void mlonmcu_sub_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out) {
  MLONMCU_BROADCAST_WALK(sub_f32_row);
}

void mlonmcu_mul_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out) {
  MLONMCU_BROADCAST_WALK(mul_f32_row);
}

static inline int32_t clamp_s32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static inline void add_s32_row(const mlonmcu_arith_s32_params_t* p, int32_t n, const int32_t* a, int32_t sa,
                               const int32_t* b, int32_t sb, int32_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb)
    out[i] = clamp_s32((int32_t)((uint32_t)*a + (uint32_t)*b), p->act_min, p->act_max);
}

static inline void sub_s32_row(const mlonmcu_arith_s32_params_t* p, int32_t n, const int32_t* a, int32_t sa,
                               const int32_t* b, int32_t sb, int32_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb)
    out[i] = clamp_s32((int32_t)((uint32_t)*a - (uint32_t)*b), p->act_min, p->act_max);
}

static inline void mul_s32_row(const mlonmcu_arith_s32_params_t* p, int32_t n, const int32_t* a, int32_t sa,
                               const int32_t* b, int32_t sb, int32_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb)
    out[i] = clamp_s32((int32_t)((uint32_t)*a * (uint32_t)*b), p->act_min, p->act_max);
}

void mlonmcu_add_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out) {
  MLONMCU_BROADCAST_WALK(add_s32_row);
}

void mlonmcu_sub_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out) {
  MLONMCU_BROADCAST_WALK(sub_s32_row);
}

void mlonmcu_mul_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out) {
  MLONMCU_BROADCAST_WALK(mul_s32_row);
}

/* TFLite-Micro's SQUARED_DIFFERENCE: wrapping where valid params never overflow. */
static inline int32_t squared_difference(const mlonmcu_add_s8_params_t* p, int32_t a, int32_t b) {
  const int32_t x = add_scale_input(a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
  const int32_t y = add_scale_input(b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
  const uint32_t d = (uint32_t)x - (uint32_t)y;
  return mlonmcu_requantize_clamp((int32_t)(d * d), p->output_multiplier, p->output_shift, p->output_offset,
                                  p->act_min, p->act_max);
}

static inline void squared_difference_s8_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int8_t* a, int32_t sa,
                                             const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = (int8_t)squared_difference(p, *a, *b);
}

static inline void squared_difference_s16_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int16_t* a,
                                              int32_t sa, const int16_t* b, int32_t sb, int16_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = (int16_t)squared_difference(p, *a, *b);
}

void mlonmcu_squared_difference_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                                   const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims, int8_t* out) {
  MLONMCU_BROADCAST_WALK(squared_difference_s8_row);
}

void mlonmcu_squared_difference_s16(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                                    const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims,
                                    int16_t* out) {
  MLONMCU_BROADCAST_WALK(squared_difference_s16_row);
}

static inline void div_s32_row(const mlonmcu_arith_s32_params_t* p, int32_t n, const int32_t* a, int32_t sa,
                               const int32_t* b, int32_t sb, int32_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t q = *b == 0 ? 0 : (*b == -1 && *a == INT32_MIN) ? INT32_MIN : *a / *b;
    out[i] = clamp_s32(q, p->act_min, p->act_max);
  }
}

void mlonmcu_div_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out) {
  MLONMCU_BROADCAST_WALK(div_s32_row);
}
