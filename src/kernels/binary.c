#include "mlonmcu/kernels/binary.h"

#include <math.h>
#include <string.h>

#include "broadcast_walk_n.h"
#include "kernel_util.h"

/* Integer elements widened to int64 (exact for every integer type). */
static int64_t load_int(int32_t type, const void* data, int64_t i) {
  switch (type) {
    case MLONMCU_ELEM_S8: return ((const int8_t*)data)[i];
    case MLONMCU_ELEM_S16: return ((const int16_t*)data)[i];
    case MLONMCU_ELEM_S32: return ((const int32_t*)data)[i];
    case MLONMCU_ELEM_S64: return ((const int64_t*)data)[i];
    default: return ((const uint8_t*)data)[i] != 0;
  }
}

static void store_int(int32_t type, void* data, int64_t i, int64_t v) {
  switch (type) {
    case MLONMCU_ELEM_S8: ((int8_t*)data)[i] = (int8_t)v; break;
    case MLONMCU_ELEM_S16: ((int16_t*)data)[i] = (int16_t)v; break;
    case MLONMCU_ELEM_S32: ((int32_t*)data)[i] = (int32_t)v; break;
    case MLONMCU_ELEM_S64: ((int64_t*)data)[i] = v; break;
    default: ((uint8_t*)data)[i] = v != 0; break;
  }
}

/* One body for float and int64 operands: C's comparison operators, NaN included. */
#define MLONMCU_COMPARE(op, a, b)                \
  switch (op) {                                  \
    case MLONMCU_BINARY_EQUAL: return a == b;    \
    case MLONMCU_BINARY_NOT_EQUAL: return a != b; \
    case MLONMCU_BINARY_GREATER: return a > b;   \
    case MLONMCU_BINARY_GREATER_EQUAL: return a >= b; \
    case MLONMCU_BINARY_LESS: return a < b;      \
    default: return a <= b;                      \
  }

static uint8_t compare_f32(int32_t op, float a, float b) { MLONMCU_COMPARE(op, a, b) }
static uint8_t compare_int(int32_t op, int64_t a, int64_t b) { MLONMCU_COMPARE(op, a, b) }

/* TFLite's FloorMod for floats: fmod, moved to the divisor's sign. */
static float floor_mod(float a, float b) {
  const float m = fmodf(a, b);
  return (m != 0.0f && ((b < 0.0f) != (m < 0.0f))) ? m + b : m;
}

static float float_op(const mlonmcu_binary_params_t* p, float a, float b) {
  switch (p->op) {
    case MLONMCU_BINARY_MAXIMUM: return a > b ? a : b;
    case MLONMCU_BINARY_MINIMUM: return a < b ? a : b;
    case MLONMCU_BINARY_DIV: {
      const float q = a / b;
      return q < p->act_min ? p->act_min : (q > p->act_max ? p->act_max : q);
    }
    case MLONMCU_BINARY_SQUARED_DIFFERENCE: return (a - b) * (a - b);
    case MLONMCU_BINARY_FLOOR_DIV: return (float)floor((double)a / (double)b);
    default: return floor_mod(a, b);
  }
}

static int64_t int_op(int32_t op, int64_t a, int64_t b) {
  switch (op) {
    case MLONMCU_BINARY_MAXIMUM: return a > b ? a : b;
    case MLONMCU_BINARY_MINIMUM: return a < b ? a : b;
    case MLONMCU_BINARY_LOGICAL_AND: return a && b;
    case MLONMCU_BINARY_LOGICAL_OR: return a || b;
    default: return (int64_t)(uint32_t)((uint32_t)(a - b) * (uint32_t)(a - b)); /* int32 wraps */
  }
}

/* An int8 value in the comparison's common fixed-point scale. */
static int32_t scaled(int32_t q, int32_t offset, int32_t left_shift, int32_t multiplier, int32_t shift) {
  const int32_t shifted = (int32_t)((uint32_t)(q + offset) << left_shift);
  return mlonmcu_multiply_by_quantized_multiplier(shifted, multiplier, shift);
}

static void element(const mlonmcu_binary_params_t* p, const void* in1, int64_t i1, const void* in2, int64_t i2,
                    void* out, int64_t o) {
  if (p->type == MLONMCU_ELEM_F32) {
    const float a = ((const float*)in1)[i1], b = ((const float*)in2)[i2];
    if (MLONMCU_BINARY_IS_COMPARISON(p->op))
      ((uint8_t*)out)[o] = compare_f32(p->op, a, b);
    else
      ((float*)out)[o] = float_op(p, a, b);
    return;
  }
  {
    int64_t a = load_int(p->type, in1, i1), b = load_int(p->type, in2, i2);
    if (p->left_shift > 0) {
      a = scaled((int32_t)a, p->input1_offset, p->left_shift, p->input1_multiplier, p->input1_shift);
      b = scaled((int32_t)b, p->input2_offset, p->left_shift, p->input2_multiplier, p->input2_shift);
    }
    if (MLONMCU_BINARY_IS_COMPARISON(p->op))
      ((uint8_t*)out)[o] = compare_int(p->op, a, b);
    else
      store_int(p->type, out, o, int_op(p->op, a, b));
  }
}

