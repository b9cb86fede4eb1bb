/* Eval glue of TFLite_Detection_PostProcess (detection_postprocess.h): float32 operands of the
 * sizes the params give, and a work buffer (output 4) of the words the kernel needs. */
#include "kernel_calls.h"
#include "op_checks.h"

static int holds(const mlonmcu_tensor_t* t, int32_t dtype, int64_t n) {
  return mlonmcu_tensor_fits(t, dtype, -1) && mlonmcu_tensor_elements64(t) >= n;
}

mlonmcu_status_t mlonmcu_eval_detection_postprocess_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_detection_postprocess_params_t p;
  int64_t n, det;
  /* Up to 2^20 boxes and detections: the work buffer's size stays far inside int32. */
  if (ctx->num_outputs < 5 || !mlonmcu_read_params(ctx, &p, sizeof p) || !mlonmcu_extent_ok(p.num_boxes, 1) ||
      p.num_boxes > (1 << 20) || p.max_detections > (1 << 20) ||
      !mlonmcu_extent_ok(p.box_stride, 4) || !mlonmcu_extent_ok(p.num_classes, 1) || p.label_offset < 0 ||
      p.label_offset > 1 || !mlonmcu_extent_ok(p.max_detections, 1) || p.detections_per_class < 1)
    return MLONMCU_ERR_BAD_PARAMS;
  n = p.num_boxes, det = p.max_detections;
  if (!holds(mlonmcu_input_or_null(ctx, 0), MLONMCU_DTYPE_F32, n * p.box_stride) ||
      !holds(mlonmcu_input_or_null(ctx, 1), MLONMCU_DTYPE_F32, n * (p.num_classes + p.label_offset)) ||
      !holds(mlonmcu_input_or_null(ctx, 2), MLONMCU_DTYPE_F32, n * 4) ||
      !holds(mlonmcu_output_or_null(ctx, 0), MLONMCU_DTYPE_F32, det * 4) ||
      !holds(mlonmcu_output_or_null(ctx, 1), MLONMCU_DTYPE_F32, det) ||
      !holds(mlonmcu_output_or_null(ctx, 2), MLONMCU_DTYPE_F32, det) ||
      !holds(mlonmcu_output_or_null(ctx, 3), MLONMCU_DTYPE_F32, 1) ||
      !holds(mlonmcu_output_or_null(ctx, 4), MLONMCU_DTYPE_S32, mlonmcu_detection_postprocess_scratch_words(&p)))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_DETECTION_POSTPROCESS_F32(ctx, &p);
  return MLONMCU_OK;
}
