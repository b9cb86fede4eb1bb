/* Eval glue of the elementwise ops of one input and CAST (unary.h): input and output of equal
 * element count and the dtypes the params name; ARG_MAX/ARG_MIN (arg_min_max.h), CUMSUM, L2_NORMALIZATION,
 * LOG_SOFTMAX. */
#include "elem_dtype.h"
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_unary_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_unary_f32_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || p.function < 0 || p.function >= MLONMCU_UNARY_COUNT ||
      !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_UNARY_F32(ctx, &p);
  return MLONMCU_OK;
}

static int quant_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_unary_quant_params_t* p, int32_t dtype) {
  return mlonmcu_read_params(ctx, p, sizeof *p) && mlonmcu_unary_ok(ctx, dtype, dtype) &&
         p->input_offset >= -32768 && p->input_offset <= 32767 && p->output_offset >= -32768 &&
         p->output_offset <= 32767 && mlonmcu_shift_ok(p->shift);
}

mlonmcu_status_t mlonmcu_eval_abs_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_unary_quant_params_t p;
  if (!quant_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_ABS_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_abs_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_unary_quant_params_t p;
  if (!quant_ok(ctx, &p, MLONMCU_DTYPE_S16)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_ABS_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_rsqrt_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_unary_quant_params_t p;
  /* The kernel shifts by shift - 20 (and a right shift of at most 31). */
  if (!quant_ok(ctx, &p, MLONMCU_DTYPE_S8) || !mlonmcu_shift_ok(p.shift - 20)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RSQRT_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_lookup_s8(const mlonmcu_op_ctx_t* ctx) {
  const mlonmcu_tensor_t* table = mlonmcu_input_or_null(ctx, 1);
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) || !mlonmcu_tensor_ok(table, MLONMCU_DTYPE_S8, -1) ||
      mlonmcu_tensor_elements64(table) != 256)
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOOKUP_S8(ctx, 0);
  return MLONMCU_OK;
}

static int leaky_relu_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_leaky_relu_params_t* p, int32_t dtype) {
  return mlonmcu_read_params(ctx, p, sizeof *p) && mlonmcu_unary_ok(ctx, dtype, dtype) &&
         mlonmcu_shift_ok(p->identity_shift) && mlonmcu_shift_ok(p->alpha_shift) && p->identity_multiplier >= 0 &&
         p->alpha_multiplier >= 0 && p->input_offset >= -32768 && p->input_offset <= 32767 &&
         p->output_offset >= -32768 && p->output_offset <= 32767;
}

#define MLONMCU_LEAKY_RELU_EVAL(suffix, NAME, dtype)                                 \
  mlonmcu_status_t mlonmcu_eval_leaky_relu_##suffix(const mlonmcu_op_ctx_t* ctx) { \
    mlonmcu_leaky_relu_params_t p;                                                 \
    if (!leaky_relu_ok(ctx, &p, dtype)) return MLONMCU_ERR_BAD_PARAMS;             \
    mlonmcu_call_##NAME(ctx, &p);                                                  \
    return MLONMCU_OK;                                                             \
  }
MLONMCU_LEAKY_RELU_EVAL(f32, LEAKY_RELU_F32, MLONMCU_DTYPE_F32)
MLONMCU_LEAKY_RELU_EVAL(s8, LEAKY_RELU_S8, MLONMCU_DTYPE_S8)
MLONMCU_LEAKY_RELU_EVAL(s16, LEAKY_RELU_S16, MLONMCU_DTYPE_S16)
#undef MLONMCU_LEAKY_RELU_EVAL

mlonmcu_status_t mlonmcu_eval_logical_not(const mlonmcu_op_ctx_t* ctx) {
  if (!mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_BOOL, MLONMCU_DTYPE_BOOL)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOGICAL_NOT(ctx, 0);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_cast(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_cast_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || mlonmcu_elem_dtype(p.from) < 0 || p.from == MLONMCU_ELEM_S64 || p.to == MLONMCU_ELEM_S64 || mlonmcu_elem_dtype(p.to) < 0 ||
      p.to == MLONMCU_ELEM_BOOL || !mlonmcu_unary_ok(ctx, mlonmcu_elem_dtype(p.from), mlonmcu_elem_dtype(p.to)))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_CAST(ctx, &p);
  return MLONMCU_OK;
}

