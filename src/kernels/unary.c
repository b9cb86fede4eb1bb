#include "mlonmcu/kernels/unary.h"

#include <float.h>
#include <math.h>

#include "kernel_util.h"

/* TFLite's RoundToNearest: half to even, from floor. */
static float round_half_even(float x) {
  const float f = floorf(x);
  const float diff = x - f;
  if (diff < 0.5f || (diff == 0.5f && (int32_t)f % 2 == 0)) return f;
  return f + 1.0f;
}

/* TFLite's order: std::max(0, x + 3) (NaN gives 0), std::min(6, that), x * it / 6. */
static float hard_swish(float x) {
  const float up = 0.0f < x + 3.0f ? x + 3.0f : 0.0f;
  const float clipped = up < 6.0f ? up : 6.0f;
  return x * clipped / 6.0f;
}

/* One loop per function: the switch stays outside the element loop. */
#define MLONMCU_UNARY_LOOP(EXPR) \
  for (i = 0; i < n; ++i) {      \
    const float x = in[i];       \
    out[i] = (EXPR);             \
  }                              \
  break

void mlonmcu_unary_f32(const mlonmcu_unary_f32_params_t* p, int32_t n, const float* in, float* out) {
  int32_t i;
  switch (p->function) {
    case MLONMCU_UNARY_ABS: MLONMCU_UNARY_LOOP(fabsf(x));
    case MLONMCU_UNARY_CEIL: MLONMCU_UNARY_LOOP(ceilf(x));
    case MLONMCU_UNARY_COS: MLONMCU_UNARY_LOOP(cosf(x));
    case MLONMCU_UNARY_EXP: MLONMCU_UNARY_LOOP(expf(x));
    case MLONMCU_UNARY_FLOOR: MLONMCU_UNARY_LOOP(floorf(x));
    case MLONMCU_UNARY_LOG: MLONMCU_UNARY_LOOP(logf(x));
    case MLONMCU_UNARY_NEG: MLONMCU_UNARY_LOOP(-x);
    case MLONMCU_UNARY_ROUND: MLONMCU_UNARY_LOOP(round_half_even(x));
    case MLONMCU_UNARY_RSQRT: MLONMCU_UNARY_LOOP(1.0f / sqrtf(x));
    case MLONMCU_UNARY_SIN: MLONMCU_UNARY_LOOP(sinf(x));
    case MLONMCU_UNARY_SQRT: MLONMCU_UNARY_LOOP(sqrtf(x));
    case MLONMCU_UNARY_SQUARE: MLONMCU_UNARY_LOOP(x * x);
    case MLONMCU_UNARY_ELU: MLONMCU_UNARY_LOOP(x < 0.0f ? expm1f(x) : x);
    case MLONMCU_UNARY_HARD_SWISH: MLONMCU_UNARY_LOOP(hard_swish(x));
    default: break;
  }
}

static int32_t abs_quantized(const mlonmcu_unary_quant_params_t* p, int32_t q, int32_t lo, int32_t hi) {
  const int32_t d = q - p->input_offset;
  int32_t v = d < 0 ? -d : d;
  if (p->wrap) return v;
  if (p->rescale) v = mlonmcu_multiply_by_quantized_multiplier(v, p->multiplier, p->shift);
  return mlonmcu_clamp_s32(v + p->output_offset, lo, hi);
}

void mlonmcu_abs_s8(const mlonmcu_unary_quant_params_t* p, int32_t n, const int8_t* in, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = (int8_t)abs_quantized(p, in[i], INT8_MIN, INT8_MAX);
}

void mlonmcu_abs_s16(const mlonmcu_unary_quant_params_t* p, int32_t n, const int16_t* in, int16_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = (int16_t)abs_quantized(p, in[i], INT16_MIN, INT16_MAX);
}

/* gemmlowp's SaturatingRoundingMultiplyByPOT for a positive exponent: a left shift that
 * saturates beyond +-(2^(31 - e) - 1). */
static int32_t saturating_shl(int32_t x, int32_t e) {
  const int32_t threshold = (int32_t)(((uint32_t)1 << (31 - e)) - 1);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << e);
}

