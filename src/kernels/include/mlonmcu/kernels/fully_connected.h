/* FULLY_CONNECTED kernels, bit-exact with TFLite-Micro's reference kernels.
 * input [batches, accum_depth] (any shape flattened so), filter [output_depth, accum_depth],
 * output [batches, output_depth]. As for the convolutions (conv.h): `..._ref` is the reference
 * maths on the original weights, the optimized kernel takes weights prepared at build time
 * (packing.h). */
#ifndef MLONMCU_KERNELS_FULLY_CONNECTED_H_
#define MLONMCU_KERNELS_FULLY_CONNECTED_H_

#include <stdint.h>

#include "mlonmcu/kernels/packing.h"
#include "mlonmcu/kernels/variant.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t input_offset;  /* -input zero point */
  int32_t filter_offset; /* -filter zero point */
  int32_t output_offset; /* output zero point */
  /* Per-tensor requantization, used when the per-channel arrays are NULL. */
  int32_t output_multiplier;
  int32_t output_shift;
  int32_t act_min;
  int32_t act_max;
  /* Optimized kernel only (the reference one ignores them): */
  int32_t weight_layout; /* mlonmcu_weight_layout_t of the packed filter */
  int32_t short_requant; /* mlonmcu_short_requant_form of the units */
  int32_t accum_depth;   /* the packed filter's shape (the kernel call passes them) */
  int32_t output_depth;
} mlonmcu_fully_connected_s8_params_t;

typedef struct {
  float act_min;
  float act_max;
} mlonmcu_fully_connected_f32_params_t;

/* bias: int32 per output unit or NULL; channel_multiplier/channel_shift: one per output unit
 * (per-channel quantized filter) or both NULL. */
void mlonmcu_fully_connected_s8_ref(const mlonmcu_fully_connected_s8_params_t* p,
                                    int32_t batches, int32_t accum_depth, int32_t output_depth,
                                    const int8_t* input, const int8_t* filter,
                                    const int32_t* bias, int8_t* output,
                                    const int32_t* channel_multiplier,
                                    const int32_t* channel_shift);

/* Optimized FULLY_CONNECTED for symmetric filters (filter_offset 0) and accum_depth at most
 * MLONMCU_FC_MAX_DEPTH: `packed_filter` from mlonmcu_pack_filter_s8 (layout p->weight_layout,
 * rows = output_depth), `folded_bias` from mlonmcu_fold_bias_s8, `requant` from
 * mlonmcu_requant_table (per-tensor quantization repeated per unit). */
#define MLONMCU_FC_MAX_DEPTH 4096
void mlonmcu_fully_connected_s8(const mlonmcu_fully_connected_s8_params_t* p, int32_t batches,
                                int32_t accum_depth, int32_t output_depth, const int8_t* input,
                                const void* packed_filter, const int32_t* folded_bias,
                                int8_t* output, const mlonmcu_requant_entry_t* requant);
/* The same with the inner loop of the layer's variant (variant.h, as mlonmcu_conv2d_s8_with). */
int mlonmcu_fully_connected_s8_variant(const mlonmcu_fully_connected_s8_params_t* p);
void mlonmcu_fully_connected_s8_with(mlonmcu_gemm_fn_t gemm,
                                     const mlonmcu_fully_connected_s8_params_t* p,
                                     int32_t batches, int32_t accum_depth, int32_t output_depth,
                                     const int8_t* input, const void* packed_filter,
                                     const int32_t* folded_bias, int8_t* output,
                                     const mlonmcu_requant_entry_t* requant);

void mlonmcu_fully_connected_f32(const mlonmcu_fully_connected_f32_params_t* p, int32_t batches,
                                 int32_t accum_depth, int32_t output_depth, const float* input,
                                 const float* filter, const float* bias, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_FULLY_CONNECTED_H_ */
