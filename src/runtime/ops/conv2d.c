/* Eval glue of CONV_2D and DEPTHWISE_CONV_2D.
 * Reference kernels and float: input, filter, bias (or -1), and for int8 per-channel
 * multipliers and shifts (or -1, then the params' per-tensor multiplier applies).
 * Optimized int8 kernels: input, filter (conv: packed, packing.h; depthwise: the original),
 * folded bias, requantization table (mlonmcu_requant_entry_t per channel); CONV_2D_ADD_S8 has
 * the residual ADD's table and other operand as inputs 4 and 5. */
#include "kernel_calls.h"
#include "op_checks.h"

/* Shared checks of the window geometry; `depthwise` selects the filter layout. */
static int conv_shapes_ok(const mlonmcu_tensor_t* in, const mlonmcu_tensor_t* filter,
                          const mlonmcu_tensor_t* out, int32_t stride_h, int32_t stride_w,
                          int32_t dilation_h, int32_t dilation_w, int32_t pad_h, int32_t pad_w,
                          int32_t depth_multiplier, int depthwise) {
  const int32_t* id = in->dims;
  const int32_t* fd = filter->dims;
  const int32_t* od = out->dims;
  int32_t i;
  if (od[0] != id[0]) return 0;
  for (i = 1; i < 3; ++i)
    if (!mlonmcu_extent_ok(id[i], 0) || !mlonmcu_extent_ok(od[i], 0) ||
        !mlonmcu_extent_ok(fd[i], 1))
      return 0;
  if (!mlonmcu_extent_ok(stride_h, 1) || !mlonmcu_extent_ok(stride_w, 1) ||
      !mlonmcu_extent_ok(dilation_h, 1) || !mlonmcu_extent_ok(dilation_w, 1) ||
      !mlonmcu_extent_ok(pad_h, 0) || !mlonmcu_extent_ok(pad_w, 0))
    return 0;
  /* Window origins and tap positions stay within +-2^30. */
  if ((int64_t)od[1] * stride_h > (1 << 30) || (int64_t)od[2] * stride_w > (1 << 30) ||
      (int64_t)fd[1] * dilation_h > (1 << 30) || (int64_t)fd[2] * dilation_w > (1 << 30))
    return 0;
  /* Element steps the kernels form in int32 (pixel, row and tap strides, also over a 1x1
   * convolution's image flattened to one row) stay below 2^30. */
  if ((int64_t)stride_w * id[3] > (1 << 30) || (int64_t)dilation_w * id[3] > (1 << 30) ||
      (int64_t)stride_h * id[1] * id[2] * id[3] > (1 << 30) ||
      (int64_t)dilation_h * id[1] * id[2] * id[3] > (1 << 30))
    return 0;
  if (depthwise) {
    return fd[0] == 1 && depth_multiplier >= 1 && fd[3] == od[3] &&
           (int64_t)id[3] * depth_multiplier == od[3];
  }
  /* Grouped convolution: input channels split evenly over the filter's input depth. */
  return fd[0] == od[3] && fd[3] >= 1 && id[3] % fd[3] == 0 && id[3] / fd[3] >= 1 &&
         od[3] % (id[3] / fd[3]) == 0;
}

/* Input, original filter, bias and output of an int8 convolution fit the kernels that take
 * the weights as they are (the reference ones and ONNX's float requantization). */
static int conv_s8_unpacked_ok(const mlonmcu_op_ctx_t* ctx, const mlonmcu_conv_s8_params_t* p,
                               int depthwise) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_op_input(ctx, 1);
  const mlonmcu_tensor_t* bias = mlonmcu_op_input(ctx, 2);
  const mlonmcu_tensor_t* out = mlonmcu_op_output(ctx, 0);
  return mlonmcu_tensor_fits(in, MLONMCU_DTYPE_S8, 4) &&
         mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_S8, 4) &&
         mlonmcu_tensor_fits(out, MLONMCU_DTYPE_S8, 4) &&
         conv_shapes_ok(in, filter, out, p->stride_h, p->stride_w, p->dilation_h, p->dilation_w,
                        p->pad_h, p->pad_w, p->depth_multiplier, depthwise) &&
         mlonmcu_optional_vector_fits(bias, MLONMCU_DTYPE_S32, out->dims[3]) &&
         mlonmcu_offset_ok(p->input_offset);
}

