/* Eval glue of LOGISTIC and TANH (int8, int16, float32): elementwise, same element count in and
 * out. Both int8 kernels take the input to Q4.27 with the same kind of params; both int16 ones
 * scale it to the sigmoid table's steps. */
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_logistic_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_logistic_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) ||
      !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      !mlonmcu_q4_input_ok(p.input_multiplier, p.input_left_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOGISTIC_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_logistic_f32(const mlonmcu_op_ctx_t* ctx) {
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOGISTIC_F32(ctx, 0);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_tanh_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_tanh_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) ||
      !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      !mlonmcu_q4_input_ok(p.input_multiplier, p.input_left_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TANH_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_tanh_f32(const mlonmcu_op_ctx_t* ctx) {
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TANH_F32(ctx, 0);
  return MLONMCU_OK;
}

/* The int16 input scaling: x * multiplier + round stays within int32 for these bounds. */
static int mlonmcu_sigmoid_s16_params_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_sigmoid_s16_params_t* p) {
  return mlonmcu_read_params(ctx, p, sizeof *p) &&
         mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S16, MLONMCU_DTYPE_S16) && p->input_multiplier >= 1 &&
         p->input_multiplier <= 32767 && p->input_shift >= 0 && p->input_shift <= 31;
}

mlonmcu_status_t mlonmcu_eval_logistic_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_sigmoid_s16_params_t p;
  if (!mlonmcu_sigmoid_s16_params_ok(ctx, &p)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOGISTIC_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_tanh_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_sigmoid_s16_params_t p;
  if (!mlonmcu_sigmoid_s16_params_ok(ctx, &p)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TANH_S16(ctx, &p);
  return MLONMCU_OK;
}