void mlonmcu_binary(const mlonmcu_binary_params_t* p, const int32_t* in1_dims, const void* in1,
                    const int32_t* in2_dims, const void* in2, const int32_t* out_dims, void* out) {
  const int32_t* dims[2];
  mlonmcu_walk_t w;
  int64_t total, n;
  dims[0] = in1_dims;
  dims[1] = in2_dims;
  total = mlonmcu_walk_start(&w, 2, dims, out_dims);
  for (n = 0; n < total; ++n, mlonmcu_walk_next(&w)) element(p, in1, w.offset[0], in2, w.offset[1], out, n);
}

void mlonmcu_select(const mlonmcu_select_params_t* p, const int32_t* cond_dims, const uint8_t* cond,
                    const int32_t* x_dims, const void* x, const int32_t* y_dims, const void* y,
                    const int32_t* out_dims, void* out) {
  const int32_t* dims[3];
  const size_t size = (size_t)p->element_size;
  mlonmcu_walk_t w;
  int64_t total, n;
  dims[0] = cond_dims;
  dims[1] = x_dims;
  dims[2] = y_dims;
  total = mlonmcu_walk_start(&w, 3, dims, out_dims);
  for (n = 0; n < total; ++n, mlonmcu_walk_next(&w)) {
    const uint8_t* from = cond[w.offset[0]] ? (const uint8_t*)x + w.offset[1] * (int64_t)size
                                            : (const uint8_t*)y + w.offset[2] * (int64_t)size;
    memcpy((uint8_t*)out + n * (int64_t)size, from, size);
  }
}

static int32_t prelu_q(const mlonmcu_prelu_params_t* p, int32_t x, int32_t a, int32_t lo, int32_t hi) {
  const int32_t v = p->input_offset + x;
  const int32_t r = v >= 0 ? mlonmcu_multiply_by_quantized_multiplier(v, p->multiplier_1, p->shift_1)
                           : mlonmcu_multiply_by_quantized_multiplier(v * (p->alpha_offset + a), p->multiplier_2,
                                                                      p->shift_2);
  return mlonmcu_clamp_s32(r + p->output_offset, lo, hi);
}

/* One walk for the three PRELU kernels; EXPR computes element n from x and a. */
#define MLONMCU_PRELU_WALK(EXPR)                                                  \
  const int32_t* dims[2];                                                         \
  mlonmcu_walk_t w;                                                               \
  int64_t total, n;                                                               \
  dims[0] = in_dims;                                                              \
  dims[1] = alpha_dims;                                                           \
  total = mlonmcu_walk_start(&w, 2, dims, out_dims);                              \
  for (n = 0; n < total; ++n, mlonmcu_walk_next(&w)) {                            \
    const int32_t x_at = (int32_t)w.offset[0], a_at = (int32_t)w.offset[1];       \
    out[n] = (EXPR);                                                              \
  }

void mlonmcu_prelu_f32(const mlonmcu_prelu_params_t* p, const int32_t* in_dims, const float* in,
                       const int32_t* alpha_dims, const float* alpha, const int32_t* out_dims, float* out) {
  (void)p;
  MLONMCU_PRELU_WALK(in[x_at] >= 0.0f ? in[x_at] : in[x_at] * alpha[a_at])
}

void mlonmcu_prelu_s8(const mlonmcu_prelu_params_t* p, const int32_t* in_dims, const int8_t* in,
                      const int32_t* alpha_dims, const int8_t* alpha, const int32_t* out_dims, int8_t* out) {
  MLONMCU_PRELU_WALK((int8_t)prelu_q(p, in[x_at], alpha[a_at], INT8_MIN, INT8_MAX))
}

void mlonmcu_prelu_s16(const mlonmcu_prelu_params_t* p, const int32_t* in_dims, const int16_t* in,
                       const int32_t* alpha_dims, const int8_t* alpha, const int32_t* out_dims, int16_t* out) {
  MLONMCU_PRELU_WALK((int16_t)prelu_q(p, in[x_at], alpha[a_at], INT16_MIN, INT16_MAX))
}
