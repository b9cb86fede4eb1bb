// TFLite_Detection_PostProcess (float32), fast and regular suppression: random boxes, classes
// (with or without a background column), box encoding width, anchors, scales, thresholds and
// limits. Half the cases take the scores as a constant of multiples of 1/8, so equal scores
// test the order of ties. The fast cases compare the detections up to the count only: TFLM
// leaves the others unwritten.
#include <algorithm>
#include <cstring>

#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

int32_t float_const(GraphBuilder& b, const std::string& name, std::vector<int32_t> shape, const std::vector<float>& v) {
  std::vector<uint8_t> data(v.size() * 4);
  std::memcpy(data.data(), v.data(), data.size());
  return b.add_const(name, DType::Float32, std::move(shape), std::move(data));
}

OpCase detection_postprocess(Rng& rng, bool regular) {
  GraphBuilder b("detection_postprocess", rng.next());
  const int32_t boxes = rng.uniform_int(1, 12), classes = rng.uniform_int(1, 4), background = rng.uniform_int(0, 1);
  const int32_t stride = rng.uniform_int(4, 5);
  ir::DetectionPostprocessOptions o;
  o.max_detections = rng.uniform_int(1, 6);
  o.max_classes_per_detection = 1;
  o.detections_per_class = rng.uniform_int(1, 5);
  o.use_regular_nms = regular;
  o.nms_score_threshold = rng.uniform_float(0.0f, 0.5f);
  o.nms_iou_threshold = rng.uniform_float(0.2f, 0.8f);
  o.num_classes = classes;
  o.y_scale = rng.uniform_float(1, 10), o.x_scale = rng.uniform_float(1, 10);
  o.h_scale = rng.uniform_float(1, 5), o.w_scale = rng.uniform_float(1, 5);
  const int32_t encodings = b.input("box_encodings", DType::Float32, {1, boxes, stride});
  const int32_t columns = classes + background;
  int32_t scores;
  if (rng.uniform_int(0, 1)) {
    scores = b.input("class_predictions", DType::Float32, {1, boxes, columns});
  } else {
    std::vector<float> v(static_cast<size_t>(boxes * columns));
    for (float& x : v) x = static_cast<float>(rng.uniform_int(0, 8)) / 8.0f;
    scores = float_const(b, "class_predictions", {1, boxes, columns}, v);
  }
  std::vector<float> anchors;
  for (int32_t i = 0; i < boxes; ++i) {
    anchors.push_back(rng.uniform_float(0, 0.6f)), anchors.push_back(rng.uniform_float(0, 0.6f));  // y, x: overlapping
    anchors.push_back(rng.uniform_float(0.2f, 0.6f)), anchors.push_back(rng.uniform_float(0.2f, 0.6f));  // h, w
  }
  const int32_t anchor = float_const(b, "anchors", {boxes, 4}, anchors);
  const int32_t out_boxes = b.add_tensor("detection_boxes", DType::Float32, {1, o.max_detections, 4});
  const int32_t out_classes = b.add_tensor("detection_classes", DType::Float32, {1, o.max_detections});
  const int32_t out_scores = b.add_tensor("detection_scores", DType::Float32, {1, o.max_detections});
  const int32_t count = b.add_tensor("num_detections", DType::Float32, {1});
  b.add_op(T::DetectionPostprocess, {encodings, scores, anchor}, {out_boxes, out_classes, out_scores, count}, o,
           "TFLite_Detection_PostProcess");
  for (int32_t t : {out_boxes, out_classes, out_scores, count}) b.add_output(t);
  OpCase c = finish(b);
  c.ranges[0] = {-2, 2};
  if (c.graph.inputs.size() > 1) c.ranges[1] = {0, 1};
  // TFLM's fast suppression leaves the detections past the count unwritten (ours are 0).
  if (!regular)
    c.canonical = [](std::vector<std::vector<uint8_t>>& outputs) {
      if (outputs.size() != 4 || outputs[3].size() != 4) return;
      float n;
      std::memcpy(&n, outputs[3].data(), 4);
      if (!(n >= 0.0f && n < 1e6f)) return;
      const auto found = static_cast<size_t>(n);
      for (size_t k = 0; k < 3; ++k) {
        const size_t per = k == 0 ? 16 : 4, from = std::min(outputs[k].size(), found * per);
        std::fill(outputs[k].begin() + static_cast<std::ptrdiff_t>(from), outputs[k].end(), uint8_t{0});
      }
    };
  return c;
}

}  // namespace

void add_detection_cases(std::vector<CaseGenerator>& out) {
  out.push_back({"DETECTION_POSTPROCESS", "float32 fast", [](Rng& r) { return detection_postprocess(r, false); }});
  out.push_back({"DETECTION_POSTPROCESS", "float32 regular", [](Rng& r) { return detection_postprocess(r, true); }});
}

}  // namespace mlonmcu::difftest
