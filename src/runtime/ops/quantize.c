/* Eval glue of QUANTIZE (float32 -> int8/int16, between integer types) and DEQUANTIZE
 * (int8/int16 -> float32). */
#include "elem_dtype.h"
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_quantize_f32_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_affine_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_S8) ||
      !mlonmcu_offset_ok(p.zero_point))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_QUANTIZE_F32_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_requantize_s8_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_requantize_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      !mlonmcu_offset_ok(p.input_zero_point) || !mlonmcu_shift_ok(p.shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_QUANTIZE_S8_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_dequantize_s8_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_affine_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_F32) ||
      !mlonmcu_offset_ok(p.zero_point))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_DEQUANTIZE_S8_F32(ctx, &p);
  return MLONMCU_OK;
}

/* ONNX's QuantizeLinear (round half to even). */
mlonmcu_status_t mlonmcu_eval_quantize_f32_s8_fq(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_affine_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_S8) ||
      !mlonmcu_offset_ok(p.zero_point))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_QUANTIZE_F32_S8_FQ(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_quantize_f32_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_affine_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_S16) ||
      !mlonmcu_offset_ok(p.zero_point))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_QUANTIZE_F32_S16(ctx, &p);
  return MLONMCU_OK;
}

static int requantize_type_ok(int32_t type) {
  return type == MLONMCU_ELEM_S8 || type == MLONMCU_ELEM_S16 || type == MLONMCU_ELEM_S32;
}

mlonmcu_status_t mlonmcu_eval_requantize_int(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_requantize_int_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !requantize_type_ok(p.from) || !requantize_type_ok(p.to) ||
      !mlonmcu_unary_ok(ctx, mlonmcu_elem_dtype(p.from), mlonmcu_elem_dtype(p.to)) || !mlonmcu_shift_ok(p.r.shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_REQUANTIZE_INT(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_dequantize_s16_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_affine_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S16, MLONMCU_DTYPE_F32) ||
      !mlonmcu_offset_ok(p.zero_point))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_DEQUANTIZE_S16_F32(ctx, &p);
  return MLONMCU_OK;
}
