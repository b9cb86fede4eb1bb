/* Eval glue of FULLY_CONNECTED. Reference int8 and float: input (any shape, batches x
 * accum_depth elements), filter [output_depth, accum_depth], bias (or -1), and for int8
 * per-channel multipliers and shifts (or -1 for the params' per-tensor multiplier).
 * Optimized int8: input, packed filter (byte vector, packing.h), folded bias, requantization
 * table; the filter's shape comes from the output and the input (and is repeated in the
 * params). Output [..., output_depth]. */
#include "kernel_calls.h"
#include "op_checks.h"

/* Derives the loop sizes as TFLite does (batches from the output), checks they fit. */
static int fc_shapes(const mlonmcu_tensor_t* in, const mlonmcu_tensor_t* filter,
                     const mlonmcu_tensor_t* out, int32_t* batches, int32_t* accum_depth,
                     int32_t* output_depth) {
  if (out->rank < 1 || filter->dims[0] != out->dims[out->rank - 1]) return 0;
  *output_depth = filter->dims[0];
  *accum_depth = filter->dims[1];
  *batches = *output_depth > 0 ? mlonmcu_tensor_elements(out) / *output_depth : 0;
  return (int64_t)*batches * *accum_depth == (int64_t)mlonmcu_tensor_elements(in);
}

/* Input, original filter, bias and output of an int8 FC fit the kernels that take the
 * weights as they are (the reference one and ONNX's float requantization). */
static int fc_s8_unpacked_ok(const mlonmcu_op_ctx_t* ctx, const mlonmcu_fully_connected_s8_params_t* p,
                             int32_t* output_depth) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_op_input(ctx, 1);
  const mlonmcu_tensor_t* out = mlonmcu_op_output(ctx, 0);
  int32_t batches, accum_depth;
  return mlonmcu_tensor_fits(in, MLONMCU_DTYPE_S8, -1) &&
         mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_S8, 2) &&
         mlonmcu_tensor_fits(out, MLONMCU_DTYPE_S8, -1) &&
         fc_shapes(in, filter, out, &batches, &accum_depth, output_depth) &&
         mlonmcu_optional_vector_fits(mlonmcu_op_input(ctx, 2), MLONMCU_DTYPE_S32, *output_depth) &&
         mlonmcu_offset_ok(p->input_offset) && mlonmcu_offset_ok(p->filter_offset);
}

mlonmcu_status_t mlonmcu_eval_fully_connected_s8_ref(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_fully_connected_s8_params_t p;
  int32_t output_depth;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !fc_s8_unpacked_ok(ctx, &p, &output_depth) ||
      !mlonmcu_channel_quant_ok(mlonmcu_op_input(ctx, 3), mlonmcu_op_input(ctx, 4), output_depth) ||
      !mlonmcu_shift_ok(p.output_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_FULLY_CONNECTED_S8_REF(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_fully_connected_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_fully_connected_s8_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_op_input(ctx, 1);
  const mlonmcu_tensor_t* bias = mlonmcu_op_input(ctx, 2);
  const mlonmcu_tensor_t* requant = mlonmcu_op_input(ctx, 3);
  mlonmcu_tensor_t* out;
  int32_t batches, accum_depth, output_depth, bytes;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(in, MLONMCU_DTYPE_S8, -1) ||
      !mlonmcu_tensor_fits(out, MLONMCU_DTYPE_S8, -1) || out->rank < 1 ||
      !mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_S8, 1) || ((uintptr_t)filter->data & 3u) != 0 ||
      !mlonmcu_offset_ok(p.input_offset) || !mlonmcu_offset_ok(p.output_offset))
    return MLONMCU_ERR_BAD_PARAMS;
  output_depth = out->dims[out->rank - 1];
  batches = output_depth > 0 ? mlonmcu_tensor_elements(out) / output_depth : 0;
  accum_depth = batches > 0 ? mlonmcu_tensor_elements(in) / batches : 0;
  bytes = mlonmcu_packed_filter_bytes(p.weight_layout, output_depth, accum_depth);
  if (batches <= 0 || (int64_t)batches * accum_depth != mlonmcu_tensor_elements(in) ||
      p.accum_depth != accum_depth || p.output_depth != output_depth ||
      accum_depth > MLONMCU_FC_MAX_DEPTH || bytes == 0 || filter->dims[0] < bytes ||
      !mlonmcu_prepared_operands_ok(bias, requant, output_depth, mlonmcu_packed_rows(output_depth)))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_FULLY_CONNECTED_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_fully_connected_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_fully_connected_f32_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* filter = mlonmcu_op_input(ctx, 1);
  const mlonmcu_tensor_t* bias = mlonmcu_op_input(ctx, 2);
  mlonmcu_tensor_t* out;
  int32_t batches, accum_depth, output_depth;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(in, MLONMCU_DTYPE_F32, -1) ||
      !mlonmcu_tensor_fits(filter, MLONMCU_DTYPE_F32, 2) ||
      !mlonmcu_tensor_fits(out, MLONMCU_DTYPE_F32, -1) ||
      !fc_shapes(in, filter, out, &batches, &accum_depth, &output_depth) ||
      !mlonmcu_optional_vector_fits(bias, MLONMCU_DTYPE_F32, output_depth))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_FULLY_CONNECTED_F32(ctx, &p);
  return MLONMCU_OK;
}

/* ONNX requantization (QLinearMatMul): input 3 holds one float scale per output unit. */
mlonmcu_status_t mlonmcu_eval_fully_connected_s8_fq(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_fully_connected_s8_params_t p;
  const mlonmcu_tensor_t* scale = mlonmcu_op_input(ctx, 3);
  int32_t output_depth;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !fc_s8_unpacked_ok(ctx, &p, &output_depth) || !scale ||
      !mlonmcu_optional_vector_fits(scale, MLONMCU_DTYPE_F32, output_depth) ||
      !mlonmcu_offset_ok(p.output_offset) || p.act_min < -128 || p.act_min > p.act_max || p.act_max > 127)
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_FULLY_CONNECTED_S8_FQ(ctx, &p);
  return MLONMCU_OK;
}
