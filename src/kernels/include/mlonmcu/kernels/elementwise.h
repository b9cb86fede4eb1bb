/* ADD, SUB, MUL kernels with numpy-style broadcasting up to 6 dimensions, bit-exact with
 * TFLite-Micro's reference kernels. Dims arrays hold MLONMCU_KERNELS_BROADCAST_RANK entries:
 * shapes right-aligned and padded with leading 1s (mlonmcu_broadcast_extend_dims). Every input
 * dim equals the output dim or is 1. */
#ifndef MLONMCU_KERNELS_ELEMENTWISE_H_
#define MLONMCU_KERNELS_ELEMENTWISE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLONMCU_KERNELS_BROADCAST_RANK 6

/* ADD and SUB int8: both inputs are brought to a common scale with 20 bits of headroom
 * (left_shift), summed, then scaled to the output. */
typedef struct {
  int32_t input1_offset; /* -zero point */
  int32_t input2_offset;
  int32_t output_offset; /* +zero point */
  int32_t left_shift;
  int32_t input1_multiplier;
  int32_t input1_shift;
  int32_t input2_multiplier;
  int32_t input2_shift;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
  int32_t short_requant; /* optimized kernel: 1 when mlonmcu_add_sub_s8_short_ok holds */
} mlonmcu_add_s8_params_t;

typedef struct {
  int32_t input1_offset;
  int32_t input2_offset;
  int32_t output_offset;
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
} mlonmcu_mul_s8_params_t;

typedef struct {
  float act_min;
  float act_max;
} mlonmcu_arith_f32_params_t;

/* int32 without quantization: the activation's integer range (ADD: always the full range, as
 * TFLite-Micro ignores the activation there). */
typedef struct {
  int32_t act_min;
  int32_t act_max;
} mlonmcu_arith_s32_params_t;

/* Writes rank dims right-aligned into out[MLONMCU_KERNELS_BROADCAST_RANK], leading 1s.
 * rank must be <= MLONMCU_KERNELS_BROADCAST_RANK. */
void mlonmcu_broadcast_extend_dims(int32_t rank, const int32_t* dims, int32_t* out);

/* Reference ADD / SUB: TFLite-Micro's maths per element. */
void mlonmcu_add_s8_ref(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims,
                        const int8_t* in1, const int32_t* in2_dims, const int8_t* in2,
                        const int32_t* out_dims, int8_t* out);
void mlonmcu_sub_s8_ref(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims,
                        const int8_t* in1, const int32_t* in2_dims, const int8_t* in2,
                        const int32_t* out_dims, int8_t* out);

/* Optimized ADD and SUB: both inputs' rescaling (offset, 20-bit left shift, multiplier) depends
 * only on the int8 value, so it is a table prepared at build time, and an output costs two
 * lookups, an add and the output's requantization. `lut` (MLONMCU_ADD_LUT_SIZE entries) from
 * mlonmcu_add_sub_s8_lut: input 1's rescaled values, then input 2's (negated for SUB), each
 * indexed by value + 128. */
#define MLONMCU_ADD_LUT_SIZE 512
void mlonmcu_add_sub_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims,
                        const int8_t* in1, const int32_t* in2_dims, const int8_t* in2,
                        const int32_t* out_dims, int8_t* out, const int32_t* lut);
/* sign 1 for ADD, -1 for SUB. */
void mlonmcu_add_sub_s8_lut(const mlonmcu_add_s8_params_t* p, int32_t sign, int32_t* lut);
/* 1 when every sum of two table entries and the output requantization fit the short exact
 * requantization (channel_requant.h); the lowering stores it as params short_requant. */
int mlonmcu_add_sub_s8_short_ok(const mlonmcu_add_s8_params_t* p, const int32_t* lut);
void mlonmcu_mul_s8(const mlonmcu_mul_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out);
void mlonmcu_add_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out);
void mlonmcu_sub_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out);
void mlonmcu_mul_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out);
/* int32, wrapping on overflow (TFLite-Micro's MUL wraps; its ADD and SUB are undefined there). */
/* SQUARED_DIFFERENCE int8 / int16 (zero points 0): both inputs rescaled as for SUB (left_shift 7 /
 * 0), the difference squared in 32 bits, then the output multiplier (ADD/SUB's params). */
void mlonmcu_squared_difference_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                                   const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims, int8_t* out);
void mlonmcu_squared_difference_s16(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int16_t* in1,
                                    const int32_t* in2_dims, const int16_t* in2, const int32_t* out_dims,
                                    int16_t* out);
void mlonmcu_add_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out);
void mlonmcu_sub_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out);
void mlonmcu_mul_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out);
/* DIV int32: C's truncating quotient, clamped to the activation's range. A zero divisor (and
 * INT32_MIN / -1) is undefined in TFLite-Micro; the kernel writes 0 (INT32_MIN) there. */
void mlonmcu_div_s32(const mlonmcu_arith_s32_params_t* p, const int32_t* in1_dims, const int32_t* in1,
                     const int32_t* in2_dims, const int32_t* in2, const int32_t* out_dims, int32_t* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_ELEMENTWISE_H_ */
