/* Internal to the optimized DEPTHWISE_CONV_2D: one output row computed from a band of input
 * rows copied with their padding (every window lies inside the band, so every output takes the
 * same loop). The ISA-specific row kernels in isa/ implement it as dw_row_isa, with the layer's
 * variant (mlonmcu/kernels/variant.h) a constant; dw_row.c exports it per variant as
 * mlonmcu_dw_row_<variant>. */
#ifndef MLONMCU_KERNELS_DW_ROW_H_
#define MLONMCU_KERNELS_DW_ROW_H_

#include <stdint.h>

#include "mlonmcu/kernels/packing.h"
#include "mlonmcu/kernels/variant.h"

typedef struct mlonmcu_dw_row {
  int32_t channels;   /* input = output channels (depth multiplier 1) */
  int32_t k_h, k_w;
  int32_t dil_w;      /* columns between taps */
  int32_t stride_w;   /* columns between outputs */
  int32_t band_row;   /* bytes between window rows in the band (it holds the k_h rows in use) */
  int32_t out_w;
  const int8_t* filter;        /* [k_h * k_w][channels] */
  const int32_t* bias;         /* folded */
  const mlonmcu_requant_entry_t* requant;
  int32_t short_requant;
  int32_t output_offset, act_min, act_max;
} mlonmcu_dw_row_t;

/* Each mlonmcu_dw_row_<variant> computes out[ox * channels + c] for ox < out_w: window of output
 * ox starts at band + ox * stride_w * channels; tap (ky, kx) at + ky * band_row + kx * dil_w *
 * channels. */

#endif /* MLONMCU_KERNELS_DW_ROW_H_ */
