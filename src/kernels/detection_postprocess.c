#include "mlonmcu/kernels/detection_postprocess.h"

#include <math.h>
#include <string.h>

/* std::max<float>(a, b) and std::min<float>(a, b) as TFLM evaluates them. */
static float max_f(float a, float b) { return a < b ? b : a; }
static float min_f(float a, float b) { return b < a ? b : a; }

static void decode_boxes(const mlonmcu_detection_postprocess_params_t* p, const float* boxes,
                         const float* anchors, float* decoded) {
  int32_t i;
  for (i = 0; i < p->num_boxes; ++i) {
    const float* e = boxes + (int64_t)i * p->box_stride; /* y, x, h, w */
    const float* a = anchors + 4 * (int64_t)i;
    const float yc = (float)((double)e[0] / (double)p->y_scale * (double)a[2] + (double)a[0]);
    const float xc = (float)((double)e[1] / (double)p->x_scale * (double)a[3] + (double)a[1]);
    const float half_h = (float)(0.5 * exp((double)e[2] / (double)p->h_scale) * (double)a[2]);
    const float half_w = (float)(0.5 * exp((double)e[3] / (double)p->w_scale) * (double)a[3]);
    float* d = decoded + 4 * (int64_t)i; /* ymin, xmin, ymax, xmax */
    d[0] = yc - half_h;
    d[1] = xc - half_w;
    d[2] = yc + half_h;
    d[3] = xc + half_w;
  }
}

static float iou(const float* decoded, int32_t i, int32_t j) {
  const float* a = decoded + 4 * (int64_t)i;
  const float* b = decoded + 4 * (int64_t)j;
  const float area_a = (a[2] - a[0]) * (a[3] - a[1]);
  const float area_b = (b[2] - b[0]) * (b[3] - b[1]);
  float inter;
  if (area_a <= 0 || area_b <= 0) return 0.0f;
  inter = max_f(min_f(a[2], b[2]) - max_f(a[0], b[0]), 0.0f) * max_f(min_f(a[3], b[3]) - max_f(a[1], b[1]), 0.0f);
  return inter / (area_a + area_b - inter);
}

/* order[0..n) (positions into values, ascending on entry) stably sorted by value, largest
 * first: ties keep ascending positions. Bottom-up merge sort with tmp[n]. */
static void sort_descending(const float* values, int32_t* order, int32_t* tmp, int32_t n) {
  int32_t width, lo;
  for (width = 1; width < n; width *= 2) {
    for (lo = 0; lo < n; lo += 2 * width) {
      const int32_t mid = lo + width < n ? lo + width : n;
      const int32_t hi = lo + 2 * width < n ? lo + 2 * width : n;
      int32_t l = lo, r = mid, k = lo;
      while (k < hi) tmp[k++] = (l < mid && (r >= hi || !(values[order[r]] > values[order[l]]))) ? order[l++] : order[r++];
    }
    memcpy(order, tmp, (size_t)n * sizeof *order);
  }
}

typedef struct {
  float* decoded;
  float* box_scores;
  int32_t* best_class;
  float* keep_scores;
  int32_t* keep_index;
  int32_t* order;
  int32_t* merge;
  int32_t* active;
  int32_t* selected;
  int32_t* cand_index;
  float* cand_score;
  int32_t* cand_order;
  int32_t* cand_merge;
  int32_t* sorted_index;
  float* sorted_score;
} scratch_t;

/* TFLM's NonMaxSuppressionSingleClassHelper: the boxes whose score reaches the threshold, by
 * score, each dropping the later ones that overlap it too much; at most max_out. Returns how
 * many were selected (box indices in s->selected). */
static int32_t suppress(const mlonmcu_detection_postprocess_params_t* p, const float* scores, int32_t max_out,
                        const scratch_t* s) {
  int32_t kept = 0, i, j, selected = 0, active, out_size;
  for (i = 0; i < p->num_boxes; ++i)
    if (scores[i] >= p->score_threshold) {
      s->keep_scores[kept] = scores[i];
      s->keep_index[kept++] = i;
    }
  for (i = 0; i < kept; ++i) s->order[i] = i, s->active[i] = 1;
  sort_descending(s->keep_scores, s->order, s->merge, kept);
  out_size = kept < max_out ? kept : max_out;
  active = kept;
  for (i = 0; i < kept; ++i) {
    int32_t box;
    if (active == 0 || selected >= out_size) break;
    if (!s->active[i]) continue;
    box = s->keep_index[s->order[i]];
    s->selected[selected++] = box;
    s->active[i] = 0;
    --active;
    for (j = i + 1; j < kept; ++j)
      if (s->active[j] && iou(s->decoded, box, s->keep_index[s->order[j]]) > p->iou_threshold) {
        s->active[j] = 0;
        --active;
      }
  }
  return selected;
}

