/* Build-time preparation of the optimized kernels' weights (layouts in packing.h). Runs on the
 * host when a model is lowered, and on targets in the equivalence suite. */
#include "mlonmcu/kernels/packing.h"

#include <string.h>

#include "kernel_util.h"

int32_t mlonmcu_packed_rows(int32_t rows) { return rows <= 0 ? 0 : (rows + 3) & ~3; }

static int32_t padded_depth(int32_t layout, int32_t depth) {
  return layout == MLONMCU_WEIGHTS_S16_PAIRED ? (depth + 1) & ~1 : (depth + 3) & ~3;
}

int32_t mlonmcu_s16_mask_words(int32_t depth) { return depth <= 0 ? 0 : (depth / 4 + 31) / 32; }

int32_t mlonmcu_packed_filter_bytes(int32_t layout, int32_t rows, int32_t depth) {
  int64_t n;
  if (rows < 0 || depth < 0 || depth > (1 << 24)) return 0;
  n = (int64_t)mlonmcu_packed_rows(rows) * padded_depth(layout, depth);
  if (layout == MLONMCU_WEIGHTS_S16_PAIRED)
    n = n * 2 + (int64_t)(mlonmcu_packed_rows(rows) / 4) * mlonmcu_s16_mask_words(depth) * 4;
  else if (layout != MLONMCU_WEIGHTS_S8_BLOCKED)
    return 0;
  return n > INT32_MAX ? 0 : (int32_t)n;
}

int mlonmcu_weights_fit_layout(int32_t layout, int32_t rows, int32_t depth, const int8_t* filter) {
  int64_t i;
  if (mlonmcu_packed_filter_bytes(layout, rows, depth) == 0 && rows > 0 && depth > 0) return 0;
  if (layout != MLONMCU_WEIGHTS_S16_PAIRED) return 1;
  for (i = 0; i < (int64_t)rows * depth; ++i)
    if (filter[i] == -128) return 0;
  return 1;
}

/* Weight k of row r, or 0 beyond the matrix (padding rows and depth). */
static int32_t weight_at(const int8_t* filter, int32_t rows, int32_t depth, int32_t r, int32_t k) {
  return r < rows && k < depth ? filter[(int64_t)r * depth + k] : 0;
}

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
  } else if (layout == MLONMCU_WEIGHTS_S16_PAIRED) {
    const int32_t mask_words = mlonmcu_s16_mask_words(depth);
    int32_t* o = (int32_t*)out;
    for (b = 0; b < blocks; ++b) {
      uint32_t* masks = (uint32_t*)o;
      memset(masks, 0, (size_t)mask_words * 4);
      for (g = 0; g < depth / 4; ++g) {
        int quad = 1;
        for (r = 0; r < 4; ++r) {
          int32_t sum = 0;
          for (k = 4 * g; k < 4 * g + 4; ++k) {
            const int32_t w = weight_at(filter, rows, depth, 4 * b + r, k);
            sum += w < 0 ? -w : w;
          }
          if (sum > MLONMCU_S16_QUAD_BOUND) quad = 0;
        }
        if (quad) masks[g / 32] |= 1u << (g % 32);
      }
      o += mask_words;
      for (k = 0; k < kp; k += 2)
        for (r = 0; r < 4; ++r)
          *o++ = (int32_t)((uint32_t)weight_at(filter, rows, depth, 4 * b + r, k) +
                           ((uint32_t)weight_at(filter, rows, depth, 4 * b + r, k + 1) << 16));
    }
  }
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
