/* Eval glue of PAD: the paddings were folded into params at build time. */
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_pad(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_pad_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t d;
  if (!mlonmcu_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (!mlonmcu_tensor_ok(in, -1, -1) || !mlonmcu_tensor_ok(out, in->dtype, -1) ||
      p.rank != in->rank || p.rank != out->rank || p.rank > MLONMCU_PAD_MAX_RANK)
    return MLONMCU_ERR_BAD_PARAMS;
  for (d = 0; d < p.rank; ++d) {
    if (p.before[d] < 0 || p.after[d] < 0 ||
        (int64_t)in->dims[d] + p.before[d] + p.after[d] != out->dims[d])
      return MLONMCU_ERR_BAD_PARAMS;
  }
  mlonmcu_call_PAD(ctx, &p);
  return MLONMCU_OK;
}
