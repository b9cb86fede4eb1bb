/* Eval glue of BATCH_MATMUL (batch_matmul.h): every batch's matrices lie inside A and B, and the
 * output holds exactly the batches' M x N results. */
#include "kernel_calls.h"
#include "op_checks.h"

/* Last element offset + 1 that a batch walk with these strides reads from a matrix of `size`. */
static int64_t reach(const mlonmcu_batch_matmul_params_t* p, const int32_t* stride, int64_t size) {
  int64_t end = size;
  int32_t i;
  for (i = 0; i < 3; ++i) end += (int64_t)(p->batch[i] - 1) * stride[i];
  return end;
}

static int batch_matmul_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_batch_matmul_params_t* p, int32_t dtype) {
  const mlonmcu_tensor_t* a = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int64_t batches = 1, matrix;
  int32_t i;
  if (!mlonmcu_read_params(ctx, p, sizeof *p) || !mlonmcu_tensor_ok(a, dtype, -1) || !mlonmcu_tensor_ok(b, dtype, -1) ||
      !mlonmcu_tensor_ok(out, dtype, -1) || !mlonmcu_extent_ok(p->rows, 0) || !mlonmcu_extent_ok(p->cols, 0) ||
      !mlonmcu_extent_ok(p->depth, 0))
    return 0;
  /* Bounded steps first, so that no product below can overflow. */
  for (i = 0; i < 3; ++i) {
    if (!mlonmcu_extent_ok(p->batch[i], 1) || p->a_stride[i] < 0 || p->b_stride[i] < 0 ||
        p->a_stride[i] > mlonmcu_tensor_elements64(a) || p->b_stride[i] > mlonmcu_tensor_elements64(b))
      return 0;
    batches *= p->batch[i];
    if (batches > INT32_MAX) return 0;
  }
  matrix = (int64_t)p->rows * p->cols;
  if (matrix == 0 ? mlonmcu_tensor_elements64(out) != 0 : mlonmcu_tensor_elements64(out) / matrix != batches ||
                                                              mlonmcu_tensor_elements64(out) % matrix != 0)
    return 0;
  if (matrix > 0 && p->depth > 0 &&
      (reach(p, p->a_stride, (int64_t)p->rows * p->depth) > mlonmcu_tensor_elements64(a) ||
       reach(p, p->b_stride, (int64_t)p->depth * p->cols) > mlonmcu_tensor_elements64(b)))
    return 0;
  if (dtype == MLONMCU_DTYPE_S16)  /* zero points 0; the 64-bit requantization shifts by at most 14 */
    return p->a_offset == 0 && p->b_offset == 0 && p->output_offset == 0 && p->output_shift >= -31 &&
           p->output_shift <= 14 && p->output_multiplier >= 0;
  return dtype == MLONMCU_DTYPE_F32 || (mlonmcu_offset_ok(p->a_offset) && mlonmcu_offset_ok(p->b_offset) &&
                                        mlonmcu_shift_ok(p->output_shift) && p->output_multiplier >= 0);
}

mlonmcu_status_t mlonmcu_eval_batch_matmul_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_batch_matmul_params_t p;
  if (!batch_matmul_ok(ctx, &p, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_BATCH_MATMUL_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_batch_matmul_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_batch_matmul_params_t p;
  if (!batch_matmul_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_BATCH_MATMUL_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_batch_matmul_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_batch_matmul_params_t p;
  if (!batch_matmul_ok(ctx, &p, MLONMCU_DTYPE_S16)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_BATCH_MATMUL_S16(ctx, &p);
  return MLONMCU_OK;
}
