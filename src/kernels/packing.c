/* Build-time preparation of the optimized kernels' weights (layouts in packing.h). Runs on the
 * host when a model is lowered, and on targets in the equivalence suite. */
#include "mlonmcu/kernels/packing.h"

#include <string.h>

#include "kernel_util.h"

int32_t mlonmcu_packed_rows(int32_t rows) { return rows <= 0 ? 0 : (rows + 3) & ~3; }

static int32_t padded_depth(int32_t layout, int32_t depth) {
  return MLONMCU_LAYOUT_IS_S16(layout) ? (depth + 1) & ~1 : (depth + 3) & ~3;
}

/* S16_PERMUTED: bytes of the uint16 permutation of the whole groups (whole words). */
static int32_t perm_bytes(int32_t depth) { return (depth / 4) * 8; }

int32_t mlonmcu_s16_mask_words(int32_t depth) { return depth <= 0 ? 0 : (depth / 4 + 31) / 32; }

int32_t mlonmcu_packed_filter_bytes(int32_t layout, int32_t rows, int32_t depth) {
  int64_t n;
  if (rows < 0 || depth < 0 || depth > (1 << 24)) return 0;
  n = (int64_t)mlonmcu_packed_rows(rows) * padded_depth(layout, depth);
  if (MLONMCU_LAYOUT_IS_S16(layout))
    n = n * 2 + (int64_t)(mlonmcu_packed_rows(rows) / 4) * mlonmcu_s16_mask_words(depth) * 4 +
        (layout == MLONMCU_WEIGHTS_S16_PERMUTED ? perm_bytes(depth) : 0);
  else if (layout != MLONMCU_WEIGHTS_S8_BLOCKED)
    return 0;
  return n > INT32_MAX ? 0 : (int32_t)n;
}

int mlonmcu_weights_fit_layout(int32_t layout, int32_t rows, int32_t depth, const int8_t* filter) {
  int64_t i;
  if (mlonmcu_packed_filter_bytes(layout, rows, depth) == 0 && rows > 0 && depth > 0) return 0;
  if (!MLONMCU_LAYOUT_IS_S16(layout)) return 1;
  if (layout == MLONMCU_WEIGHTS_S16_PERMUTED && depth > 65535) return 0;
  for (i = 0; i < (int64_t)rows * depth; ++i)
    if (filter[i] == -128) return 0;
  return 1;
}

/* Weight k of row r, or 0 beyond the matrix (padding rows and depth). */
static int32_t weight_at(const int8_t* filter, int32_t rows, int32_t depth, int32_t r, int32_t k) {
  return r < rows && k < depth ? filter[(int64_t)r * depth + k] : 0;
}

/* 1 when block b's rows have 4 weights at depth positions k[0..3] whose absolute values sum to
 * at most MLONMCU_S16_QUAD_BOUND (a quad group). */
static int group_is_quad(const int8_t* filter, int32_t rows, int32_t depth, int32_t b,
                         const uint16_t* k) {
  int32_t r, i;
  for (r = 0; r < 4; ++r) {
    int32_t sum = 0;
    for (i = 0; i < 4; ++i) {
      const int32_t w = weight_at(filter, rows, depth, 4 * b + r, k[i]);
      sum += w < 0 ? -w : w;
    }
    if (sum > MLONMCU_S16_QUAD_BOUND) return 0;
  }
  return 1;
}

static int32_t group_quads(const int8_t* filter, int32_t rows, int32_t depth, const uint16_t* k) {
  const int32_t blocks = mlonmcu_packed_rows(rows) / 4;
  int32_t b, n = 0;
  for (b = 0; b < blocks; ++b) n += group_is_quad(filter, rows, depth, b, k);
  return n;
}

/* A depth order with many quad groups over all blocks: a local search that swaps two positions
 * of different groups (drawn by a fixed LCG, so a build is reproducible) and keeps the swap
 * unless the two groups lose quads. On aww's 64x64 pointwise layers it finds 230-247 quads of
 * 256 where the model's order has 172-198. */
static void choose_permutation(int32_t rows, int32_t depth, const int8_t* filter, uint16_t* perm) {
  const int32_t n = 4 * (depth / 4);
  const int32_t iterations = 16 * n < 8192 ? 16 * n : 8192;
  uint32_t seed = 12345u;
  int32_t it, i;
  for (i = 0; i < n; ++i) perm[i] = (uint16_t)i;
  for (it = 0; n >= 8 && it < iterations; ++it) {
    int32_t a, b, before;
    uint16_t t;
    seed = seed * 1103515245u + 12345u, a = (int32_t)((seed >> 8) % (uint32_t)n);
    seed = seed * 1103515245u + 12345u, b = (int32_t)((seed >> 8) % (uint32_t)n);
    if (a / 4 == b / 4) continue;
    before = group_quads(filter, rows, depth, perm + a / 4 * 4) +
             group_quads(filter, rows, depth, perm + b / 4 * 4);
    t = perm[a], perm[a] = perm[b], perm[b] = t;
    if (group_quads(filter, rows, depth, perm + a / 4 * 4) +
            group_quads(filter, rows, depth, perm + b / 4 * 4) <
        before)
      t = perm[a], perm[a] = perm[b], perm[b] = t;
  }
}

/* Depth position k of the packed order: the permuted one within the whole groups. */
static int32_t source_k(const uint16_t* perm, int32_t n, int32_t k) { return k < n ? perm[k] : k; }