static void put_detection(float* out_boxes, float* out_classes, float* out_scores, int32_t k, const float* box,
                          float cls, float score) {
  memcpy(out_boxes + 4 * (int64_t)k, box, 4 * sizeof(float));
  out_classes[k] = cls;
  out_scores[k] = score;
}

void mlonmcu_detection_postprocess_f32(const mlonmcu_detection_postprocess_params_t* p, const float* boxes,
                                       const float* scores, const float* anchors, float* out_boxes,
                                       float* out_classes, float* out_scores, float* out_count, int32_t* scratch) {
  static const float kZeroBox[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  const int32_t n = p->num_boxes, merged = p->max_detections + n;
  const int32_t stride = p->num_classes + p->label_offset;
  int32_t found = 0, k, i;
  scratch_t s;
  s.decoded = (float*)(void*)scratch;
  s.box_scores = s.decoded + 4 * n;
  s.best_class = (int32_t*)(void*)(s.box_scores + n);
  s.keep_scores = (float*)(void*)(s.best_class + n);
  s.keep_index = (int32_t*)(void*)(s.keep_scores + n);
  s.order = s.keep_index + n;
  s.merge = s.order + n;
  s.active = s.merge + n;
  s.selected = s.active + n;
  s.cand_index = s.selected + n;
  s.cand_score = (float*)(void*)(s.cand_index + merged);
  s.cand_order = (int32_t*)(void*)(s.cand_score + merged);
  s.cand_merge = s.cand_order + merged;
  s.sorted_index = s.cand_merge + merged;
  s.sorted_score = (float*)(void*)(s.sorted_index + merged);
  decode_boxes(p, boxes, anchors, s.decoded);
  if (!p->use_regular_nms) {
    /* Each box's best class (the first of equal scores), one suppression over those scores. */
    for (i = 0; i < n; ++i) {
      const float* row = scores + (int64_t)i * stride + p->label_offset;
      int32_t best = 0, c;
      for (c = 1; c < p->num_classes; ++c)
        if (row[c] > row[best]) best = c;
      s.best_class[i] = best;
      s.box_scores[i] = row[best];
    }
    found = suppress(p, s.box_scores, p->max_detections, &s);
    for (k = 0; k < found; ++k) {
      const int32_t box = s.selected[k];
      put_detection(out_boxes, out_classes, out_scores, k, s.decoded + 4 * (int64_t)box, (float)s.best_class[box],
                    scores[(int64_t)box * stride + p->label_offset + s.best_class[box]]);
    }
  } else {
    /* A suppression per class; the candidates so far and the class's selection merged by score
     * and cut to max_detections after each class, as TFLM does. */
    int32_t c;
    for (c = 0; c < p->num_classes; ++c) {
      int32_t count = found, selected, r;
      for (i = 0; i < n; ++i) s.box_scores[i] = scores[(int64_t)i * stride + c + p->label_offset];
      selected = suppress(p, s.box_scores, p->detections_per_class, &s);
      for (i = 0; i < selected; ++i, ++count) {
        s.cand_index[count] = s.selected[i] * stride + c + p->label_offset;
        s.cand_score[count] = s.box_scores[s.selected[i]];
      }
      for (i = 0; i < count; ++i) s.cand_order[i] = i;
      sort_descending(s.cand_score, s.cand_order, s.cand_merge, count);
      found = count < p->max_detections ? count : p->max_detections;
      for (r = 0; r < found; ++r) {
        s.sorted_index[r] = s.cand_index[s.cand_order[r]];
        s.sorted_score[r] = s.cand_score[s.cand_order[r]];
      }
      memcpy(s.cand_index, s.sorted_index, (size_t)found * sizeof *s.cand_index);
      memcpy(s.cand_score, s.sorted_score, (size_t)found * sizeof *s.cand_score);
    }
    for (k = 0; k < found; ++k) {
      const int32_t anchor = s.cand_index[k] / stride;
      const int32_t cls = s.cand_index[k] - anchor * stride - p->label_offset;
      put_detection(out_boxes, out_classes, out_scores, k, s.decoded + 4 * (int64_t)anchor, (float)cls,
                    s.cand_score[k]);
    }
  }
  for (k = found; k < p->max_detections; ++k) put_detection(out_boxes, out_classes, out_scores, k, kZeroBox, 0.0f, 0.0f);
  *out_count = (float)found;
}
