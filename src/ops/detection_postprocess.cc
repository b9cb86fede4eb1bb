// Lowering of TFLite_Detection_PostProcess (float32) as TFLite-Micro's kernel takes it: box
// encodings [1, boxes, >= 4], class scores [1, boxes, classes (+ 1 background)], anchors
// [boxes, 4]; outputs boxes [1, max_detections, 4], classes and scores [1, max_detections], the
// count [1]. TFLM's fast suppression writes more than one class per detection past its outputs'
// ends, so that is Unsupported. The kernel's work buffer is a fifth output of the lowered op.
#include <fmt/format.h>

#include "mlonmcu/kernels/detection_postprocess.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

mlonmcu_detection_postprocess_params_t resolve(const check::OpRef& ref) {
  check::expect_arity(ref, 3, 3, 4);
  const ir::Tensor& boxes = check::input(ref, 0);
  const ir::Tensor& scores = check::input(ref, 1);
  const ir::Tensor& anchors = check::input(ref, 2);
  for (const ir::Tensor* t : {&boxes, &scores, &anchors}) check::expect_dtype(ref, *t, {DType::Float32}, "input");
  for (size_t i = 0; i < 4; ++i) check::expect_dtype(ref, check::output(ref, i), {DType::Float32}, "output");
  check::expect_rank(ref, boxes, 3, "box encodings");
  check::expect_rank(ref, scores, 3, "class predictions");
  check::expect_rank(ref, anchors, 2, "anchors");
  const auto& o = check::options<ir::DetectionPostprocessOptions>(ref);
  mlonmcu_detection_postprocess_params_t p{};
  p.num_boxes = boxes.shape[1], p.box_stride = boxes.shape[2];
  p.num_classes = o.num_classes, p.label_offset = scores.shape[2] - o.num_classes;
  p.max_detections = o.max_detections, p.detections_per_class = o.detections_per_class;
  p.use_regular_nms = o.use_regular_nms ? 1 : 0;
  p.score_threshold = o.nms_score_threshold, p.iou_threshold = o.nms_iou_threshold;
  p.y_scale = o.y_scale, p.x_scale = o.x_scale, p.h_scale = o.h_scale, p.w_scale = o.w_scale;
  if (boxes.shape[0] != 1 || scores.shape[0] != 1) unsupported(ref.backend, ref.op, "a batch other than 1");
  if (p.box_stride < 4) check::malformed(ref, "box encodings have fewer than 4 values");
  if (scores.shape[1] != p.num_boxes || anchors.shape[0] != p.num_boxes || anchors.shape[1] != 4)
    check::malformed(ref, "box encodings, class predictions and anchors disagree in the number of boxes");
  if (p.num_classes < 1 || p.label_offset < 0 || p.label_offset > 1)
    check::malformed(ref, fmt::format("{} classes for {} score columns", p.num_classes, scores.shape[2]));
  if (p.max_detections < 1) check::malformed(ref, "max_detections below 1");
  if (p.use_regular_nms ? p.detections_per_class < 1 : o.max_classes_per_detection < 1)
    check::malformed(ref, "no detection per class or per box");
  if (!p.use_regular_nms && o.max_classes_per_detection > 1)
    unsupported(ref.backend, ref.op, "fast suppression with max_classes_per_detection > 1 (TFLite-Micro writes past its outputs)");
  check::expect_shape(ref, check::output(ref, 0), {1, p.max_detections, 4});
  check::expect_shape(ref, check::output(ref, 1), {1, p.max_detections});
  check::expect_shape(ref, check::output(ref, 2), {1, p.max_detections});
  check::expect_shape(ref, check::output(ref, 3), {1});
  return p;
}

}  // namespace

void check_detection_postprocess(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve({graph, op, backend});
}

LoweredOp lower_detection_postprocess(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_detection_postprocess_params_t p = resolve({ctx.graph(), op, backend});
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_DETECTION_POSTPROCESS_F32;
  lowered.inputs = {op.inputs[0], op.inputs[1], op.inputs[2]};
  lowered.outputs = op.outputs;
  lowered.outputs.push_back(ctx.add_scratch("detection_postprocess_scratch", mlonmcu_detection_postprocess_scratch_words(&p)));
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
