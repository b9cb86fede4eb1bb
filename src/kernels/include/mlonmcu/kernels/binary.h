/* Elementwise ops of two inputs beyond ADD/SUB/MUL, with numpy-style broadcasting (dims as in
 * elementwise.h: MLONMCU_KERNELS_BROADCAST_RANK entries, right-aligned), bit-exact with
 * TFLite-Micro's reference kernels: MAXIMUM, MINIMUM, the comparisons, LOGICAL_AND/OR, and
 * float32 DIV, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD. Comparisons write bool (one byte),
 * the others the input's type. PRELU; SELECT_V2 of three broadcast inputs. */
#ifndef MLONMCU_KERNELS_BINARY_H_
#define MLONMCU_KERNELS_BINARY_H_

#include <stdint.h>

#include "mlonmcu/kernels/element_type.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
  MLONMCU_BINARY_MAXIMUM,
  MLONMCU_BINARY_MINIMUM,
  MLONMCU_BINARY_EQUAL,
  MLONMCU_BINARY_NOT_EQUAL,
  MLONMCU_BINARY_GREATER,
  MLONMCU_BINARY_GREATER_EQUAL,
  MLONMCU_BINARY_LESS,
  MLONMCU_BINARY_LESS_EQUAL,
  MLONMCU_BINARY_LOGICAL_AND,
  MLONMCU_BINARY_LOGICAL_OR,
  MLONMCU_BINARY_DIV,                /* float32 */
  MLONMCU_BINARY_SQUARED_DIFFERENCE, /* float32, int32 */
  MLONMCU_BINARY_FLOOR_DIV,          /* float32 */
  MLONMCU_BINARY_FLOOR_MOD,          /* float32 */
  MLONMCU_BINARY_COUNT
};

/* 1 for the comparisons (bool output). */
#define MLONMCU_BINARY_IS_COMPARISON(op) ((op) >= MLONMCU_BINARY_EQUAL && (op) <= MLONMCU_BINARY_LESS_EQUAL)

typedef struct {
  int32_t op;   /* MLONMCU_BINARY_* */
  int32_t type; /* MLONMCU_ELEM_* of both inputs */
  /* int8 comparisons compare ((q + offset) << left_shift) * scale in fixed point, as TFLite
   * does; left_shift 0: the raw values. */
  int32_t left_shift;
  int32_t input1_offset;
  int32_t input1_multiplier;
  int32_t input1_shift;
  int32_t input2_offset;
  int32_t input2_multiplier;
  int32_t input2_shift;
  float act_min; /* DIV's fused activation */
  float act_max;
} mlonmcu_binary_params_t;

void mlonmcu_binary(const mlonmcu_binary_params_t* p, const int32_t* in1_dims, const void* in1,
                    const int32_t* in2_dims, const void* in2, const int32_t* out_dims, void* out);

/* PRELU: x >= 0 ? x : alpha * x, alpha broadcast; int8/int16 x (int8 alpha) rescaled by the
 * identity or the alpha product multiplier. */
typedef struct {
  int32_t input_offset; /* -zero points */
  int32_t alpha_offset;
  int32_t output_offset; /* +zero point */
  int32_t multiplier_1;
  int32_t shift_1;
  int32_t multiplier_2;
  int32_t shift_2;
} mlonmcu_prelu_params_t;

void mlonmcu_prelu_f32(const mlonmcu_prelu_params_t* p, const int32_t* in_dims, const float* in,
                       const int32_t* alpha_dims, const float* alpha, const int32_t* out_dims, float* out);
void mlonmcu_prelu_s8(const mlonmcu_prelu_params_t* p, const int32_t* in_dims, const int8_t* in,
                      const int32_t* alpha_dims, const int8_t* alpha, const int32_t* out_dims, int8_t* out);
void mlonmcu_prelu_s16(const mlonmcu_prelu_params_t* p, const int32_t* in_dims, const int16_t* in,
                       const int32_t* alpha_dims, const int8_t* alpha, const int32_t* out_dims, int16_t* out);

/* SELECT_V2: out = cond ? x : y, all three broadcast (bytes copied; any dtype). */
typedef struct {
  int32_t element_size;
} mlonmcu_select_params_t;

void mlonmcu_select(const mlonmcu_select_params_t* p, const int32_t* cond_dims, const uint8_t* cond,
                    const int32_t* x_dims, const void* x, const int32_t* y_dims, const void* y,
                    const int32_t* out_dims, void* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_BINARY_H_ */
