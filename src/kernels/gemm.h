/* Internal to the optimized CONV_2D and FULLY_CONNECTED kernels: the int8 matrix product with
 * requantization that both reduce to. Each output pixel (conv) or batch row (FC) is an input
 * row of `depth` int8 values; each output channel a row of packed weights (packing.h). The
 * callers gather input rows (im2col where a window is not contiguous) and call
 * mlonmcu_gemm_s8 with up to MLONMCU_GEMM_PIXELS rows at a time; the ISA-specific code in
 * isa/ (chosen when the library is compiled) widens or pairs the rows as its inner loop needs. */
#ifndef MLONMCU_KERNELS_GEMM_H_
#define MLONMCU_KERNELS_GEMM_H_

#include <stdint.h>

#include "mlonmcu/kernels/packing.h"
#include "mlonmcu/kernels/variant.h"

typedef struct mlonmcu_gemm {
  int32_t layout;          /* mlonmcu_weight_layout_t */
  int32_t rows;            /* output channels */
  int32_t depth;           /* values per input row */
  /* An input row is `segs` runs of seg_len contiguous values, seg_stride bytes apart (a window
   * read in place; depth = segs * seg_len); contiguous rows have segs = 1, seg_len = depth. */
  int32_t segs;
  int32_t seg_len;
  int32_t seg_stride;
  /* S16 layouts (or NULL): value i of the packed order (packing.h) is x[offsets[i]], i < depth;
   * a window read in place through it, whatever its rows, padding-free taps and permutation. */
  const uint16_t* offsets;
  const void* weights;     /* packed */
  const int32_t* bias;     /* folded, mlonmcu_packed_rows(rows) entries */
  const mlonmcu_requant_entry_t* requant; /* per row */
  int32_t output_offset;
  int32_t act_min;
  int32_t act_max;
  int32_t short_requant;   /* mlonmcu_short_requant_form */
} mlonmcu_gemm_t;

/* Input rows per call that the compiled inner loops handle best (fewer are fine). */
#if defined(__riscv)
#define MLONMCU_GEMM_PIXELS 6
#elif defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#define MLONMCU_GEMM_PIXELS 8
#else
#define MLONMCU_GEMM_PIXELS 2
#endif

/* Runs of a segmented row must be a multiple of this many values for the given layout (the
 * inner loops read that many at a time). */
#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#define MLONMCU_GEMM_S8_SEGMENT_ALIGN 16
#elif defined(__ARM_FEATURE_DSP)
#define MLONMCU_GEMM_S8_SEGMENT_ALIGN 4
#else
#define MLONMCU_GEMM_S8_SEGMENT_ALIGN 1
#endif
#define MLONMCU_GEMM_SEGMENT_ALIGN(layout) \
  (MLONMCU_LAYOUT_IS_S16(layout) ? 2 : MLONMCU_GEMM_S8_SEGMENT_ALIGN)

/* g->offsets for windows of rows of k_w taps of in_c values (taps tap_stride, rows row_stride
 * bytes apart) and g's S16 layout, into out[g->depth]; 0 (nothing written) where an offset
 * would not fit 16 bits. */
int mlonmcu_gemm_window_offsets(const mlonmcu_gemm_t* g, int32_t k_w, int32_t in_c,
                                int32_t tap_stride, int32_t row_stride, uint16_t* out);

/* The matrix product is one of mlonmcu_gemm_s8_<variant> (mlonmcu/kernels/variant.h), each
 * out[i][r] = requantized(bias[r] + sum_k w[r][k] * x[i][k]) for i < n <= MLONMCU_GEMM_PIXELS,
 * r < rows, for layers of its variant. x[i] points at the first run of input row i, out[i] at
 * `rows` outputs. */

#endif /* MLONMCU_KERNELS_GEMM_H_ */
