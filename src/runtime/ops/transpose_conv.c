/* Eval glue of TRANSPOSE_CONV (transpose_conv.h): NHWC input and output of equal batch, filter
 * [out_c, kh, kw, in_c], optional bias of out_c; int8 and int16 (16x8, int64 bias) with a multiplier and
 * shift per channel. */
#include "kernel_calls.h"
#include "op_checks.h"

static int transpose_conv_ok(const mlonmcu_op_ctx_t* ctx, int32_t dtype, int32_t filter_dtype, int32_t bias_dtype,
                             int32_t stride_h, int32_t stride_w, int32_t pad_h, int32_t pad_w) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_input_or_null(ctx, 1);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t i;
  if (!mlonmcu_tensor_fits(in, dtype, 4) || !mlonmcu_tensor_fits(filter, filter_dtype, 4) ||
      !mlonmcu_tensor_fits(out, dtype, 4) || in->dims[0] != out->dims[0] || in->dims[3] != filter->dims[3] ||
      filter->dims[0] != out->dims[3] || !mlonmcu_optional_vector_fits(mlonmcu_input_or_null(ctx, 2), bias_dtype, out->dims[3]))
    return 0;
  for (i = 1; i < 3; ++i)
    if (!mlonmcu_extent_ok(in->dims[i], 0) || !mlonmcu_extent_ok(out->dims[i], 0) ||
        !mlonmcu_extent_ok(filter->dims[i], 0))
      return 0;
  return mlonmcu_extent_ok(stride_h, 1) && mlonmcu_extent_ok(stride_w, 1) && mlonmcu_extent_ok(pad_h, 0) &&
         mlonmcu_extent_ok(pad_w, 0);
}

mlonmcu_status_t mlonmcu_eval_transpose_conv_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_transpose_conv_f32_params_t p;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof p) ||
      !transpose_conv_ok(ctx, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32, p.stride_h, p.stride_w, p.pad_h, p.pad_w))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TRANSPOSE_CONV_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_transpose_conv_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_transpose_conv_s8_params_t p;
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  const mlonmcu_tensor_t* mult = mlonmcu_input_or_null(ctx, 3);
  const mlonmcu_tensor_t* shift = mlonmcu_input_or_null(ctx, 4);
  if (!out || !mlonmcu_read_params(ctx, &p, sizeof p) ||
      !transpose_conv_ok(ctx, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S32, p.stride_h, p.stride_w, p.pad_h, p.pad_w) ||
      !mult || !shift || !mlonmcu_channel_quant_ok(mult, shift, out->dims[3]) || !mlonmcu_offset_ok(p.input_offset))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TRANSPOSE_CONV_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_transpose_conv_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_transpose_conv_s8_params_t p;
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  const mlonmcu_tensor_t* mult = mlonmcu_input_or_null(ctx, 3);
  const mlonmcu_tensor_t* shift = mlonmcu_input_or_null(ctx, 4);
  int32_t c;
  if (!out || !mlonmcu_read_params(ctx, &p, sizeof p) ||
      !transpose_conv_ok(ctx, MLONMCU_DTYPE_S16, MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S64, p.stride_h, p.stride_w, p.pad_h,
                         p.pad_w) ||
      !mult || !shift || !mlonmcu_channel_quant_ok(mult, shift, out->dims[3]))
    return MLONMCU_ERR_BAD_PARAMS;
  /* The 64-bit requantization shifts right by 15 - shift. */
  for (c = 0; c < out->dims[3]; ++c)
    if (((const int32_t*)shift->data)[c] > 14) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TRANSPOSE_CONV_S16(ctx, &p);
  return MLONMCU_OK;
}
