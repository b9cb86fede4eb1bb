/* Eval glue of LOGISTIC (int8, float32): elementwise, same element count in and out. */
#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/runtime/tensor.h"
#include "shape_checks.h"

mlonmcu_status_t mlonmcu_eval_logistic_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_logistic_s8_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_shape_input(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_shape_output(ctx, 0);
  if (!mlonmcu_shape_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (!mlonmcu_shape_tensor_ok(in, MLONMCU_DTYPE_S8) ||
      !mlonmcu_shape_tensor_ok(out, MLONMCU_DTYPE_S8) ||
      mlonmcu_shape_elements(in) != mlonmcu_shape_elements(out))
    return MLONMCU_ERR_BAD_PARAMS;
  if (p.input_left_shift < -31 || p.input_left_shift > 30 || p.input_multiplier < 0)
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_logistic_s8((const int8_t*)in->data, (int8_t*)out->data,
                      (int32_t)mlonmcu_shape_elements(in), &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_logistic_f32(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* in = mlonmcu_shape_input(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_shape_output(ctx, 0);
  if (!mlonmcu_shape_tensor_ok(in, MLONMCU_DTYPE_F32) ||
      !mlonmcu_shape_tensor_ok(out, MLONMCU_DTYPE_F32) ||
      mlonmcu_shape_elements(in) != mlonmcu_shape_elements(out))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_logistic_f32((const float*)in->data, (float*)out->data,
                       (int32_t)mlonmcu_shape_elements(in));
  return MLONMCU_OK;
}