/* ARG_MAX/ARG_MIN (arg_min_max.h): outer * axis_size * inner input elements, outer * inner
 * int32 outputs. */
mlonmcu_status_t mlonmcu_eval_arg_min_max(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_arg_min_max_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || ctx->num_outputs < 1 || p.outer < 0 || p.inner < 0 ||
      p.axis_size < 1 || (p.type != MLONMCU_ELEM_F32 && p.type != MLONMCU_ELEM_S8))
    return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_ok(in, mlonmcu_elem_dtype(p.type), -1) || !mlonmcu_tensor_ok(out, MLONMCU_DTYPE_S32, -1) ||
      mlonmcu_tensor_elements64(in) != (int64_t)p.outer * p.axis_size * p.inner ||
      mlonmcu_tensor_elements64(out) != (int64_t)p.outer * p.inner)
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_ARG_MIN_MAX(ctx, &p);
  return MLONMCU_OK;
}

/* CUMSUM (cumsum.h): outer * depth * inner elements in and out; int8 with the shifts its
 * fixed-point multiplies take. */
static int cumsum_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_cumsum_params_t* p, int32_t dtype) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  if (!mlonmcu_read_params(ctx, p, sizeof *p) || !mlonmcu_unary_ok(ctx, dtype, dtype) || p->outer < 0 ||
      p->inner < 0 || p->depth < 0 || mlonmcu_tensor_elements64(in) != (int64_t)p->outer * p->depth * p->inner)
    return 0;
  return dtype == MLONMCU_DTYPE_F32 ||
         (p->left_shift >= 0 && p->left_shift <= 20 && mlonmcu_offset_ok(p->input_offset) &&
          mlonmcu_shift_ok(p->input_shift) && mlonmcu_shift_ok(p->output_shift));
}

mlonmcu_status_t mlonmcu_eval_cumsum_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_cumsum_params_t p;
  if (!cumsum_ok(ctx, &p, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_CUMSUM_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_cumsum_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_cumsum_params_t p;
  if (!cumsum_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_CUMSUM_S8(ctx, &p);
  return MLONMCU_OK;
}

/* L2_NORMALIZATION, LOG_SOFTMAX: outer rows of depth elements. */
static int rows_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_rows_params_t* p, int32_t dtype) {
  return mlonmcu_read_params(ctx, p, sizeof *p) && mlonmcu_unary_ok(ctx, dtype, dtype) && p->outer >= 0 &&
         p->depth >= 0 && (int64_t)p->outer * p->depth == mlonmcu_tensor_elements64(mlonmcu_op_input(ctx, 0)) &&
         p->depth <= (1 << 16) && mlonmcu_offset_ok(p->input_zero_point);
}

mlonmcu_status_t mlonmcu_eval_l2_norm_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_rows_params_t p;
  if (!rows_ok(ctx, &p, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_L2_NORM_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_l2_norm_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_rows_params_t p;
  if (!rows_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_L2_NORM_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_log_softmax_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_rows_params_t p;
  if (!rows_ok(ctx, &p, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOG_SOFTMAX_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_log_softmax_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_log_softmax_s8_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || !mlonmcu_unary_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8) ||
      p.outer < 0 || p.depth < 0 || p.depth > (1 << 16) ||
      (int64_t)p.outer * p.depth != mlonmcu_tensor_elements64(mlonmcu_op_input(ctx, 0)) || p.input_left_shift < 0 ||
      p.input_left_shift > 31 || p.reverse_scaling_right_shift < 0 || p.reverse_scaling_right_shift > 31 ||
      p.diff_min > 0)
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_LOG_SOFTMAX_S8(ctx, &p);
  return MLONMCU_OK;
}
