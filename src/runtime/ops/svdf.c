/* Eval glue of SVDF (svdf.h): input [batch, input_size], weights_feature [num_filters,
 * input_size], weights_time [num_filters, memory_size], bias of num_units (int8: required),
 * output [batch, num_units]; the state is output 1 (the kernel writes it, so it must be arena
 * memory, which the interpreter checks for outputs) with batch * num_filters * memory_size
 * elements. */
#include "kernel_calls.h"
#include "op_checks.h"

static int elements_are(const mlonmcu_tensor_t* t, int32_t dtype, int64_t n) {
  return mlonmcu_tensor_fits(t, dtype, -1) && mlonmcu_tensor_elements64(t) == n;
}

static int svdf_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_svdf_params_t* p, int32_t dtype, int32_t time_dtype,
                   int32_t bias_dtype) {
  int64_t units;
  const mlonmcu_tensor_t* bias;
  if (ctx->num_outputs < 2 || !mlonmcu_read_params(ctx, p, sizeof *p) || !mlonmcu_extent_ok(p->batch, 1) ||
      !mlonmcu_extent_ok(p->input_size, 1) || !mlonmcu_extent_ok(p->num_filters, 1) ||
      !mlonmcu_extent_ok(p->memory_size, 1) || !mlonmcu_extent_ok(p->rank, 1) || p->num_filters % p->rank != 0)
    return 0;
  units = p->num_filters / p->rank;
  bias = mlonmcu_input_or_null(ctx, 3);
  if (!elements_are(mlonmcu_input_or_null(ctx, 0), dtype, (int64_t)p->batch * p->input_size) ||
      !elements_are(mlonmcu_input_or_null(ctx, 1), dtype, (int64_t)p->num_filters * p->input_size) ||
      !elements_are(mlonmcu_input_or_null(ctx, 2), time_dtype, (int64_t)p->num_filters * p->memory_size) ||
      !elements_are(mlonmcu_output_or_null(ctx, 0), dtype, (int64_t)p->batch * units) ||
      !elements_are(mlonmcu_output_or_null(ctx, 1), time_dtype, (int64_t)p->batch * p->num_filters * p->memory_size) ||
      (bias && !elements_are(bias, bias_dtype, units)))
    return 0;
  if (dtype == MLONMCU_DTYPE_F32) return 1;
  return bias && mlonmcu_offset_ok(p->input_offset) && mlonmcu_offset_ok(p->state_zero_point) &&
         mlonmcu_offset_ok(p->output_zero_point) && mlonmcu_shift_ok(p->feature_shift) &&
         mlonmcu_shift_ok(p->output_shift) && p->feature_multiplier >= 0 && p->output_multiplier >= 0;
}

mlonmcu_status_t mlonmcu_eval_svdf_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_svdf_params_t p;
  if (!svdf_ok(ctx, &p, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SVDF_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_svdf_s8_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_svdf_params_t p;
  if (!svdf_ok(ctx, &p, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S16, MLONMCU_DTYPE_S32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SVDF_S8_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_svdf_s8_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_svdf_params_t p;
  if (!svdf_ok(ctx, &p, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SVDF_S8_S8(ctx, &p);
  return MLONMCU_OK;
}
