/* Eval glue of the broadcasting ops of two inputs in binary.h: both inputs of the params'
 * element type, the output of that type or bool (comparisons), shapes that broadcast to the
 * output's; SELECT_V2 of three; PRELU. */
#include "elem_dtype.h"
#include "kernel_calls.h"
#include "op_checks.h"

static int broadcasts_to(const mlonmcu_tensor_t* in, const mlonmcu_tensor_t* out) {
  int32_t a[MLONMCU_KERNELS_BROADCAST_RANK], o[MLONMCU_KERNELS_BROADCAST_RANK];
  int32_t i;
  if (in->rank > MLONMCU_KERNELS_BROADCAST_RANK || out->rank > MLONMCU_KERNELS_BROADCAST_RANK) return 0;
  mlonmcu_broadcast_extend_dims(in->rank, in->dims, a);
  mlonmcu_broadcast_extend_dims(out->rank, out->dims, o);
  for (i = 0; i < MLONMCU_KERNELS_BROADCAST_RANK; ++i)
    if (a[i] != o[i] && a[i] != 1) return 0;
  return 1;
}

mlonmcu_status_t mlonmcu_eval_binary(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_binary_params_t p;
  const mlonmcu_tensor_t* a = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* out;
  int32_t dtype;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || ctx->num_outputs < 1 || p.op < 0 || p.op >= MLONMCU_BINARY_COUNT)
    return MLONMCU_ERR_BAD_PARAMS;
  dtype = mlonmcu_elem_dtype(p.type);
  out = mlonmcu_op_output(ctx, 0);
  if (dtype < 0 || !mlonmcu_tensor_fits(a, dtype, -1) || !mlonmcu_tensor_fits(b, dtype, -1) ||
      !mlonmcu_tensor_fits(out, MLONMCU_BINARY_IS_COMPARISON(p.op) ? MLONMCU_DTYPE_BOOL : dtype, -1) ||
      !broadcasts_to(a, out) || !broadcasts_to(b, out))
    return MLONMCU_ERR_BAD_PARAMS;
  /* Scaled comparisons only of int8, with shifts the fixed-point multiply takes. */
  if (p.left_shift != 0 &&
      (p.type != MLONMCU_ELEM_S8 || p.left_shift != 8 || !mlonmcu_offset_ok(p.input1_offset) ||
       !mlonmcu_offset_ok(p.input2_offset) || !mlonmcu_shift_ok(p.input1_shift) || !mlonmcu_shift_ok(p.input2_shift)))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_BINARY(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_select(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_select_params_t p;
  const mlonmcu_tensor_t* c = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* x = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* y = mlonmcu_input_or_null(ctx, 2);
  const mlonmcu_tensor_t* out;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || ctx->num_outputs < 1) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(c, MLONMCU_DTYPE_BOOL, -1) || !x || !mlonmcu_tensor_fits(x, x->dtype, -1) ||
      !mlonmcu_tensor_fits(y, x->dtype, -1) || !mlonmcu_tensor_fits(out, x->dtype, -1) ||
      mlonmcu_dtype_bytes(x->dtype) != p.element_size || !broadcasts_to(c, out) || !broadcasts_to(x, out) ||
      !broadcasts_to(y, out))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SELECT(ctx, &p);
  return MLONMCU_OK;
}

static mlonmcu_status_t prelu(const mlonmcu_op_ctx_t* ctx, int32_t dtype) {
  mlonmcu_prelu_params_t p;
  const mlonmcu_tensor_t* x = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* a = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* out;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || ctx->num_outputs < 1) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(x, dtype, -1) ||
      !mlonmcu_tensor_fits(a, dtype == MLONMCU_DTYPE_F32 ? MLONMCU_DTYPE_F32 : MLONMCU_DTYPE_S8, -1) ||
      !mlonmcu_tensor_fits(out, dtype, -1) || !broadcasts_to(x, out) || !broadcasts_to(a, out) ||
      p.input_offset < -32768 || p.input_offset > 32768 || !mlonmcu_offset_ok(p.alpha_offset) ||
      !mlonmcu_shift_ok(p.shift_1) || !mlonmcu_shift_ok(p.shift_2))
    return MLONMCU_ERR_BAD_PARAMS;
  if (dtype == MLONMCU_DTYPE_F32) mlonmcu_call_PRELU_F32(ctx, &p);
  else if (dtype == MLONMCU_DTYPE_S8) mlonmcu_call_PRELU_S8(ctx, &p);
  else mlonmcu_call_PRELU_S16(ctx, &p);
  return MLONMCU_OK;
}
mlonmcu_status_t mlonmcu_eval_prelu_f32(const mlonmcu_op_ctx_t* ctx) { return prelu(ctx, MLONMCU_DTYPE_F32); }
mlonmcu_status_t mlonmcu_eval_prelu_s8(const mlonmcu_op_ctx_t* ctx) { return prelu(ctx, MLONMCU_DTYPE_S8); }
mlonmcu_status_t mlonmcu_eval_prelu_s16(const mlonmcu_op_ctx_t* ctx) { return prelu(ctx, MLONMCU_DTYPE_S16); }
