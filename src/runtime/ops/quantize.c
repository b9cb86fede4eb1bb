/* Eval glue of QUANTIZE (float32 -> int8, int8 -> int8) and DEQUANTIZE (int8 -> float32). */
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
