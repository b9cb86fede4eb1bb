/* The int8 matrix product of the optimized CONV_2D and FULLY_CONNECTED kernels (gemm.h):
 * dispatch on the weights' layout to the inner loops compiled for this core. */
#include "gemm.h"

#include "isa/gemm_s16_paired.h"
#include "isa/gemm_s8_blocked.h"

void mlonmcu_gemm_s8(const mlonmcu_gemm_t* g, const int8_t* const* x, int32_t n,
                     int8_t* const* out) {
  if (n <= 0 || g->rows <= 0) return;
  if (MLONMCU_LAYOUT_IS_S16(g->layout))
    mlonmcu_gemm_s16_paired(g, x, n, out);
  else
    mlonmcu_gemm_s8_blocked(g, x, n, out);
}
