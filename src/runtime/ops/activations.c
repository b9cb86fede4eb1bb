/* Eval glue of RELU and RELU6 (float32, int8, int16; elementwise, input and output of equal
 * element count). */
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_relu_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_relu_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      !mlonmcu_offset_ok(p.input_zero_point) || !mlonmcu_shift_ok(p.output_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RELU_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_relu6_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_relu6_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RELU6_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_relu_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_relu_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S16, MLONMCU_DTYPE_S16) ||
      p.input_zero_point != 0 || !mlonmcu_shift_ok(p.output_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RELU_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_relu6_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_relu6_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S16, MLONMCU_DTYPE_S16))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RELU6_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_relu_f32(const mlonmcu_op_ctx_t* ctx) {
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RELU_F32(ctx, 0);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_relu6_f32(const mlonmcu_op_ctx_t* ctx) {
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RELU6_F32(ctx, 0);
  return MLONMCU_OK;
}
