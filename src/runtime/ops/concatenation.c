/* Eval glue of CONCATENATION: every input is copied (or, for int8 inputs with their own
 * quantization, requantized) into its slice of the output along the axis. */
#include "kernel_calls.h"
#include "op_checks.h"

/* Checks that all inputs fit the output along axis (same dtype, rank, dims except the axis,
 * axis sizes adding up) and returns the number of rows before the axis. -1 when they do not. */
static int64_t concat_outer_size(const mlonmcu_op_ctx_t* ctx, const mlonmcu_tensor_t* out,
                                 int32_t axis) {
  int64_t outer = 1;
  int64_t axis_sum = 0;
  int32_t i;
  int32_t d;
  if (!mlonmcu_tensor_ok(out, -1, -1) || axis < 0 || axis >= out->rank || ctx->num_inputs < 1)
    return -1;
  for (i = 0; i < ctx->num_inputs; ++i) {
    const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, i);
    if (!mlonmcu_tensor_ok(in, out->dtype, -1) || in->rank != out->rank) return -1;
    for (d = 0; d < out->rank; ++d) {
      if (d != axis && in->dims[d] != out->dims[d]) return -1;
    }
    axis_sum += in->dims[axis];
  }
  if (axis_sum != out->dims[axis]) return -1;
  for (d = 0; d < axis; ++d) outer *= out->dims[d];
  return outer;
}

mlonmcu_status_t mlonmcu_eval_concatenation(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_concatenation_params_t p;
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  if (!mlonmcu_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (concat_outer_size(ctx, out, p.axis) < 0) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_CONCATENATION(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_concatenation_s8_requant(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_concatenation_requant_s8_params_t p;
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  const int32_t header_words = (int32_t)(sizeof p / 4);
  const int32_t record_words = (int32_t)(sizeof(mlonmcu_concatenation_requant_s8_input_t) / 4);
  int32_t i;
  if (!mlonmcu_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (p.num_inputs != ctx->num_inputs ||
      (int64_t)ctx->num_params < header_words + (int64_t)record_words * p.num_inputs)
    return MLONMCU_ERR_BAD_PARAMS;
  if (!out || out->dtype != MLONMCU_DTYPE_S8) return MLONMCU_ERR_BAD_PARAMS;
  if (concat_outer_size(ctx, out, p.axis) < 0) return MLONMCU_ERR_BAD_PARAMS;
  /* all records first, so a bad one leaves the output untouched */
  for (i = 0; i < ctx->num_inputs; ++i) {
    mlonmcu_concatenation_requant_s8_input_t q;
    memcpy(&q, ctx->params + header_words + record_words * i, sizeof q);
    if (q.multiplier < 0 || q.shift < -31 || q.shift > 30) return MLONMCU_ERR_BAD_PARAMS;
  }
  mlonmcu_call_CONCATENATION_S8_REQUANT(ctx, &p);
  return MLONMCU_OK;
}
