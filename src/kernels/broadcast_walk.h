/* Internal: the broadcasting walk shared by the elementwise kernels. Each op is a row function
 * (n output elements, each input advancing by its own step: 1, or 0 when broadcast along the
 * row); the walker calls it once for the whole tensor when no broadcasting is needed, else once
 * per innermost row. */
#ifndef MLONMCU_KERNELS_BROADCAST_WALK_H_
#define MLONMCU_KERNELS_BROADCAST_WALK_H_

#include <stdint.h>

#include "mlonmcu/kernels/elementwise.h"

#define RANK MLONMCU_KERNELS_BROADCAST_RANK

/* Element strides of an input when walking the output's index space: 0 along broadcast dims. */
static inline void broadcast_strides(const int32_t* in_dims, int32_t* strides) {
  int32_t stride = 1;
  int32_t i;
  for (i = RANK - 1; i >= 0; --i) {
    strides[i] = in_dims[i] == 1 ? 0 : stride;
    stride *= in_dims[i];
  }
}

static inline int32_t count_elements(const int32_t* dims) {
  int32_t n = 1;
  int32_t i;
  for (i = 0; i < RANK; ++i) n *= dims[i];
  return n;
}

static inline int same_dims(const int32_t* a, const int32_t* b) {
  int32_t i;
  for (i = 0; i < RANK; ++i)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Iteration plan of a broadcasting kernel: extents of the 6 output dims and each input's
 * element strides. Without broadcasting (or against a single element) the whole tensor is one
 * row, so the row function runs once over all elements. */
typedef struct {
  int32_t extent[RANK];
  int32_t s1[RANK];
  int32_t s2[RANK];
} walk_plan_t;

static inline void plan_walk(const int32_t* in1_dims, const int32_t* in2_dims, const int32_t* out_dims,
                      walk_plan_t* w) {
  const int32_t total = count_elements(out_dims);
  const int in1_full = same_dims(in1_dims, out_dims);
  const int in2_full = same_dims(in2_dims, out_dims);
  int32_t i;
  if ((in1_full || count_elements(in1_dims) == 1) && (in2_full || count_elements(in2_dims) == 1)) {
    for (i = 0; i < RANK; ++i) w->extent[i] = 1, w->s1[i] = 0, w->s2[i] = 0;
    w->extent[RANK - 1] = total;
    w->s1[RANK - 1] = in1_full ? 1 : 0;
    w->s2[RANK - 1] = in2_full ? 1 : 0;
    return;
  }
  for (i = 0; i < RANK; ++i) w->extent[i] = out_dims[i];
  broadcast_strides(in1_dims, w->s1);
  broadcast_strides(in2_dims, w->s2);
}

/* Expands to the body of a broadcasting kernel calling ROW(p, n, in1, step1, in2, step2, out)
 * once per innermost row (a single call site keeps the code small on microcontrollers). */
#define MLONMCU_BROADCAST_WALK(ROW)                                                           \
  do {                                                                                        \
    walk_plan_t w;                                                                            \
    int32_t i0, i1, i2, i3, i4;                                                               \
    plan_walk(in1_dims, in2_dims, out_dims, &w);                                              \
    for (i0 = 0; i0 < w.extent[0]; ++i0)                                                      \
      for (i1 = 0; i1 < w.extent[1]; ++i1)                                                    \
        for (i2 = 0; i2 < w.extent[2]; ++i2)                                                  \
          for (i3 = 0; i3 < w.extent[3]; ++i3)                                                \
            for (i4 = 0; i4 < w.extent[4]; ++i4) {                                            \
              const int32_t o1 =                                                              \
                  i0 * w.s1[0] + i1 * w.s1[1] + i2 * w.s1[2] + i3 * w.s1[3] + i4 * w.s1[4];   \
              const int32_t o2 =                                                              \
                  i0 * w.s2[0] + i1 * w.s2[1] + i2 * w.s2[2] + i3 * w.s2[3] + i4 * w.s2[4];   \
              ROW(p, w.extent[5], in1 + o1, w.s1[5], in2 + o2, w.s2[5], out);                 \
              out += w.extent[5];                                                             \
            }                                                                                 \
  } while (0)

#endif /* MLONMCU_KERNELS_BROADCAST_WALK_H_ */
