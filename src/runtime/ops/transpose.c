/* Eval glue of TRANSPOSE: perm must be a permutation that maps the input dims to the output's. */
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_transpose(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_transpose_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t seen = 0;
  int32_t d;
  if (!mlonmcu_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (!mlonmcu_tensor_ok(in, -1, -1) || !mlonmcu_tensor_ok(out, in->dtype, -1) ||
      p.rank != in->rank || p.rank != out->rank || p.rank > MLONMCU_TRANSPOSE_MAX_RANK)
    return MLONMCU_ERR_BAD_PARAMS;
  for (d = 0; d < p.rank; ++d) {
    if (p.perm[d] < 0 || p.perm[d] >= p.rank || (seen & (1 << p.perm[d])) ||
        out->dims[d] != in->dims[p.perm[d]])
      return MLONMCU_ERR_BAD_PARAMS;
    seen |= 1 << p.perm[d];
  }
  if (in->data == out->data && mlonmcu_tensor_elements64(in) > 1) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TRANSPOSE(ctx, &p);
  return MLONMCU_OK;
}
