#include "mlonmcu/kernels/batch_matmul.h"

#include "kernel_util.h"
#include "requantize_s64.h"

/* Element strides of A's rows and depth, and of B's depth and columns, as stored. */
typedef struct {
  int32_t a_row, a_k, b_k, b_col;
} matmul_steps_t;

static matmul_steps_t steps(const mlonmcu_batch_matmul_params_t* p) {
  matmul_steps_t s;
  s.a_row = p->adj_x ? 1 : p->depth;
  s.a_k = p->adj_x ? p->rows : 1;
  s.b_k = p->adj_y ? 1 : p->cols;
  s.b_col = p->adj_y ? p->depth : 1;
  return s;
}

/* Calls BODY for every batch with a_base, b_base (element offsets) and out_base set. */
#define MLONMCU_MATMUL_BATCHES(BODY)                                                          \
  int32_t b0, b1, b2;                                                                       \
  int64_t out_base = 0;                                                                     \
  for (b0 = 0; b0 < p->batch[0]; ++b0)                                                      \
    for (b1 = 0; b1 < p->batch[1]; ++b1)                                                    \
      for (b2 = 0; b2 < p->batch[2]; ++b2, out_base += (int64_t)p->rows * p->cols) {        \
        const int64_t a_base = (int64_t)b0 * p->a_stride[0] + (int64_t)b1 * p->a_stride[1] + \
                               (int64_t)b2 * p->a_stride[2];                                \
        const int64_t b_base = (int64_t)b0 * p->b_stride[0] + (int64_t)b1 * p->b_stride[1] + \
                               (int64_t)b2 * p->b_stride[2];                                \
        BODY                                                                                \
      }

void mlonmcu_batch_matmul_f32(const mlonmcu_batch_matmul_params_t* p, const float* a, const float* b, float* out) {
  const matmul_steps_t s = steps(p);
  int32_t m, n, k;
  MLONMCU_MATMUL_BATCHES({
    for (m = 0; m < p->rows; ++m)
      for (n = 0; n < p->cols; ++n) {
        const float* ar = a + a_base + (int64_t)m * s.a_row;
        const float* bc = b + b_base + (int64_t)n * s.b_col;
        float total = 0.0f;
        for (k = 0; k < p->depth; ++k) total += ar[(int64_t)k * s.a_k] * bc[(int64_t)k * s.b_k];
        out[out_base + (int64_t)m * p->cols + n] = total;
      }
  })
}

void mlonmcu_batch_matmul_s8(const mlonmcu_batch_matmul_params_t* p, const int8_t* a, const int8_t* b, int8_t* out) {
  const matmul_steps_t s = steps(p);
  int32_t m, n, k;
  MLONMCU_MATMUL_BATCHES({
    for (m = 0; m < p->rows; ++m)
      for (n = 0; n < p->cols; ++n) {
        const int8_t* ar = a + a_base + (int64_t)m * s.a_row;
        const int8_t* bc = b + b_base + (int64_t)n * s.b_col;
        int32_t total = 0;
        for (k = 0; k < p->depth; ++k)
          total = mlonmcu_wrap_add(total, (ar[(int64_t)k * s.a_k] + p->a_offset) * (bc[(int64_t)k * s.b_k] + p->b_offset));
        out[out_base + (int64_t)m * p->cols + n] = (int8_t)mlonmcu_requantize_clamp(
            total, p->output_multiplier, p->output_shift, p->output_offset, INT8_MIN, INT8_MAX);
      }
  })
}

/* int16: both operands int16 with zero point 0, summed in 64 bits, TFLite's 64-bit requantization. */
void mlonmcu_batch_matmul_s16(const mlonmcu_batch_matmul_params_t* p, const int16_t* a, const int16_t* b,
                              int16_t* out) {
  const matmul_steps_t s = steps(p);
  int32_t m, n, k;
  MLONMCU_MATMUL_BATCHES({
    for (m = 0; m < p->rows; ++m)
      for (n = 0; n < p->cols; ++n) {
        const int16_t* ar = a + a_base + (int64_t)m * s.a_row;
        const int16_t* bc = b + b_base + (int64_t)n * s.b_col;
        int64_t total = 0;
        int32_t v;
        for (k = 0; k < p->depth; ++k) total += (int32_t)ar[(int64_t)k * s.a_k] * bc[(int64_t)k * s.b_k];
        v = mlonmcu_multiply_by_quantized_multiplier_s64(total, p->output_multiplier, p->output_shift) +
            p->output_offset;
        out[out_base + (int64_t)m * p->cols + n] = (int16_t)(v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v);
      }
  })
}
