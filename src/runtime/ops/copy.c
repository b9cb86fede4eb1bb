/* Eval glue of MLONMCU_OP_COPY (RESHAPE, SQUEEZE): the bytes stay, only the shape changes. */
#include "mlonmcu/kernels/copy.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_copy(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int64_t bytes;
  if (!mlonmcu_tensor_ok(in, -1, -1) || !mlonmcu_tensor_ok(out, in->dtype, -1) ||
      mlonmcu_tensor_elements64(in) != mlonmcu_tensor_elements64(out))
    return MLONMCU_ERR_BAD_PARAMS;
  bytes = mlonmcu_tensor_elements64(in) * mlonmcu_dtype_bytes(in->dtype);
  mlonmcu_copy(in->data, out->data, (int32_t)bytes);
  return MLONMCU_OK;
}
