/* Eval glue of AVERAGE_POOL_2D, MAX_POOL_2D (also int16) and L2_POOL_2D (float32). Input and output NHWC with equal N and C. */
#include "kernel_calls.h"
#include "op_checks.h"

static int pool_shapes_ok(const mlonmcu_tensor_t* in, const mlonmcu_tensor_t* out,
                          int32_t stride_h, int32_t stride_w, int32_t filter_h, int32_t filter_w,
                          int32_t pad_h, int32_t pad_w) {
  int32_t i;
  if (in->dims[0] != out->dims[0] || in->dims[3] != out->dims[3]) return 0;
  for (i = 1; i < 3; ++i)
    if (!mlonmcu_extent_ok(in->dims[i], 0) || !mlonmcu_extent_ok(out->dims[i], 0)) return 0;
  return mlonmcu_extent_ok(stride_h, 1) && mlonmcu_extent_ok(stride_w, 1) &&
         mlonmcu_extent_ok(filter_h, 1) && mlonmcu_extent_ok(filter_w, 1) &&
         mlonmcu_extent_ok(pad_h, 0) && mlonmcu_extent_ok(pad_w, 0) &&
         (int64_t)out->dims[1] * stride_h <= (1 << 30) &&
         (int64_t)out->dims[2] * stride_w <= (1 << 30);
}

static mlonmcu_status_t eval_pool_int(const mlonmcu_op_ctx_t* ctx, int average, int32_t dtype) {
  mlonmcu_pool_s8_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const int int16 = dtype == MLONMCU_DTYPE_S16;
  mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(in, dtype, 4) || !mlonmcu_tensor_fits(out, dtype, 4) ||
      !pool_shapes_ok(in, out, p.stride_h, p.stride_w, p.filter_h, p.filter_w, p.pad_h, p.pad_w))
    return MLONMCU_ERR_BAD_PARAMS;
  /* A window's int32 sum must not overflow: at most 2^23 int8 or 2^15 int16 taps. */
  if ((int64_t)p.filter_h * p.filter_w > (int16 ? (1 << 15) : (1 << 23))) return MLONMCU_ERR_BAD_PARAMS;
  if (average && int16)
    mlonmcu_call_AVERAGE_POOL_2D_S16(ctx, &p);
  else if (average)
    mlonmcu_call_AVERAGE_POOL_2D_S8(ctx, &p);
  else if (int16)
    mlonmcu_call_MAX_POOL_2D_S16(ctx, &p);
  else
    mlonmcu_call_MAX_POOL_2D_S8(ctx, &p);
  return MLONMCU_OK;
}

enum { POOL_MAX, POOL_AVERAGE, POOL_L2 };

static mlonmcu_status_t eval_pool_f32(const mlonmcu_op_ctx_t* ctx, int kind) {
  mlonmcu_pool_f32_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_fits(in, MLONMCU_DTYPE_F32, 4) ||
      !mlonmcu_tensor_fits(out, MLONMCU_DTYPE_F32, 4) ||
      !pool_shapes_ok(in, out, p.stride_h, p.stride_w, p.filter_h, p.filter_w, p.pad_h, p.pad_w))
    return MLONMCU_ERR_BAD_PARAMS;
  if (kind == POOL_AVERAGE)
    mlonmcu_call_AVERAGE_POOL_2D_F32(ctx, &p);
  else if (kind == POOL_L2)
    mlonmcu_call_L2_POOL_2D_F32(ctx, &p);
  else
    mlonmcu_call_MAX_POOL_2D_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_avg_pool2d_s8(const mlonmcu_op_ctx_t* ctx) { return eval_pool_int(ctx, 1, MLONMCU_DTYPE_S8); }
mlonmcu_status_t mlonmcu_eval_avg_pool2d_s16(const mlonmcu_op_ctx_t* ctx) { return eval_pool_int(ctx, 1, MLONMCU_DTYPE_S16); }
mlonmcu_status_t mlonmcu_eval_avg_pool2d_f32(const mlonmcu_op_ctx_t* ctx) { return eval_pool_f32(ctx, POOL_AVERAGE); }
mlonmcu_status_t mlonmcu_eval_max_pool2d_s8(const mlonmcu_op_ctx_t* ctx) { return eval_pool_int(ctx, 0, MLONMCU_DTYPE_S8); }
mlonmcu_status_t mlonmcu_eval_max_pool2d_s16(const mlonmcu_op_ctx_t* ctx) { return eval_pool_int(ctx, 0, MLONMCU_DTYPE_S16); }
mlonmcu_status_t mlonmcu_eval_max_pool2d_f32(const mlonmcu_op_ctx_t* ctx) { return eval_pool_f32(ctx, POOL_MAX); }
mlonmcu_status_t mlonmcu_eval_l2_pool2d_f32(const mlonmcu_op_ctx_t* ctx) { return eval_pool_f32(ctx, POOL_L2); }
