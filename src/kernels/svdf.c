#include "mlonmcu/kernels/svdf.h"

#include <math.h>

#include "kernel_util.h"

/* The state moves one step back in time: every element takes its successor's value. Done on
 * the flat buffer as TFLM does; the element that crosses into the previous filter's row is
 * that row's newest column, which the feature matmul overwrites next. */
#define MLONMCU_SVDF_SHIFT_STATE(state, count)        \
  do {                                                \
    int64_t k_;                                       \
    for (k_ = 0; k_ + 1 < (count); ++k_) (state)[k_] = (state)[k_ + 1]; \
  } while (0)

static float svdf_activation(int32_t act, float a) {
  switch (act) {
    /* std::max(x, y) is (x < y) ? y : x, std::min(x, y) is (y < x) ? y : x: -0.0f and NaN come
     * out as in TFLM only written this way. */
    case MLONMCU_SVDF_ACT_RELU: return 0.0f < a ? a : 0.0f;
    case MLONMCU_SVDF_ACT_RELU_N1_TO_1: {
      const float m = 1.0f < a ? 1.0f : a;
      return -1.0f < m ? m : -1.0f;
    }
    case MLONMCU_SVDF_ACT_RELU6: {
      const float m = 6.0f < a ? 6.0f : a;
      return 0.0f < m ? m : 0.0f;
    }
    case MLONMCU_SVDF_ACT_TANH: return tanhf(a);
    case MLONMCU_SVDF_ACT_SIGN_BIT: return signbit(a) ? 1.0f : 0.0f;
    default: return a;
  }
}

void mlonmcu_svdf_f32(const mlonmcu_svdf_params_t* p, const float* input, const float* weights_feature,
                      const float* weights_time, const float* bias, float* state, float* output) {
  const int32_t units = p->num_filters / p->rank;
  const int64_t row = p->memory_size, per_batch = (int64_t)p->num_filters * p->memory_size;
  int32_t b, f, u, r, k;
  MLONMCU_SVDF_SHIFT_STATE(state, p->batch * per_batch);
  for (b = 0; b < p->batch; ++b)
    for (f = 0; f < p->num_filters; ++f) {
      const float* w = weights_feature + (int64_t)f * p->input_size;
      const float* x = input + (int64_t)b * p->input_size;
      float dot = 0.0f;
      for (k = 0; k < p->input_size; ++k) dot += w[k] * x[k];
      state[b * per_batch + f * row + row - 1] = dot;
    }
  /* Each unit: bias, then its filters' time dot products (each summed from 0.0f) in filter
   * order, as TFLM's scratch reduction adds them. */
  for (b = 0; b < p->batch; ++b)
    for (u = 0; u < units; ++u) {
      float total = bias ? bias[u] : 0.0f;
      for (r = 0; r < p->rank; ++r) {
        const int32_t filter = u * p->rank + r;
        const float* s = state + b * per_batch + filter * row;
        const float* w = weights_time + (int64_t)filter * row;
        float dot = 0.0f;
        for (k = 0; k < p->memory_size; ++k) dot += w[k] * s[k];
        total += dot;
      }
      output[(int64_t)b * units + u] = svdf_activation(p->activation, total);
    }
}

/* The body of the integer kernels for state type T in [T_MIN, T_MAX]: sums wrap modulo 2^32.
 * (The functions are written out below so that the aot backend finds their definitions.) */
#define MLONMCU_SVDF_INTEGER_BODY(T, T_MIN, T_MAX)                                                          \
  const int32_t units = p->num_filters / p->rank;                                                          \
  const int64_t row = p->memory_size, per_batch = (int64_t)p->num_filters * p->memory_size;               \
  int32_t b, f, u, r, k;                                                                                   \
  MLONMCU_SVDF_SHIFT_STATE(state, p->batch * per_batch);                                                   \
  for (b = 0; b < p->batch; ++b)                                                                           \
    for (f = 0; f < p->num_filters; ++f) {                                                                 \
      const int8_t* w = weights_feature + (int64_t)f * p->input_size;                                      \
      const int8_t* x = input + (int64_t)b * p->input_size;                                                \
      int32_t dot = 0;                                                                                     \
      for (k = 0; k < p->input_size; ++k) dot = mlonmcu_wrap_add(dot, w[k] * (x[k] + p->input_offset));   \
      dot = mlonmcu_multiply_by_quantized_multiplier(dot, p->feature_multiplier, p->feature_shift);        \
      /* Clamped to T before the zero point is added, and then stored as T, as TFLM does. */             \
      state[b * per_batch + f * row + row - 1] = (T)(p->state_zero_point + mlonmcu_clamp_s32(dot, T_MIN, T_MAX)); \
    }                                                                                                      \
  for (b = 0; b < p->batch; ++b)                                                                           \
    for (u = 0; u < units; ++u) {                                                                          \
      int32_t total = bias[u];                                                                             \
      for (r = 0; r < p->rank; ++r) {                                                                      \
        const int32_t filter = u * p->rank + r;                                                            \
        const T* s = state + b * per_batch + filter * row;                                                 \
        const T* w = weights_time + (int64_t)filter * row;                                                 \
        int32_t dot = 0;                                                                                   \
        for (k = 0; k < p->memory_size; ++k)                                                               \
          dot = mlonmcu_wrap_add(dot, (int32_t)w[k] * ((int32_t)s[k] - p->state_zero_point));              \
        total = mlonmcu_wrap_add(total, dot);                                                              \
      }                                                                                                    \
      output[(int64_t)b * units + u] = (int8_t)mlonmcu_requantize_clamp(                                   \
          total, p->output_multiplier, p->output_shift, p->output_zero_point, INT8_MIN, INT8_MAX);         \
    }

void mlonmcu_svdf_s8_s16(const mlonmcu_svdf_params_t* p, const int8_t* input, const int8_t* weights_feature,
                         const int16_t* weights_time, const int32_t* bias, int16_t* state, int8_t* output) {
  MLONMCU_SVDF_INTEGER_BODY(int16_t, INT16_MIN, INT16_MAX)
}

void mlonmcu_svdf_s8_s8(const mlonmcu_svdf_params_t* p, const int8_t* input, const int8_t* weights_feature,
                        const int8_t* weights_time, const int32_t* bias, int8_t* state, int8_t* output) {
  MLONMCU_SVDF_INTEGER_BODY(int8_t, INT8_MIN, INT8_MAX)
}
