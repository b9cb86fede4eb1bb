/* Eval glue of ADD_N (add_n.h): 2..MLONMCU_ADD_N_MAX_INPUTS inputs, each of the output's dtype
 * and element count. */
#include "kernel_calls.h"
#include "op_checks.h"

static int add_n_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_add_n_params_t* p, int32_t dtype) {
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t i;
  if (!mlonmcu_read_params(ctx, p, sizeof *p) || p->num_inputs < 2 || p->num_inputs > MLONMCU_ADD_N_MAX_INPUTS ||
      p->num_inputs != ctx->num_inputs || !mlonmcu_tensor_ok(out, dtype, -1))
    return 0;
  for (i = 0; i < p->num_inputs; ++i) {
    const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, i);
    if (!mlonmcu_tensor_ok(in, dtype, -1) || mlonmcu_tensor_elements64(in) != mlonmcu_tensor_elements64(out))
      return 0;
  }
  return dtype == MLONMCU_DTYPE_F32 ||
         (p->left_shift >= 0 && p->left_shift <= 20 && mlonmcu_offset_ok(p->input_offset) &&
          mlonmcu_shift_ok(p->input_shift) && mlonmcu_shift_ok(p->output_shift));
}

mlonmcu_status_t mlonmcu_eval_add_n_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_add_n_params_t p;
  if (!add_n_ok(ctx, &p, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_ADD_N_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_add_n_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_add_n_params_t p;
  if (!add_n_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_ADD_N_S8(ctx, &p);
  return MLONMCU_OK;
}
