/* Eval glue of RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR (resize.h): NHWC input and output
 * with the dims the params name; sizes small enough that the kernels' int32 coordinate
 * arithmetic (up to size << 10 squared in the int8 bilinear kernel) cannot overflow. */
#include "kernel_calls.h"
#include "op_checks.h"

#define MLONMCU_RESIZE_MAX_EXTENT (1 << 14)

static int resize_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_resize_params_t* p, int32_t dtype) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out;
  if (!mlonmcu_read_params(ctx, p, sizeof *p) || ctx->num_outputs < 1) return 0;
  out = mlonmcu_op_output(ctx, 0);
  if (!mlonmcu_tensor_ok(in, dtype, 4) || !mlonmcu_tensor_ok(out, in->dtype, 4) ||
      mlonmcu_dtype_bytes(in->dtype) != p->element_size)
    return 0;
  if (in->dims[0] != p->batches || in->dims[1] != p->in_h || in->dims[2] != p->in_w || in->dims[3] != p->depth ||
      out->dims[0] != p->batches || out->dims[1] != p->out_h || out->dims[2] != p->out_w || out->dims[3] != p->depth)
    return 0;
  return p->in_h >= 1 && p->in_w >= 1 && p->out_h >= 1 && p->out_w >= 1 && p->in_h <= MLONMCU_RESIZE_MAX_EXTENT &&
         p->in_w <= MLONMCU_RESIZE_MAX_EXTENT && p->out_h <= MLONMCU_RESIZE_MAX_EXTENT &&
         p->out_w <= MLONMCU_RESIZE_MAX_EXTENT;
}

mlonmcu_status_t mlonmcu_eval_resize_nearest(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_resize_params_t p;
  if (!resize_ok(ctx, &p, -1)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RESIZE_NEAREST(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_resize_bilinear_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_resize_params_t p;
  if (!resize_ok(ctx, &p, MLONMCU_DTYPE_F32)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RESIZE_BILINEAR_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_resize_bilinear_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_resize_params_t p;
  if (!resize_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_RESIZE_BILINEAR_S8(ctx, &p);
  return MLONMCU_OK;
}
