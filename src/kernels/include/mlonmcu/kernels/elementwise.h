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

/* Writes rank dims right-aligned into out[MLONMCU_KERNELS_BROADCAST_RANK], leading 1s.
 * rank must be <= MLONMCU_KERNELS_BROADCAST_RANK. */
void mlonmcu_broadcast_extend_dims(int32_t rank, const int32_t* dims, int32_t* out);

void mlonmcu_add_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out);
void mlonmcu_sub_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out);
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

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_ELEMENTWISE_H_ */