/* The tensors and params of a reference int8 convolution fit its kernel. */
static int conv_s8_ref_ok(const mlonmcu_op_ctx_t* ctx, const mlonmcu_conv_s8_params_t* p,
                          int depthwise) {
  return conv_s8_unpacked_ok(ctx, p, depthwise) &&
         mlonmcu_channel_quant_ok(mlonmcu_op_input(ctx, 3), mlonmcu_op_input(ctx, 4),
                                  mlonmcu_op_output(ctx, 0)->dims[3]) &&
         mlonmcu_shift_ok(p->output_shift);
}

static mlonmcu_status_t eval_conv_s8_ref(const mlonmcu_op_ctx_t* ctx, int depthwise) {
  mlonmcu_conv_s8_params_t p;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !conv_s8_ref_ok(ctx, &p, depthwise))
    return MLONMCU_ERR_BAD_PARAMS;
  if (depthwise)
    mlonmcu_call_DEPTHWISE_CONV_2D_S8_REF(ctx, &p);
  else
    mlonmcu_call_CONV_2D_S8_REF(ctx, &p);
  return MLONMCU_OK;
}

/* The tensors and params of an optimized int8 convolution fit its kernel. */
static int conv_s8_opt_ok(const mlonmcu_op_ctx_t* ctx, const mlonmcu_conv_s8_params_t* p,
                          int depthwise) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_op_input(ctx, 1);
  const mlonmcu_tensor_t* bias = mlonmcu_op_input(ctx, 2);
  const mlonmcu_tensor_t* requant = mlonmcu_op_input(ctx, 3);
  const mlonmcu_tensor_t* out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(in, MLONMCU_DTYPE_S8, 4) || !mlonmcu_tensor_fits(out, MLONMCU_DTYPE_S8, 4) ||
      !mlonmcu_offset_ok(p->input_offset) || !mlonmcu_offset_ok(p->output_offset))
    return 0;
  if (depthwise)
    return mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_S8, 4) &&
           conv_shapes_ok(in, filter, out, p->stride_h, p->stride_w, p->dilation_h,
                          p->dilation_w, p->pad_h, p->pad_w, p->depth_multiplier, 1) &&
           filter->dims[1] * filter->dims[2] <= MLONMCU_DW_MAX_TAPS &&
           in->dims[3] <= MLONMCU_DW_MAX_CHANNELS &&
           mlonmcu_prepared_operands_ok(bias, requant, out->dims[3], out->dims[3]);
  /* The packed filter is a byte vector; its window comes from the params. */
  if (!mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_S8, 1) || ((uintptr_t)filter->data & 3u) != 0 ||
      !mlonmcu_extent_ok(p->filter_h, 1) || !mlonmcu_extent_ok(p->filter_w, 1) ||
      (int64_t)p->filter_h * p->filter_w * in->dims[3] > MLONMCU_CONV_MAX_DEPTH)
    return 0;
  {
    mlonmcu_tensor_t logical = *filter;
    const int32_t depth = p->filter_h * p->filter_w * in->dims[3];
    const int32_t bytes = mlonmcu_packed_filter_bytes(p->weight_layout, out->dims[3], depth);
    logical.rank = 4;
    logical.dims[0] = out->dims[3], logical.dims[1] = p->filter_h;
    logical.dims[2] = p->filter_w, logical.dims[3] = in->dims[3];
    return conv_shapes_ok(in, &logical, out, p->stride_h, p->stride_w, p->dilation_h,
                          p->dilation_w, p->pad_h, p->pad_w, 1, 0) &&
           !(bytes == 0 && depth > 0 && out->dims[3] > 0) && filter->dims[0] >= bytes &&
           mlonmcu_prepared_operands_ok(bias, requant, out->dims[3],
                                        mlonmcu_packed_rows(out->dims[3]));
  }
}

static mlonmcu_status_t eval_conv_s8_opt(const mlonmcu_op_ctx_t* ctx, int depthwise) {
  mlonmcu_conv_s8_params_t p;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !conv_s8_opt_ok(ctx, &p, depthwise))
    return MLONMCU_ERR_BAD_PARAMS;
  if (depthwise)
    mlonmcu_call_DEPTHWISE_CONV_2D_S8(ctx, &p);
  else
    mlonmcu_call_CONV_2D_S8(ctx, &p);
  return MLONMCU_OK;
}

/* CONV_2D_ADD_S8: the optimized convolution's operands, then the ADD's table (input 4) and
 * the skip operand (input 5) with the output's dims; both absent: a plain convolution. */
