/* Eval glue of LOGISTIC and TANH (int8, float32): elementwise, same element count in and out.
 * Both int8 kernels take the input to Q4.27 with the same kind of params. */
#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/tanh.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_logistic_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_logistic_s8_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  if (!mlonmcu_read_params(ctx, &p, sizeof p) ||
      !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      !mlonmcu_q4_input_ok(p.input_multiplier, p.input_left_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_logistic_s8((const int8_t*)in->data, (int8_t*)mlonmcu_op_output(ctx, 0)->data,
                      mlonmcu_tensor_elements(in), &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_logistic_f32(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_logistic_f32((const float*)in->data, (float*)mlonmcu_op_output(ctx, 0)->data,
                       mlonmcu_tensor_elements(in));
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_tanh_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_tanh_s8_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  if (!mlonmcu_read_params(ctx, &p, sizeof p) ||
      !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      !mlonmcu_q4_input_ok(p.input_multiplier, p.input_left_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_tanh_s8((const int8_t*)in->data, (int8_t*)mlonmcu_op_output(ctx, 0)->data,
                  mlonmcu_tensor_elements(in), &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_tanh_f32(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_tanh_f32((const float*)in->data, (float*)mlonmcu_op_output(ctx, 0)->data,
                   mlonmcu_tensor_elements(in));
  return MLONMCU_OK;
}
