/* Elementwise functions of one input (ABS, CEIL, COS, EXP, FLOOR, LOG, NEG, ROUND, RSQRT, SIN,
 * SQRT, SQUARE, ELU, HARD_SWISH, LEAKY_RELU, LOGICAL_NOT) and CAST, bit-exact with TFLite-Micro's reference kernels: float32
 * through the C library's float functions (TFLite calls the same ones), int8/int16 ABS and int8
 * RSQRT in TFLite's fixed-point arithmetic. */
#ifndef MLONMCU_KERNELS_UNARY_H_
#define MLONMCU_KERNELS_UNARY_H_

#include <stdint.h>

#include "mlonmcu/kernels/element_type.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Function of mlonmcu_unary_f32. */
enum {
  MLONMCU_UNARY_ABS,
  MLONMCU_UNARY_CEIL,
  MLONMCU_UNARY_COS,
  MLONMCU_UNARY_EXP,
  MLONMCU_UNARY_FLOOR,
  MLONMCU_UNARY_LOG,
  MLONMCU_UNARY_NEG,
  MLONMCU_UNARY_ROUND, /* half to even */
  MLONMCU_UNARY_RSQRT,
  MLONMCU_UNARY_SIN,
  MLONMCU_UNARY_SQRT,
  MLONMCU_UNARY_SQUARE,
  MLONMCU_UNARY_ELU,        /* x < 0 ? expm1(x) : x */
  MLONMCU_UNARY_HARD_SWISH, /* x * min(6, max(0, x + 3)) / 6 */
  MLONMCU_UNARY_COUNT
};

typedef struct {
  int32_t function; /* MLONMCU_UNARY_* */
} mlonmcu_unary_f32_params_t;

void mlonmcu_unary_f32(const mlonmcu_unary_f32_params_t* p, int32_t n, const float* in, float* out);

/* Quantized ABS and RSQRT: q_out = rescale(f(q_in - input_offset)) + output_offset, clamped to
 * the dtype. ABS rescales only when the scales differ (rescale = 0: none). */
typedef struct {
  int32_t input_offset; /* the input's zero point */
  int32_t output_offset;
  int32_t rescale;
  int32_t multiplier;
  int32_t shift;
  int32_t wrap; /* int16 without quantization: |x| wraps like C's int16 cast (-32768 stays) */
} mlonmcu_unary_quant_params_t;

void mlonmcu_abs_s8(const mlonmcu_unary_quant_params_t* p, int32_t n, const int8_t* in, int8_t* out);
void mlonmcu_abs_s16(const mlonmcu_unary_quant_params_t* p, int32_t n, const int16_t* in, int16_t* out);
/* Inputs below the zero point are TFLite errors; they give the largest output here. */
void mlonmcu_rsqrt_s8(const mlonmcu_unary_quant_params_t* p, int32_t n, const int8_t* in, int8_t* out);

void mlonmcu_logical_not(int32_t n, const uint8_t* in, uint8_t* out);

/* Ops over the last dim: outer rows of depth elements. */
typedef struct {
  int32_t outer;
  int32_t depth;
  int32_t input_zero_point;
} mlonmcu_rows_params_t;

/* L2_NORMALIZATION: float x / max(sqrt(sum x^2), 1e-6); int8 (x - zero point) times TFLite's
 * fixed-point inverse square root, in steps of 1/128. */

void mlonmcu_l2_norm_f32(const mlonmcu_rows_params_t* p, const float* in, float* out);
void mlonmcu_l2_norm_s8(const mlonmcu_rows_params_t* p, const int8_t* in, int8_t* out);

/* LOG_SOFTMAX (float32): x - max - log(sum exp(x - max)), summed in order. */
void mlonmcu_log_softmax_f32(const mlonmcu_rows_params_t* p, const float* in, float* out);

/* out[i] = table[(uint8_t)in[i]]: int8 functions TFLite-Micro evaluates through a 256-entry
 * table it fills at Prepare (ELU); the table is computed at build time the same way. */
void mlonmcu_lookup_s8(int32_t n, const int8_t* in, const int8_t* table, int8_t* out);

/* LEAKY_RELU: float x > 0 ? x : alpha * x; int8/int16 rescale x - input_offset by the identity
 * or the alpha multiplier (alpha's sign kept apart, as TFLite does). */
typedef struct {
  float alpha;
  int32_t input_offset;
  int32_t output_offset;
  int32_t identity_multiplier;
  int32_t identity_shift;
  int32_t alpha_multiplier; /* of |alpha| */
  int32_t alpha_shift;
  int32_t alpha_negative;
} mlonmcu_leaky_relu_params_t;

void mlonmcu_leaky_relu_f32(const mlonmcu_leaky_relu_params_t* p, int32_t n, const float* in, float* out);
void mlonmcu_leaky_relu_s8(const mlonmcu_leaky_relu_params_t* p, int32_t n, const int8_t* in, int8_t* out);
void mlonmcu_leaky_relu_s16(const mlonmcu_leaky_relu_params_t* p, int32_t n, const int16_t* in, int16_t* out);

/* CAST between int8, int16, int32, float32 and bool (C conversions, as TFLite's static_cast;
 * float inputs must fit the output type; bool only as input). */
typedef struct {
  int32_t from; /* MLONMCU_ELEM_* (not S64) */
  int32_t to;
} mlonmcu_cast_params_t;

void mlonmcu_cast(const mlonmcu_cast_params_t* p, int32_t n, const void* in, void* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_UNARY_H_ */
