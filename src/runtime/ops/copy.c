/* Eval glue of MLONMCU_OP_COPY (RESHAPE, SQUEEZE): the bytes stay, only the shape changes. */
#include "mlonmcu/kernels/copy.h"
#include "mlonmcu/runtime/tensor.h"
#include "shape_checks.h"

mlonmcu_status_t mlonmcu_eval_copy(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* in = mlonmcu_shape_input(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_shape_output(ctx, 0);
  int64_t bytes;
  if (!mlonmcu_shape_tensor_ok(in, -1) || !mlonmcu_shape_tensor_ok(out, in->dtype) ||
      mlonmcu_shape_elements(in) != mlonmcu_shape_elements(out))
    return MLONMCU_ERR_BAD_PARAMS;
  bytes = mlonmcu_shape_elements(in) * mlonmcu_shape_dtype_bytes(in->dtype);
  mlonmcu_copy(in->data, out->data, (int32_t)bytes);
  return MLONMCU_OK;
}