void mlonmcu_pack_filter_s8(int32_t layout, int32_t rows, int32_t depth, const int8_t* filter,
                            void* out) {
  const int32_t blocks = mlonmcu_packed_rows(rows) / 4, kp = padded_depth(layout, depth);
  int32_t b, g, r, k;
  if (layout == MLONMCU_WEIGHTS_S8_BLOCKED) {
    int8_t* o = (int8_t*)out;
    for (b = 0; b < blocks; ++b)
      for (g = 0; g < kp; g += 16) {
        const int32_t len = kp - g < 16 ? kp - g : 16;
        for (r = 0; r < 4; ++r)
          for (k = 0; k < len; ++k)
            *o++ = (int8_t)weight_at(filter, rows, depth, 4 * b + r, g + k);
      }
  } else if (MLONMCU_LAYOUT_IS_S16(layout)) {
    const int32_t mask_words = mlonmcu_s16_mask_words(depth);
    const int32_t n = layout == MLONMCU_WEIGHTS_S16_PERMUTED ? 4 * (depth / 4) : 0;
    int32_t* o = (int32_t*)out;
    uint16_t* perm = (uint16_t*)((int32_t*)out + blocks * (mask_words + 2 * kp));
    if (n > 0) choose_permutation(rows, depth, filter, perm);
    for (b = 0; b < blocks; ++b) {
      uint32_t* masks = (uint32_t*)o;
      memset(masks, 0, (size_t)mask_words * 4);
      for (g = 0; g < depth / 4; ++g) {
        uint16_t ks[4];
        for (k = 0; k < 4; ++k) ks[k] = (uint16_t)source_k(perm, n, 4 * g + k);
        if (group_is_quad(filter, rows, depth, b, ks)) masks[g / 32] |= 1u << (g % 32);
      }
      o += mask_words;
      for (k = 0; k < kp; k += 2)
        for (r = 0; r < 4; ++r)
          *o++ = (int32_t)((uint32_t)weight_at(filter, rows, depth, 4 * b + r, source_k(perm, n, k)) +
                           ((uint32_t)weight_at(filter, rows, depth, 4 * b + r,
                                                source_k(perm, n, k + 1))
                            << 16));
    }
  }
}

int32_t mlonmcu_s16_quad_groups(int32_t layout, int32_t rows, int32_t depth, const void* packed) {
  const int32_t blocks = mlonmcu_packed_rows(rows) / 4, mask_words = mlonmcu_s16_mask_words(depth);
  const uint32_t* w = (const uint32_t*)packed;
  int32_t b, m, n = 0;
  if (!MLONMCU_LAYOUT_IS_S16(layout)) return 0;
  for (b = 0; b < blocks; ++b, w += mask_words + 2 * padded_depth(layout, depth))
    for (m = 0; m < mask_words; ++m)
      for (uint32_t bits = w[m]; bits; bits &= bits - 1u) ++n;
  return n;
}

void mlonmcu_fold_bias_s8(int32_t rows, int32_t depth, const int8_t* filter, const int32_t* bias,
                          int32_t input_offset, int32_t* out) {
  const int32_t padded = mlonmcu_packed_rows(rows);
  int32_t r, k;
  for (r = 0; r < padded; ++r) {
    uint32_t sum = 0;
    if (r >= rows) {
      out[r] = 0;
      continue;
    }
    for (k = 0; k < depth; ++k) sum += (uint32_t)(int32_t)filter[(int64_t)r * depth + k];
    out[r] = (int32_t)((bias ? (uint32_t)bias[r] : 0u) + (uint32_t)input_offset * sum);
  }
}

int mlonmcu_short_requant_form(int32_t rows, int32_t depth, const int8_t* filter,
                               int32_t row_step, int32_t k_step, const int32_t* folded_bias,
                               const int32_t* multiplier, const int32_t* shift) {
  int form = 1, bounded = 1;
  int32_t r, k;
  for (r = 0; r < rows; ++r) {
    int64_t bound;
    /* A zero multiplier makes the output the zero point whatever the accumulator (trained
     * models have such dead channels, often with huge biases). */
    if (multiplier[r] == 0) continue;
    if (multiplier[r] < 0 || shift[r] > -1 || shift[r] < -31) return 0;
    if (shift[r] < -20) form = 2;
    /* |acc| <= |folded bias| + 128 * sum |w|: inputs are int8. */
    bound = folded_bias[r] < 0 ? -(int64_t)folded_bias[r] : folded_bias[r];
    for (k = 0; k < depth; ++k) {
      const int32_t w = filter[(int64_t)r * row_step + (int64_t)k * k_step];
      bound += 128 * (int64_t)(w < 0 ? -w : w);
    }
    if (bound >= ((int64_t)1 << 30)) bounded = 0;
  }
  return bounded ? form : 3;
}

void mlonmcu_requant_table(int32_t rows, const int32_t* multiplier, const int32_t* shift,
                           int32_t output_offset, int32_t form, mlonmcu_requant_entry_t* out) {
  int32_t r;
  for (r = 0; r < rows; ++r) {
    const int32_t rs = multiplier[r] == 0 ? 1 : (shift[r] < 0 ? -shift[r] : 0);
    out[r].multiplier = multiplier[r];
    out[r].shift = shift[r];
    out[r].rs = rs;
    /* Only meaningful for the short forms' rs; the shifts wrap instead of being undefined
     * otherwise. */
    out[r].round = (int32_t)(((uint32_t)1 << ((rs - 1) & 31)) +
                             (form == 1 ? (uint32_t)output_offset << (rs & 31) : 0u));
  }
}
