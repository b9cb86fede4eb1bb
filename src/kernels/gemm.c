/* The int8 matrix product of the optimized CONV_2D and FULLY_CONNECTED kernels (gemm.h), one
 * entry point per variant (mlonmcu/kernels/variant.h): each core's inner loops in isa/ take the
 * variant as a constant, so an entry point references only the loops of its variant. */
#include "gemm.h"

#include "isa/gemm_s16_paired.h"
#include "isa/gemm_s8_blocked.h"

#define MLONMCU_GEMM_BLOCKED(variant) \
  if (n > 0 && g->rows > 0) mlonmcu_gemm_s8_blocked(g, x, n, out, variant)

void mlonmcu_gemm_s8_general(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                             int8_t* const* out) {
  MLONMCU_GEMM_BLOCKED(MLONMCU_VARIANT_GENERAL);
}
void mlonmcu_gemm_s8_short(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                           int8_t* const* out) {
  MLONMCU_GEMM_BLOCKED(MLONMCU_VARIANT_SHORT);
}
void mlonmcu_gemm_s8_short2(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                            int8_t* const* out) {
  MLONMCU_GEMM_BLOCKED(MLONMCU_VARIANT_SHORT2);
}
void mlonmcu_gemm_s8_short_clamp(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                 int8_t* const* out) {
  MLONMCU_GEMM_BLOCKED(MLONMCU_VARIANT_SHORT_CLAMP);
}
void mlonmcu_gemm_s8_long(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                          int8_t* const* out) {
  MLONMCU_GEMM_BLOCKED(MLONMCU_VARIANT_LONG);
}
void mlonmcu_gemm_s8_long_clamp(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                int8_t* const* out) {
  MLONMCU_GEMM_BLOCKED(MLONMCU_VARIANT_LONG_CLAMP);
}
void mlonmcu_gemm_s8_paired(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                            int8_t* const* out) {
  if (n > 0 && g->rows > 0) mlonmcu_gemm_s16_paired(g, x, n, out);
}

int mlonmcu_gemm_window_offsets(const mlonmcu_gemm_t* g, int32_t k_w, int32_t in_c,
                                int32_t tap_stride, int32_t row_stride, uint16_t* out) {
  const int32_t depth = g->depth, row_len = k_w * in_c;
  /* S16_PERMUTED: the permutation of the whole groups after the blocks (packing.h). */
  const int32_t n = g->layout == MLONMCU_WEIGHTS_S16_PERMUTED ? 4 * (depth >> 2) : 0;
  const uint16_t* perm = (const uint16_t*)((const int32_t*)g->weights +
                                           mlonmcu_packed_rows(g->rows) / 4 *
                                               (mlonmcu_s16_mask_words(depth) + 2 * ((depth + 1) & ~1)));
  int32_t i;
  if (depth <= 0 || row_len <= 0 ||
      (int64_t)(depth / row_len - 1) * row_stride + (int64_t)(k_w - 1) * tap_stride + in_c > 65536)
    return 0;
  for (i = 0; i < depth; ++i) {
    const int32_t k = i < n ? perm[i] : i, tap = k % row_len;
    out[i] = (uint16_t)(k / row_len * row_stride + tap / in_c * tap_stride + tap % in_c);
  }
  return 1;
}

mlonmcu_gemm_fn_t mlonmcu_gemm_s8_for(int variant) {
  switch (variant) {
    case MLONMCU_VARIANT_SHORT: return mlonmcu_gemm_s8_short;
    case MLONMCU_VARIANT_SHORT2: return mlonmcu_gemm_s8_short2;
    case MLONMCU_VARIANT_SHORT_CLAMP: return mlonmcu_gemm_s8_short_clamp;
    case MLONMCU_VARIANT_LONG: return mlonmcu_gemm_s8_long;
    case MLONMCU_VARIANT_LONG_CLAMP: return mlonmcu_gemm_s8_long_clamp;
    case MLONMCU_VARIANT_PAIRED: return mlonmcu_gemm_s8_paired;
    default: return mlonmcu_gemm_s8_general;
  }
}
