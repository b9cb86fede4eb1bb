/* Eval glue of the int16 (16x8) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED (filter_s16.h):
 * int16 activations, int8 filter, optional int32 or int64 bias, multipliers and shifts per
 * channel (FULLY_CONNECTED: or per tensor in the params). */
#include "kernel_calls.h"
#include "op_checks.h"

/* Bias of n channels in the dtype `wide` names; per-channel requantization whose shifts the
 * 64-bit multiply takes (below 15) when wide. mult and shift may both be absent only when
 * `optional`. */
static int channel_operands_ok(const mlonmcu_op_ctx_t* ctx, int32_t n, int32_t wide, int optional) {
  const mlonmcu_tensor_t* mult = mlonmcu_input_or_null(ctx, 3);
  const mlonmcu_tensor_t* shift = mlonmcu_input_or_null(ctx, 4);
  int32_t i;
  if (!mlonmcu_optional_vector_fits(mlonmcu_input_or_null(ctx, 2), wide ? MLONMCU_DTYPE_S64 : MLONMCU_DTYPE_S32, n))
    return 0;
  if (!mult && !shift) return optional;
  if (!mult || !shift || !mlonmcu_channel_quant_ok(mult, shift, n)) return 0;
  for (i = 0; i < n; ++i)
    if (wide && ((const int32_t*)shift->data)[i] > 14) return 0;
  return 1;
}

static int conv_s16_ok(const mlonmcu_op_ctx_t* ctx, const mlonmcu_conv_s16_params_t* p, int depthwise) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t i;
  if (!mlonmcu_tensor_fits(in, MLONMCU_DTYPE_S16, 4) || !mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_S8, 4) ||
      !mlonmcu_tensor_fits(out, MLONMCU_DTYPE_S16, 4) || in->dims[0] != out->dims[0])
    return 0;
  for (i = 1; i < 3; ++i)
    if (!mlonmcu_extent_ok(in->dims[i], 0) || !mlonmcu_extent_ok(out->dims[i], 0) ||
        !mlonmcu_extent_ok(filter->dims[i], 0))
      return 0;
  if (!mlonmcu_extent_ok(p->stride_h, 1) || !mlonmcu_extent_ok(p->stride_w, 1) || !mlonmcu_extent_ok(p->dilation_h, 1) ||
      !mlonmcu_extent_ok(p->dilation_w, 1) || !mlonmcu_extent_ok(p->pad_h, 0) || !mlonmcu_extent_ok(p->pad_w, 0))
    return 0;
  if (depthwise) {
    if (filter->dims[0] != 1 || filter->dims[3] != out->dims[3] || p->depth_multiplier < 1 ||
        (int64_t)in->dims[3] * p->depth_multiplier != out->dims[3])
      return 0;
  } else if (filter->dims[0] != out->dims[3] || filter->dims[3] < 1 || in->dims[3] % filter->dims[3] != 0 ||
             in->dims[3] / filter->dims[3] < 1 || out->dims[3] % (in->dims[3] / filter->dims[3]) != 0) {
    return 0;
  }
  return channel_operands_ok(ctx, out->dims[3], p->wide, 0);
}

mlonmcu_status_t mlonmcu_eval_conv2d_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_conv_s16_params_t p;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof p) || !conv_s16_ok(ctx, &p, 0))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_CONV_2D_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_depthwise_conv2d_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_conv_s16_params_t p;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof p) || !conv_s16_ok(ctx, &p, 1))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_DEPTHWISE_CONV_2D_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_fully_connected_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_fully_connected_s16_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || !mlonmcu_tensor_ok(in, MLONMCU_DTYPE_S16, -1) ||
      !mlonmcu_tensor_ok(filter, MLONMCU_DTYPE_S8, -1) || !mlonmcu_tensor_ok(out, MLONMCU_DTYPE_S16, -1) ||
      p.batches < 0 || p.depth < 0 || p.units < 0 ||
      (int64_t)p.batches * p.depth != mlonmcu_tensor_elements64(in) ||
      (int64_t)p.units * p.depth != mlonmcu_tensor_elements64(filter) ||
      (int64_t)p.batches * p.units != mlonmcu_tensor_elements64(out) || !mlonmcu_offset_ok(p.filter_offset) ||
      !mlonmcu_shift_ok(p.output_shift) || (p.wide && p.output_shift > 14) ||
      !channel_operands_ok(ctx, p.units, p.wide, 1))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_FULLY_CONNECTED_S16(ctx, &p);
  return MLONMCU_OK;
}
