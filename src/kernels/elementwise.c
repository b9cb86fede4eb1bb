/* ADD, SUB, MUL with broadcasting. Each op is a row function (n output elements, each input
 * advancing by its own step: 1, or 0 when broadcast along the row); a shared walker calls it
 * once for the whole tensor when no broadcasting is needed, else once per innermost row. */
#include "mlonmcu/kernels/elementwise.h"

#include "add_requant.h"
#include "kernel_util.h"

#define RANK MLONMCU_KERNELS_BROADCAST_RANK

void mlonmcu_broadcast_extend_dims(int32_t rank, const int32_t* dims, int32_t* out) {
  const int32_t lead = RANK - rank;
  int32_t i;
  for (i = 0; i < RANK; ++i) out[i] = i < lead ? 1 : dims[i - lead];
}

/* Element strides of an input when walking the output's index space: 0 along broadcast dims. */
static void broadcast_strides(const int32_t* in_dims, int32_t* strides) {
  int32_t stride = 1;
  int32_t i;
  for (i = RANK - 1; i >= 0; --i) {
    strides[i] = in_dims[i] == 1 ? 0 : stride;
    stride *= in_dims[i];
  }
}

static int32_t count_elements(const int32_t* dims) {
  int32_t n = 1;
  int32_t i;
  for (i = 0; i < RANK; ++i) n *= dims[i];
  return n;
}

static int same_dims(const int32_t* a, const int32_t* b) {
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

static void plan_walk(const int32_t* in1_dims, const int32_t* in2_dims, const int32_t* out_dims,
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

/* Rescales an input to the common ADD/SUB scale. The shift goes through uint32 so that a
 * hostile left_shift wraps instead of being undefined; valid params never overflow. */
static inline int32_t add_scale_input(int32_t q, int32_t offset, int32_t left_shift,
                                      int32_t multiplier, int32_t shift) {
  const int32_t shifted = (int32_t)((uint32_t)(q + offset) << left_shift);
  return mlonmcu_multiply_by_quantized_multiplier(shifted, multiplier, shift);
}

static inline int8_t add_s8_finish(const mlonmcu_add_s8_params_t* p, int32_t raw) {
  return (int8_t)mlonmcu_requantize_clamp(raw, p->output_multiplier, p->output_shift,
                                          p->output_offset, p->act_min, p->act_max);
}

/* sign = 1 for ADD, -1 for SUB. Only for params mlonmcu_add_requant_supported accepts. */
static void add_sub_s8_row_fast(const mlonmcu_add_s8_params_t* p, int32_t sign, int32_t n,
                                const int8_t* a, int32_t sa, const int8_t* b, int32_t sb,
                                int8_t* out) {
  const mlonmcu_add_requant_t r = mlonmcu_add_requant_make(p);
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = mlonmcu_add_requant_input1(&r, *a);
    const int32_t y = mlonmcu_add_requant_input2(&r, *b);
    const uint32_t sum = sign > 0 ? (uint32_t)x + (uint32_t)y : (uint32_t)x - (uint32_t)y;
    out[i] = (int8_t)mlonmcu_add_requant_output(&r, sum);
  }
}

static inline void add_s8_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int8_t* a,
                              int32_t sa, const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  if (mlonmcu_add_requant_supported(p)) {
    add_sub_s8_row_fast(p, 1, n, a, sa, b, sb, out);
    return;
  }
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = add_scale_input(*a, p->input1_offset, p->left_shift, p->input1_multiplier,
                                      p->input1_shift);
    const int32_t y = add_scale_input(*b, p->input2_offset, p->left_shift, p->input2_multiplier,
                                      p->input2_shift);
    out[i] = add_s8_finish(p, mlonmcu_wrap_add(x, y));
  }
}

static inline void sub_s8_row(const mlonmcu_add_s8_params_t* p, int32_t n, const int8_t* a,
                              int32_t sa, const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  if (mlonmcu_add_requant_supported(p)) {
    add_sub_s8_row_fast(p, -1, n, a, sa, b, sb, out);
    return;
  }
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t x = add_scale_input(*a, p->input1_offset, p->left_shift, p->input1_multiplier,
                                      p->input1_shift);
    const int32_t y = add_scale_input(*b, p->input2_offset, p->left_shift, p->input2_multiplier,
                                      p->input2_shift);
    out[i] = add_s8_finish(p, mlonmcu_wrap_add(x, -y));
  }
}

static inline void mul_s8_row(const mlonmcu_mul_s8_params_t* p, int32_t n, const int8_t* a,
                              int32_t sa, const int8_t* b, int32_t sb, int8_t* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) {
    const int32_t product = ((int32_t)*a + p->input1_offset) * ((int32_t)*b + p->input2_offset);
    out[i] = (int8_t)mlonmcu_requantize_clamp(product, p->output_multiplier, p->output_shift,
                                              p->output_offset, p->act_min, p->act_max);
  }
}

static inline float clamp_f32(float v, float lo, float hi) {
  v = v < lo ? lo : v;
  return v > hi ? hi : v;
}

static inline void add_f32_row(const mlonmcu_arith_f32_params_t* p, int32_t n, const float* a,
                               int32_t sa, const float* b, int32_t sb, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = clamp_f32(*a + *b, p->act_min, p->act_max);
}

static inline void sub_f32_row(const mlonmcu_arith_f32_params_t* p, int32_t n, const float* a,
                               int32_t sa, const float* b, int32_t sb, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = clamp_f32(*a - *b, p->act_min, p->act_max);
}

static inline void mul_f32_row(const mlonmcu_arith_f32_params_t* p, int32_t n, const float* a,
                               int32_t sa, const float* b, int32_t sb, float* out) {
  int32_t i;
  for (i = 0; i < n; ++i, a += sa, b += sb) out[i] = clamp_f32(*a * *b, p->act_min, p->act_max);
}

void mlonmcu_add_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out) {
  MLONMCU_BROADCAST_WALK(add_s8_row);
}

void mlonmcu_sub_s8(const mlonmcu_add_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out) {
  MLONMCU_BROADCAST_WALK(sub_s8_row);
}

void mlonmcu_mul_s8(const mlonmcu_mul_s8_params_t* p, const int32_t* in1_dims, const int8_t* in1,
                    const int32_t* in2_dims, const int8_t* in2, const int32_t* out_dims,
                    int8_t* out) {
  MLONMCU_BROADCAST_WALK(mul_s8_row);
}

void mlonmcu_add_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out) {
  MLONMCU_BROADCAST_WALK(add_f32_row);
}

void mlonmcu_sub_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out) {
  MLONMCU_BROADCAST_WALK(sub_f32_row);
}

void mlonmcu_mul_f32(const mlonmcu_arith_f32_params_t* p, const int32_t* in1_dims,
                     const float* in1, const int32_t* in2_dims, const float* in2,
                     const int32_t* out_dims, float* out) {
  MLONMCU_BROADCAST_WALK(mul_f32_row);
}
