/* Weights of the optimized CONV_2D and FULLY_CONNECTED kernels, prepared at build time.
 *
 * Both ops are a matrix product: each output channel (a "row") is a dot product of its
 * `depth` weights ([kh, kw, in_c] for conv, the input row for FC) with an input row. The
 * optimized kernels read the weights of 4 rows at once, in the order their inner loops consume
 * them, so the weights are re-laid out when the model is built (src/ops calls these functions;
 * the kernels' tests and the on-target equivalence suite call them too):
 *
 * - MLONMCU_WEIGHTS_S8_BLOCKED: int8. Rows in blocks of 4 (the last block padded with zero
 *   rows); depth rounded up to a multiple of 4 with zero weights; within a block the depth runs
 *   in groups of 16 (the last group 4, 8, 12 or 16 long) and each group holds the 4 rows' runs
 *   one after the other: [r0: 16][r1: 16][r2: 16][r3: 16][r0: next 16]... A Helium vector
 *   load takes one row's 16 weights, a DSP word load 4 of them, with fixed offsets.
 * - MLONMCU_WEIGHTS_S16_PAIRED: int32 words, each holding the weights k = 2j and 2j + 1 of a
 *   row as the integer w[2j] + 65536 * w[2j + 1]; rows in blocks of 4, depth rounded up to
 *   even; words ordered [j][row within block]. For cores without SIMD (RISC-V rv32imc): one
 *   32-bit multiply of such a word by the input pair x[2j + 1] + 65536 * x[2j] leaves the two
 *   products' sum in the upper half (see kernels/isa/gemm_s16_paired.h). Only for weights in
 *   [-127, 127], which keeps the sum from overflowing (mlonmcu_weights_fit_layout). Each block
 *   starts with mlonmcu_s16_mask_words(depth) words of quad bits: bit g (word g / 32, bit
 *   g % 32) is set when the block's 4 weights k = 4g ... 4g + 3 of every row have absolute
 *   values summing to at most 255, so two pair products may be summed before the shift
 *   (MLONMCU_S16_QUAD_BOUND).
 * - MLONMCU_WEIGHTS_S16_PERMUTED: S16_PAIRED with the depth reordered so that more groups of 4
 *   are quads: the whole groups' depth positions k < 4 * (depth / 4) are permuted (the same
 *   order for every block, since the input row is paired once for all of them), the tail
 *   stays. After the blocks, uint16 perm[4 * (depth / 4)]: position i of the packed order
 *   holds input value perm[i]. The kernels read input rows in that order as one contiguous
 *   run (1x1 convolution, FULLY_CONNECTED, im2col rows) or, for other windows, through a
 *   table of offsets (gemm.h). On rv32imc a quad step takes ~91 instructions for 48
 *   multiply-adds, a pair step ~119.
 *
 * The folded bias adds input_offset * (sum of the row's weights) to the bias: the kernels then
 * multiply raw int8 inputs, exact because padded taps read the input zero point. */
#ifndef MLONMCU_KERNELS_PACKING_H_
#define MLONMCU_KERNELS_PACKING_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  MLONMCU_WEIGHTS_S8_BLOCKED = 1,
  MLONMCU_WEIGHTS_S16_PAIRED = 2,
  MLONMCU_WEIGHTS_S16_PERMUTED = 3
} mlonmcu_weight_layout_t;

/* Either S16 layout (they share the blocks and the inner loops). */
#define MLONMCU_LAYOUT_IS_S16(layout) \
  ((layout) == MLONMCU_WEIGHTS_S16_PAIRED || (layout) == MLONMCU_WEIGHTS_S16_PERMUTED)

/* Rows padded to whole blocks of 4. */
int32_t mlonmcu_packed_rows(int32_t rows);
/* S16_PAIRED: quad bits per block (one per 4 weights of depth, 32 per word). */
#define MLONMCU_S16_QUAD_BOUND 255
int32_t mlonmcu_s16_mask_words(int32_t depth);
/* Bytes of the packed weights; 0 for an unknown layout or negative sizes. */
int32_t mlonmcu_packed_filter_bytes(int32_t layout, int32_t rows, int32_t depth);
/* 1 when the layout can represent these weights exactly (S16 needs every weight > -128, the
 * permuted one also a depth below 65536). */
int mlonmcu_weights_fit_layout(int32_t layout, int32_t rows, int32_t depth, const int8_t* filter);
/* filter: rows x depth int8, row-major (a conv filter [out_c, kh, kw, in_c] is that with
 * depth = kh * kw * in_c). out: mlonmcu_packed_filter_bytes bytes, 4-byte aligned. */
void mlonmcu_pack_filter_s8(int32_t layout, int32_t rows, int32_t depth, const int8_t* filter,
                            void* out);
/* Quad groups over all blocks of weights packed in an S16 layout (0 for the others). */
int32_t mlonmcu_s16_quad_groups(int32_t layout, int32_t rows, int32_t depth, const void* packed);
/* out[r] = bias[r] + input_offset * sum_k filter[r][k] (wrapping int32; bias may be NULL) for
 * the mlonmcu_packed_rows(rows) rows, padding rows 0. */
void mlonmcu_fold_bias_s8(int32_t rows, int32_t depth, const int8_t* filter, const int32_t* bias,
                          int32_t input_offset, int32_t* out);

/* Per output channel, what the optimized kernels' requantization reads (one 16-byte entry, so a
 * channel's values load together): TFLite's multiplier and shift, and for the short forms
 * (channel_requant.h) rs = -shift (1 for a zero multiplier, whose output is the zero point
 * whatever the shift) and round = 2^(rs-1), plus output_offset * 2^rs in form 1. */
typedef struct {
  int32_t multiplier;
  int32_t shift;
  int32_t round;
  int32_t rs;
} mlonmcu_requant_entry_t;

/* out[r] for r < rows from per-channel multipliers and shifts, for the layer's requantization
 * form (mlonmcu_short_requant_form). */
void mlonmcu_requant_table(int32_t rows, const int32_t* multiplier, const int32_t* shift,
                           int32_t output_offset, int32_t form, mlonmcu_requant_entry_t* out);

/* Which requantization the kernels may use for these rows (channel_requant.h), when every row's
 * multiplier is >= 0 with a right shift (or is 0): 1 when also every shift is in [-20, -1] and
 * every accumulator (folded bias + any int8 inputs) stays below 2^30 in magnitude; 2 (zero
 * point added after the shift) for shifts down to -31 and such accumulators; 3 for larger
 * accumulators (only Helium's vector form takes them; scalar code uses the general form).
 * Otherwise 0, the general form. Weight k of row r is filter[r * row_step + k * k_step]. The
 * lowering stores it as the op's short_requant. */
int mlonmcu_short_requant_form(int32_t rows, int32_t depth, const int8_t* filter,
                               int32_t row_step, int32_t k_step, const int32_t* folded_bias,
                               const int32_t* multiplier, const int32_t* shift);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_PACKING_H_ */
