/* AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D as in TFLite-Micro's reference kernels: windows are clipped
 * to the input (padding never counts), int8 averages round half away from zero. */
#include "mlonmcu/kernels/pooling.h"

#include <math.h>

#include "kernel_util.h"

/* The loops are the same for all the kernels; only the reduction differs. */
#define MLONMCU_POOL_LOOPS(BODY)                                                              \
  const int32_t in_h = in_dims[1], in_w = in_dims[2], channels = in_dims[3];                  \
  const int32_t out_h = out_dims[1], out_w = out_dims[2];                                     \
  int32_t b, oy, ox, c, ky, kx;                                                               \
  for (b = 0; b < out_dims[0]; ++b) {                                                         \
    for (oy = 0; oy < out_h; ++oy) {                                                          \
      const int32_t in_y0 = oy * p->stride_h - p->pad_h;                                      \
      int32_t ky_begin, ky_end;                                                               \
      mlonmcu_window_taps(in_y0, 1, in_h, p->filter_h, &ky_begin, &ky_end);                   \
      for (ox = 0; ox < out_w; ++ox) {                                                        \
        const int32_t in_x0 = ox * p->stride_w - p->pad_w;                                    \
        int32_t kx_begin, kx_end;                                                             \
        mlonmcu_window_taps(in_x0, 1, in_w, p->filter_w, &kx_begin, &kx_end);                 \
        for (c = 0; c < channels; ++c) {                                                      \
          const int32_t out_index = ((b * out_h + oy) * out_w + ox) * channels + c;           \
          BODY                                                                                \
        }                                                                                     \
      }                                                                                       \
    }                                                                                         \
  }

#define MLONMCU_POOL_INPUT(ky, kx) \
  input[((b * in_h + in_y0 + (ky)) * in_w + in_x0 + (kx)) * channels + c]

/* The integer average (int8, int16): the window's sum in int32, rounded half away from zero. */
#define MLONMCU_AVG_POOL_INT(T)                                                                 \
  MLONMCU_POOL_LOOPS({                                                                          \
    int32_t acc = 0;                                                                            \
    const int32_t count = (ky_end - ky_begin) * (kx_end - kx_begin);                            \
    if (count > 0) {                                                                            \
      for (ky = ky_begin; ky < ky_end; ++ky)                                                    \
        for (kx = kx_begin; kx < kx_end; ++kx) acc += MLONMCU_POOL_INPUT(ky, kx);               \
      /* Division truncates toward zero; adding half the divisor away from zero first rounds    \
       * half away from zero. */                                                                \
      acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;                    \
      acc = acc < p->act_min ? p->act_min : acc;                                                \
      acc = acc > p->act_max ? p->act_max : acc;                                                \
      output[out_index] = (T)acc;                                                               \
    }                                                                                           \
  })

/* The integer maximum, starting from the dtype's lowest value. */
#define MLONMCU_MAX_POOL_INT(T, LOWEST)                                                         \
  MLONMCU_POOL_LOOPS({                                                                          \
    int32_t max = LOWEST;                                                                       \
    for (ky = ky_begin; ky < ky_end; ++ky)                                                      \
      for (kx = kx_begin; kx < kx_end; ++kx) {                                                  \
        const int32_t v = MLONMCU_POOL_INPUT(ky, kx);                                           \
        max = v > max ? v : max;                                                                \
      }                                                                                         \
    max = max < p->act_min ? p->act_min : max;                                                  \
    max = max > p->act_max ? p->act_max : max;                                                  \
    output[out_index] = (T)max;                                                                 \
  })

void mlonmcu_avg_pool2d_s8(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t out_dims[4], int8_t* output) {
  MLONMCU_AVG_POOL_INT(int8_t)
}

void mlonmcu_avg_pool2d_s16(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                            const int16_t* input, const int32_t out_dims[4], int16_t* output) {
  MLONMCU_AVG_POOL_INT(int16_t)
}

void mlonmcu_avg_pool2d_f32(const mlonmcu_pool_f32_params_t* p, const int32_t in_dims[4],
                            const float* input, const int32_t out_dims[4], float* output) {
  MLONMCU_POOL_LOOPS({
    float total = 0.0f;
    const int32_t count = (ky_end - ky_begin) * (kx_end - kx_begin);
    if (count > 0) {
      float value;
      for (ky = ky_begin; ky < ky_end; ++ky)
        for (kx = kx_begin; kx < kx_end; ++kx) total += MLONMCU_POOL_INPUT(ky, kx);
      value = total / (float)count;
      value = value < p->act_min ? p->act_min : value;
      output[out_index] = value > p->act_max ? p->act_max : value;
    }
  })
}

void mlonmcu_l2_pool2d_f32(const mlonmcu_pool_f32_params_t* p, const int32_t in_dims[4],
                           const float* input, const int32_t out_dims[4], float* output) {
  MLONMCU_POOL_LOOPS({
    float sum_squares = 0.0f;
    float value;
    const int32_t count = (ky_end - ky_begin) * (kx_end - kx_begin);
    for (ky = ky_begin; ky < ky_end; ++ky)
      for (kx = kx_begin; kx < kx_end; ++kx) {
        const float v = MLONMCU_POOL_INPUT(ky, kx);
        sum_squares += v * v;
      }
    value = sqrtf(sum_squares / (float)count);
    value = value < p->act_min ? p->act_min : value;
    output[out_index] = value > p->act_max ? p->act_max : value;
  })
}

void mlonmcu_max_pool2d_s8(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                           const int8_t* input, const int32_t out_dims[4], int8_t* output) {
  MLONMCU_MAX_POOL_INT(int8_t, -128)
}

void mlonmcu_max_pool2d_s16(const mlonmcu_pool_s8_params_t* p, const int32_t in_dims[4],
                            const int16_t* input, const int32_t out_dims[4], int16_t* output) {
  MLONMCU_MAX_POOL_INT(int16_t, -32768)
}

void mlonmcu_max_pool2d_f32(const mlonmcu_pool_f32_params_t* p, const int32_t in_dims[4],
                            const float* input, const int32_t out_dims[4], float* output) {
  MLONMCU_POOL_LOOPS({
    float max = -3.40282347e+38f; /* lowest float, as TFLite starts */
    for (ky = ky_begin; ky < ky_end; ++ky)
      for (kx = kx_begin; kx < kx_end; ++kx) {
        const float v = MLONMCU_POOL_INPUT(ky, kx);
        max = v > max ? v : max;
      }
    max = max < p->act_min ? p->act_min : max;
    output[out_index] = max > p->act_max ? p->act_max : max;
  })
}
