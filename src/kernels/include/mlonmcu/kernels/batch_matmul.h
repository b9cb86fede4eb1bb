/* BATCH_MATMUL: out[batch][m][n] = sum over k of A[batch][m][k] * B[batch][k][n], with up to
 * three batch dims broadcast numpy-style and A or B read transposed (adj_x, adj_y); bit-exact
 * with TFLite-Micro's reference kernel: float32 summed over k in order from 0.0f, int8 with
 * both zero points, one per-tensor requantization and no activation, int16 (both operands
 * int16, zero points 0) the same summed in 64 bits. */
#ifndef MLONMCU_KERNELS_BATCH_MATMUL_H_
#define MLONMCU_KERNELS_BATCH_MATMUL_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batch[3];    /* the output's batch dims, leading 1s for lower ranks */
  int32_t a_stride[3]; /* elements of A between steps of each batch dim; 0 where A broadcasts */
  int32_t b_stride[3];
  int32_t rows;  /* M */
  int32_t cols;  /* N */
  int32_t depth; /* K */
  int32_t adj_x; /* A stored as [K, M] */
  int32_t adj_y; /* B stored as [N, K] */
  /* int8, int16 (offsets 0) */
  int32_t a_offset; /* -zero point of A */
  int32_t b_offset; /* -zero point of B */
  int32_t output_offset;
  int32_t output_multiplier;
  int32_t output_shift;
} mlonmcu_batch_matmul_params_t;

void mlonmcu_batch_matmul_f32(const mlonmcu_batch_matmul_params_t* p, const float* a, const float* b, float* out);
void mlonmcu_batch_matmul_s8(const mlonmcu_batch_matmul_params_t* p, const int8_t* a, const int8_t* b, int8_t* out);
void mlonmcu_batch_matmul_s16(const mlonmcu_batch_matmul_params_t* p, const int16_t* a, const int16_t* b,
                              int16_t* out);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_BATCH_MATMUL_H_ */
