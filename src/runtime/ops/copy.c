/* Eval glue of MLONMCU_OP_COPY (RESHAPE, SQUEEZE): the bytes stay, only the shape changes. */
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_copy(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  if (!mlonmcu_tensor_ok(in, -1, -1) || !mlonmcu_tensor_ok(out, in->dtype, -1) ||
      mlonmcu_tensor_elements64(in) != mlonmcu_tensor_elements64(out))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_COPY(ctx, 0);
  return MLONMCU_OK;
}