/* TFLite's GetInvSqrtQuantizedMultiplierExp (reverse shift): 1/sqrt(x) as a Q31 multiplier and
 * a left shift, by five Newton-Raphson steps in fixed point with 3 integer bits. x >= 0. */
static void inv_sqrt_multiplier(int32_t x, int32_t* multiplier, int32_t* shift) {
  int32_t s = 11, pairs, half_input, guess, k;
  if (x <= 1) {
    *multiplier = INT32_MAX;
    *shift = 0;
    return;
  }
  while (x >= (1 << 29)) {
    x /= 4;
    ++s;
  }
  pairs = (__builtin_clz((uint32_t)x) - 1) / 2 - 1;
  s -= pairs;
  x = (int32_t)((uint32_t)x << (2 * pairs));
  half_input = mlonmcu_rounding_divide_by_pot(x >> 1, 1);
  guess = 1 << 28; /* 1.0 with 3 integer bits */
  for (k = 0; k < 5; ++k) {
    const int32_t cube = saturating_shl(mlonmcu_srdhm(mlonmcu_srdhm(guess, guess), guess), 6);
    const int32_t three_halves_x = mlonmcu_srdhm((1 << 28) + (1 << 27), guess);
    guess = saturating_shl((int32_t)((uint32_t)three_halves_x - (uint32_t)mlonmcu_srdhm(half_input, cube)), 3);
  }
  guess = mlonmcu_srdhm(guess, 1518500250); /* sqrt(2) / 2 in Q31 */
  if (s < 0) {
    guess = (int32_t)((uint32_t)guess << -s);
    s = 0;
  }
  *multiplier = guess;
  *shift = -s;
}

void mlonmcu_rsqrt_s8(const mlonmcu_unary_quant_params_t* p, int32_t n, const int8_t* in, int8_t* out) {
  enum { kShift = 20 }; /* keeps the intermediate an integer, as TFLite does */
  int32_t i;
  for (i = 0; i < n; ++i) {
    const int32_t v = in[i] - p->input_offset;
    int32_t m, s, data;
    if (v <= 0) {
      out[i] = INT8_MAX;
      continue;
    }
    inv_sqrt_multiplier(v, &m, &s);
    data = mlonmcu_multiply_by_quantized_multiplier(1, m, s + kShift);
    data = mlonmcu_multiply_by_quantized_multiplier(data, p->multiplier, p->shift - kShift) + p->output_offset;
    out[i] = (int8_t)mlonmcu_clamp_s32(data, INT8_MIN, INT8_MAX);
  }
}

void mlonmcu_lookup_s8(int32_t n, const int8_t* in, const int8_t* table, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = table[(uint8_t)in[i]];
}

void mlonmcu_leaky_relu_f32(const mlonmcu_leaky_relu_params_t* p, int32_t n, const float* in, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = in[i] > 0 ? in[i] : in[i] * p->alpha;
}

static int32_t leaky_relu_q(const mlonmcu_leaky_relu_params_t* p, int32_t q, int32_t lo, int32_t hi) {
  const int32_t v = q - p->input_offset;
  int32_t r = p->output_offset;
  if (v >= 0) {
    r += mlonmcu_multiply_by_quantized_multiplier(v, p->identity_multiplier, p->identity_shift);
  } else {
    const int32_t a = mlonmcu_multiply_by_quantized_multiplier(v, p->alpha_multiplier, p->alpha_shift);
    r += p->alpha_negative ? -a : a;
  }
  return mlonmcu_clamp_s32(r, lo, hi);
}

void mlonmcu_leaky_relu_s8(const mlonmcu_leaky_relu_params_t* p, int32_t n, const int8_t* in, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = (int8_t)leaky_relu_q(p, in[i], INT8_MIN, INT8_MAX);
}

void mlonmcu_leaky_relu_s16(const mlonmcu_leaky_relu_params_t* p, int32_t n, const int16_t* in, int16_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = (int16_t)leaky_relu_q(p, in[i], INT16_MIN, INT16_MAX);
}

