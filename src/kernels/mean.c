/* MEAN, SUM, REDUCE_MAX, REDUCE_MIN. The input is split into kept and reduced dimensions; an odometer walks the kept ones
 * (one output element each) and, inside, the reduced ones in row-major order, which is the order
 * TFLite's reference adds them in (it matters for float). */
#include "mlonmcu/kernels/mean.h"

#include <float.h>

#include "mlonmcu/kernels/requantize.h"

typedef struct {
  int32_t count;
  int32_t dims[MLONMCU_MEAN_MAX_RANK];
  int64_t strides[MLONMCU_MEAN_MAX_RANK];
  int32_t index[MLONMCU_MEAN_MAX_RANK];
  int64_t offset;
} odometer_t;

static void split_dims(const int32_t* in_dims, int32_t rank, int32_t reduce_mask, odometer_t* kept,
                       odometer_t* reduced) {
  int64_t stride = 1;
  int32_t d;
  int32_t i;
  kept->count = 0;
  reduced->count = 0;
  kept->offset = 0;
  reduced->offset = 0;
  /* collect from the innermost dimension outwards, then reverse to row-major order */
  for (d = rank - 1; d >= 0; --d) {
    odometer_t* o = (reduce_mask & (1 << d)) ? reduced : kept;
    o->dims[o->count] = in_dims[d];
    o->strides[o->count] = stride;
    o->index[o->count] = 0;
    ++o->count;
    stride *= in_dims[d];
  }
  for (i = 0; i < kept->count / 2; ++i) {
    const int32_t j = kept->count - 1 - i;
    const int32_t td = kept->dims[i];
    const int64_t ts = kept->strides[i];
    kept->dims[i] = kept->dims[j];
    kept->strides[i] = kept->strides[j];
    kept->dims[j] = td;
    kept->strides[j] = ts;
  }
  for (i = 0; i < reduced->count / 2; ++i) {
    const int32_t j = reduced->count - 1 - i;
    const int32_t td = reduced->dims[i];
    const int64_t ts = reduced->strides[i];
    reduced->dims[i] = reduced->dims[j];
    reduced->strides[i] = reduced->strides[j];
    reduced->dims[j] = td;
    reduced->strides[j] = ts;
  }
}

/* Advances to the next index; returns 0 after the last one (index back at all zeros). */
static int odometer_next(odometer_t* o) {
  int32_t k;
  for (k = o->count - 1; k >= 0; --k) {
    if (++o->index[k] < o->dims[k]) {
      o->offset += o->strides[k];
      return 1;
    }
    o->index[k] = 0;
    o->offset -= (int64_t)(o->dims[k] - 1) * o->strides[k];
  }
  return 0;
}

static int any_empty(const int32_t* in_dims, int32_t rank) {
  int32_t d;
  for (d = 0; d < rank; ++d) {
    if (in_dims[d] <= 0) return 1;
  }
  return 0;
}

/* The integer kernels (int8, int16): MAX/MIN pick raw values; MEAN and SUM sum in int32 and
 * requantize (the lowering always asks for it, as TFLite-Micro always requantizes; without it a
 * MEAN divides truncating and a SUM saturates). */
#define MLONMCU_MEAN_INT(T, MIN, MAX)                                                                          \
  odometer_t kept;                                                                                             \
  odometer_t reduced;                                                                                          \
  int32_t out_index = 0;                                                                                       \
  if (any_empty(in_dims, rank)) return;                                                                        \
  split_dims(in_dims, rank, params->reduce_mask, &kept, &reduced);                                             \
  do {                                                                                                         \
    int32_t sum = 0;                                                                                           \
    int32_t result;                                                                                            \
    if (params->reducer == MLONMCU_REDUCE_MAX || params->reducer == MLONMCU_REDUCE_MIN) {                      \
      const int max = params->reducer == MLONMCU_REDUCE_MAX;                                                   \
      T best = max ? MIN : MAX;                                                                                \
      do {                                                                                                     \
        const T v = input[kept.offset + reduced.offset];                                                       \
        if (max ? v > best : v < best) best = v;                                                               \
      } while (odometer_next(&reduced));                                                                       \
      output[out_index++] = best;                                                                              \
      continue;                                                                                                \
    }                                                                                                          \
    do {                                                                                                       \
      /* wraps like TFLite's AddTensorValuesWithExpectedOverflow instead of overflowing */                     \
      sum = (int32_t)((uint32_t)sum + (uint32_t)(int32_t)input[kept.offset + reduced.offset]);                 \
    } while (odometer_next(&reduced));                                                                         \
    if (params->requantize) {                                                                                  \
      const int32_t shifted_sum =                                                                              \
          (int32_t)((uint32_t)sum - (uint32_t)params->input_zero_point * (uint32_t)params->num_reduced);       \
      result = mlonmcu_multiply_by_quantized_multiplier(shifted_sum, params->multiplier, params->shift) +      \
               params->output_zero_point;                                                                      \
      result = mlonmcu_clamp_s32(result, MIN, MAX);                                                            \
    } else {                                                                                                   \
      result = params->reducer == MLONMCU_REDUCE_SUM ? mlonmcu_clamp_s32(sum, MIN, MAX) : sum / params->num_reduced; \
    }                                                                                                          \
    output[out_index++] = (T)result;                                                                           \
  } while (odometer_next(&kept));

void mlonmcu_mean_s8(const int8_t* input, const int32_t* in_dims, int32_t rank, int8_t* output,
                     const mlonmcu_mean_params_t* params) {
  MLONMCU_MEAN_INT(int8_t, INT8_MIN, INT8_MAX)
}

void mlonmcu_mean_s16(const int16_t* input, const int32_t* in_dims, int32_t rank, int16_t* output,
                      const mlonmcu_mean_params_t* params) {
  MLONMCU_MEAN_INT(int16_t, INT16_MIN, INT16_MAX)
}

void mlonmcu_mean_f32(const float* input, const int32_t* in_dims, int32_t rank, float* output,
                      const mlonmcu_mean_params_t* params) {
  odometer_t kept;
  odometer_t reduced;
  int32_t out_index = 0;
  if (any_empty(in_dims, rank)) return;
  split_dims(in_dims, rank, params->reduce_mask, &kept, &reduced);
  /* Converted once, outside any condition: gcc 12 turns a conditional int-to-float conversion
   * into an IT-block VCVT that its assembler rejects for Cortex-M55 with MVE. */
  const float count = (float)params->num_reduced;
  do {
    float acc;
    if (params->reducer == MLONMCU_REDUCE_MAX || params->reducer == MLONMCU_REDUCE_MIN) {
      /* TFLite's init value and comparison: a NaN never replaces the running value. */
      const int max = params->reducer == MLONMCU_REDUCE_MAX;
      acc = max ? -FLT_MAX : FLT_MAX;
      do {
        const float v = input[kept.offset + reduced.offset];
        if (max ? v > acc : v < acc) acc = v;
      } while (odometer_next(&reduced));
      output[out_index++] = acc;
      continue;
    }
    acc = 0.0f;
    do {
      acc += input[kept.offset + reduced.offset];
    } while (odometer_next(&reduced));
    output[out_index++] = params->reducer == MLONMCU_REDUCE_SUM ? acc : acc / count;
  } while (odometer_next(&kept));
}
