/* Internal: the S8_BLOCKED matrix product in plain C (host, Cortex-M0/M3, and RISC-V models
 * whose weights do not fit S16_PAIRED): 2 input rows x 4 output rows per pass. */
#ifndef MLONMCU_KERNELS_ISA_GEMM_S8_PORTABLE_H_
#define MLONMCU_KERNELS_ISA_GEMM_S8_PORTABLE_H_

#include <string.h>

#include "gemm_common.h"

static void mlonmcu_gemm_s8_rows(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                                 int8_t* const* out) {
  const int32_t depth = g->depth, kp = (depth + 3) & ~3;
  const int8_t* w = (const int8_t*)g->weights;
  int32_t rb, i, j, k0, k;
  for (rb = 0; rb < g->rows; rb += 4, w += 4 * kp) {
    for (i = 0; i < n; i += 2) {
      const int8_t* xa = x[i];
      const int8_t* xb = x[i + 1 < n ? i + 1 : i];
      const int8_t* wg = w;
      uint32_t acc[8];
      for (j = 0; j < 4; ++j) acc[j] = acc[4 + j] = (uint32_t)g->bias[rb + j];
      for (k0 = 0; k0 < kp; k0 += 16) {
        const int32_t len = kp - k0 < 16 ? kp - k0 : 16;
        const int32_t valid = depth - k0 < len ? depth - k0 : len; /* x holds depth values */
        for (j = 0; j < 4; ++j) {
          const int8_t* wr = wg + j * len;
          uint32_t a = acc[j], b = acc[4 + j];
          for (k = 0; k < valid; ++k) {
            a += (uint32_t)((int32_t)wr[k] * xa[k0 + k]);
            b += (uint32_t)((int32_t)wr[k] * xb[k0 + k]);
          }
          acc[j] = a, acc[4 + j] = b;
        }
        wg += 4 * len;
      }
      mlonmcu_gemm_store_block(g, rb, acc, i + 1 < n ? 2 : 1, out + i);
    }
  }
}

/* Segmented rows are copied together first (this path is for cores where speed matters less). */
static MLONMCU_NOINLINE void mlonmcu_gemm_s8_portable(const mlonmcu_gemm_t* g,
                                                      const int8_t* const* x, int32_t n,
                                                      int8_t* const* out) {
  const int32_t segs = g->segs;
  int8_t flat[segs > 1 ? MLONMCU_GEMM_PIXELS * g->depth : 1];
  const int8_t* rows[MLONMCU_GEMM_PIXELS];
  int32_t i, s;
  if (segs <= 1) {
    mlonmcu_gemm_s8_rows(g, x, n, out);
    return;
  }
  for (i = 0; i < n; ++i) {
    for (s = 0; s < segs; ++s)
      memcpy(flat + i * g->depth + s * g->seg_len, x[i] + s * g->seg_stride, (size_t)g->seg_len);
    rows[i] = flat + i * g->depth;
  }
  mlonmcu_gemm_s8_rows(g, rows, n, out);
}

/* One loop for every variant: the store tests the requantization form per block. */
static MLONMCU_ALWAYS_INLINE void mlonmcu_gemm_s8_blocked(const mlonmcu_gemm_t* g,
                                                          const int8_t* const* x, int32_t n,
                                                          int8_t* const* out, int variant) {
  (void)variant;
  mlonmcu_gemm_s8_portable(g, x, n, out);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_PORTABLE_H_ */