void mlonmcu_l2_norm_f32(const mlonmcu_rows_params_t* p, const float* in, float* out) {
  int32_t i, c;
  for (i = 0; i < p->outer; ++i, in += p->depth, out += p->depth) {
    float sum = 0.0f, norm;
    for (c = 0; c < p->depth; ++c) sum += in[c] * in[c];
    norm = sqrtf(sum);
    if (norm < 1e-6f) norm = 1e-6f;
    for (c = 0; c < p->depth; ++c) out[c] = in[c] / norm;
  }
}

void mlonmcu_l2_norm_s8(const mlonmcu_rows_params_t* p, const int8_t* in, int8_t* out) {
  enum { kOutputShift = 7 }; /* outputs in steps of 1/128 */
  int32_t i, c;
  for (i = 0; i < p->outer; ++i, in += p->depth, out += p->depth) {
    int32_t sum = 0, m, s;
    for (c = 0; c < p->depth; ++c) {
      const int32_t d = in[c] - p->input_zero_point;
      sum = mlonmcu_wrap_add(sum, d * d);
    }
    inv_sqrt_multiplier(sum, &m, &s);
    for (c = 0; c < p->depth; ++c) {
      const int32_t v = mlonmcu_multiply_by_quantized_multiplier(in[c] - p->input_zero_point, m, s + kOutputShift);
      out[c] = (int8_t)mlonmcu_clamp_s32(v, INT8_MIN, INT8_MAX);
    }
  }
}

void mlonmcu_log_softmax_f32(const mlonmcu_rows_params_t* p, const float* in, float* out) {
  int32_t i, c;
  for (i = 0; i < p->outer; ++i, in += p->depth, out += p->depth) {
    float max = -FLT_MAX, sum = 0.0f, log_sum;
    for (c = 0; c < p->depth; ++c)
      if (max < in[c]) max = in[c];
    for (c = 0; c < p->depth; ++c) sum += expf(in[c] - max);
    log_sum = logf(sum);
    for (c = 0; c < p->depth; ++c) out[c] = in[c] - max - log_sum;
  }
}

void mlonmcu_logical_not(int32_t n, const uint8_t* in, uint8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i) out[i] = in[i] ? 0 : 1;
}

/* Element i of a CAST input as double (exact for every input type) or as int64. */
static double cast_read(int32_t type, const void* in, int32_t i) {
  switch (type) {
    case MLONMCU_ELEM_S8: return ((const int8_t*)in)[i];
    case MLONMCU_ELEM_S16: return ((const int16_t*)in)[i];
    case MLONMCU_ELEM_S32: return ((const int32_t*)in)[i];
    case MLONMCU_ELEM_F32: return ((const float*)in)[i];
    default: return ((const uint8_t*)in)[i] ? 1.0 : 0.0;
  }
}

static int64_t cast_read_int(int32_t type, const void* in, int32_t i) {
  switch (type) {
    case MLONMCU_ELEM_S8: return ((const int8_t*)in)[i];
    case MLONMCU_ELEM_S16: return ((const int16_t*)in)[i];
    case MLONMCU_ELEM_S32: return ((const int32_t*)in)[i];
    default: return ((const uint8_t*)in)[i] ? 1 : 0;
  }
}

/* Integer narrowing keeps the low bits (two's complement, as TFLite's static_cast does on every
 * compiler it supports); float to integer truncates toward zero. */
void mlonmcu_cast(const mlonmcu_cast_params_t* p, int32_t n, const void* in, void* out) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    if (p->to == MLONMCU_ELEM_F32) {
      ((float*)out)[i] = (float)cast_read(p->from, in, i); /* int32 is exact in double: one rounding */
      continue;
    }
    {
      const int64_t v = p->from == MLONMCU_ELEM_F32 ? (int64_t)((const float*)in)[i] : cast_read_int(p->from, in, i);
      switch (p->to) {
        case MLONMCU_ELEM_S8: ((int8_t*)out)[i] = (int8_t)(uint8_t)(uint64_t)v; break;
        case MLONMCU_ELEM_S16: ((int16_t*)out)[i] = (int16_t)(uint16_t)(uint64_t)v; break;
        case MLONMCU_ELEM_S32: ((int32_t*)out)[i] = (int32_t)(uint32_t)(uint64_t)v; break;
        default: ((uint8_t*)out)[i] = v != 0; break;
      }
    }
  }
}
