/* Eval glue of MEAN, SUM, REDUCE_MAX, REDUCE_MIN (int8, float32; MEAN also int16): the reduced axes and the requantization were resolved at
 * build time; here they are checked against the tensors. */
#include "kernel_calls.h"
#include "op_checks.h"

static int mean_fits(const mlonmcu_op_ctx_t* ctx, int32_t dtype, mlonmcu_mean_params_t* p) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int64_t reduced = 1;
  int64_t kept = 1;
  int32_t d;
  if (!mlonmcu_read_params(ctx, p, sizeof *p)) return 0;
  if (!mlonmcu_tensor_ok(in, dtype, -1) || !mlonmcu_tensor_ok(out, dtype, -1)) return 0;
  if (in->rank > MLONMCU_MEAN_MAX_RANK || (p->reduce_mask & ~((1 << in->rank) - 1)) != 0) return 0;
  for (d = 0; d < in->rank; ++d) {
    if (p->reduce_mask & (1 << d)) {
      reduced *= in->dims[d];
    } else {
      kept *= in->dims[d];
    }
  }
  if (reduced == 0 || kept == 0) return 1; /* nothing to average: the kernel returns at once */
  if (reduced != p->num_reduced || kept != mlonmcu_tensor_elements64(out)) return 0;
  if (p->requantize && (p->multiplier < 0 || p->shift < -31 || p->shift > 30)) return 0;
  if (p->reducer < 0 || p->reducer >= MLONMCU_REDUCE_COUNT) return 0;
  return 1;
}

mlonmcu_status_t mlonmcu_eval_mean_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_mean_params_t p;
  if (!mean_fits(ctx, MLONMCU_DTYPE_S8, &p)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_MEAN_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_mean_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_mean_params_t p;
  if (!mean_fits(ctx, MLONMCU_DTYPE_F32, &p)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_MEAN_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_mean_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_mean_params_t p;
  if (!mean_fits(ctx, MLONMCU_DTYPE_S16, &p)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_MEAN_S16(ctx, &p);
  return MLONMCU_OK;
}
