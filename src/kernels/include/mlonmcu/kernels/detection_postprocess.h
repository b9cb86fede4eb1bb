/* TFLite_Detection_PostProcess (float32; the custom op of SSD-style detectors): decodes each
 * anchor's box encoding (center/size relative to the anchor, with four scales) into corners,
 * then selects boxes by non-max suppression: "fast" (each box's best class, one suppression
 * over those scores; one class per detection) or "regular" (a suppression per class, merged by
 * score). Bit-exact with TFLite-Micro's kernel: the decoding in double as TFLM, and every sort
 * ordered by score descending, then index ascending, which is what TFLM's stable merge sort and
 * its tie-broken partial sort give. Detections past the last one found are zero (TFLM's fast
 * path leaves them unwritten). TFLM refuses inputs whose decoded boxes are empty at Eval; this
 * kernel computes them. */
#ifndef MLONMCU_KERNELS_DETECTION_POSTPROCESS_H_
#define MLONMCU_KERNELS_DETECTION_POSTPROCESS_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t num_boxes;
  int32_t box_stride;         /* floats per box encoding (>= 4) */
  int32_t num_classes;        /* without background */
  int32_t label_offset;       /* 1 when the scores have a background column first, else 0 */
  int32_t max_detections;
  int32_t detections_per_class; /* regular */
  int32_t use_regular_nms;
  float score_threshold;
  float iou_threshold;
  float y_scale, x_scale, h_scale, w_scale;
} mlonmcu_detection_postprocess_params_t;

/* Words of scratch the kernel needs (a workspace buffer of the op). */
static inline int32_t mlonmcu_detection_postprocess_scratch_words(const mlonmcu_detection_postprocess_params_t* p) {
  /* decoded boxes; per box: scores, best class, kept scores and indices, sort order, merge
   * scratch, active flags, selected; the merged candidates of regular suppression (indices,
   * scores, their order, merge scratch, sorted copies): at most max_detections + num_boxes. */
  const int32_t n = p->num_boxes, merged = p->max_detections + n;
  return 4 * n + 8 * n + 6 * merged;
}

/* boxes: [num_boxes][box_stride], scores: [num_boxes][num_classes + label_offset],
 * anchors: [num_boxes][4] (y, x, h, w); outputs: detection boxes [max_detections][4] (ymin,
 * xmin, ymax, xmax), classes and scores [max_detections], the number of detections (all float). */
void mlonmcu_detection_postprocess_f32(const mlonmcu_detection_postprocess_params_t* p, const float* boxes,
                                       const float* scores, const float* anchors, float* out_boxes,
                                       float* out_classes, float* out_scores, float* out_count, int32_t* scratch);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_DETECTION_POSTPROCESS_H_ */