mlonmcu_status_t mlonmcu_eval_conv2d_add_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_conv_add_s8_params_t p;
  const mlonmcu_tensor_t* lut = mlonmcu_input_or_null(ctx, 4);
  const mlonmcu_tensor_t* skip = mlonmcu_input_or_null(ctx, 5);
  const mlonmcu_tensor_t* out;
  int32_t d;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !conv_s8_opt_ok(ctx, &p.conv, 0))
    return MLONMCU_ERR_BAD_PARAMS;
  if (skip) {
    out = mlonmcu_op_output(ctx, 0);
    if (!mlonmcu_tensor_fits(skip, MLONMCU_DTYPE_S8, 4) || !mlonmcu_add_lut_ok(lut) ||
        !mlonmcu_shift_ok(p.add.output_shift))
      return MLONMCU_ERR_BAD_PARAMS;
    for (d = 0; d < 4; ++d)
      if (skip->dims[d] != out->dims[d]) return MLONMCU_ERR_BAD_PARAMS;
  }
  mlonmcu_call_CONV_2D_ADD_S8(ctx, &p);
  return MLONMCU_OK;
}

static mlonmcu_status_t eval_conv_f32(const mlonmcu_op_ctx_t* ctx, int depthwise) {
  mlonmcu_conv_f32_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_op_input(ctx, 1);
  const mlonmcu_tensor_t* bias = mlonmcu_op_input(ctx, 2);
  mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(in, MLONMCU_DTYPE_F32, 4) ||
      !mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_F32, 4) ||
      !mlonmcu_tensor_fits(out, MLONMCU_DTYPE_F32, 4) ||
      !conv_shapes_ok(in, filter, out, p.stride_h, p.stride_w, p.dilation_h, p.dilation_w,
                      p.pad_h, p.pad_w, p.depth_multiplier, depthwise) ||
      !mlonmcu_optional_vector_fits(bias, MLONMCU_DTYPE_F32, out->dims[3]))
    return MLONMCU_ERR_BAD_PARAMS;
  if (depthwise)
    mlonmcu_call_DEPTHWISE_CONV_2D_F32(ctx, &p);
  else
    mlonmcu_call_CONV_2D_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_conv2d_s8(const mlonmcu_op_ctx_t* ctx) { return eval_conv_s8_opt(ctx, 0); }
mlonmcu_status_t mlonmcu_eval_conv2d_s8_ref(const mlonmcu_op_ctx_t* ctx) { return eval_conv_s8_ref(ctx, 0); }
mlonmcu_status_t mlonmcu_eval_conv2d_f32(const mlonmcu_op_ctx_t* ctx) { return eval_conv_f32(ctx, 0); }
mlonmcu_status_t mlonmcu_eval_depthwise_conv2d_s8(const mlonmcu_op_ctx_t* ctx) {
  return eval_conv_s8_opt(ctx, 1);
}
mlonmcu_status_t mlonmcu_eval_depthwise_conv2d_s8_ref(const mlonmcu_op_ctx_t* ctx) {
  return eval_conv_s8_ref(ctx, 1);
}
mlonmcu_status_t mlonmcu_eval_depthwise_conv2d_f32(const mlonmcu_op_ctx_t* ctx) {
  return eval_conv_f32(ctx, 1);
}

/* ONNX requantization (QLinearConv): input 3 holds one float scale per output channel. */
static mlonmcu_status_t eval_conv_s8_fq(const mlonmcu_op_ctx_t* ctx, int depthwise) {
  mlonmcu_conv_s8_params_t p;
  const mlonmcu_tensor_t* scale = mlonmcu_op_input(ctx, 3);
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !conv_s8_unpacked_ok(ctx, &p, depthwise) || !scale ||
      !mlonmcu_optional_vector_fits(scale, MLONMCU_DTYPE_F32, mlonmcu_op_output(ctx, 0)->dims[3]) ||
      !mlonmcu_offset_ok(p.output_offset) || p.act_min < -128 || p.act_min > p.act_max || p.act_max > 127)
    return MLONMCU_ERR_BAD_PARAMS;
  if (depthwise)
    mlonmcu_call_DEPTHWISE_CONV_2D_S8_FQ(ctx, &p);
  else
    mlonmcu_call_CONV_2D_S8_FQ(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_conv2d_s8_fq(const mlonmcu_op_ctx_t* ctx) { return eval_conv_s8_fq(ctx, 0); }
mlonmcu_status_t mlonmcu_eval_depthwise_conv2d_s8_fq(const mlonmcu_op_ctx_t* ctx) {
  return eval_conv_s8_fq(ctx, 1);
}
