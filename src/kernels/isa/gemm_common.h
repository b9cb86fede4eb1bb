/* Internal to the gemm implementations: requantizing and storing a block of outputs. */
#ifndef MLONMCU_KERNELS_ISA_GEMM_COMMON_H_
#define MLONMCU_KERNELS_ISA_GEMM_COMMON_H_

#include "../gemm.h"
#include "../kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"

/* Requantizes acc[4 * i + j] into out[i][r0 + j] for input rows i < n and the channels r0 + j
 * that exist (j < 4). The form is chosen once per block and each channel's values are loaded
 * once for its n outputs. */
static MLONMCU_NOINLINE void mlonmcu_gemm_store_block(const mlonmcu_gemm_t* g, int32_t r0,
                                                      const uint32_t* acc, int32_t n,
                                                      int8_t* const* out) {
  const int32_t count = g->rows - r0 < 4 ? g->rows - r0 : 4;
  const int32_t lo = g->act_min, hi = g->act_max;
  int32_t i, j;
  if (g->short_requant == 1 || g->short_requant == 2) {
    const int32_t zp_after = g->short_requant == 2 ? g->output_offset : 0;
    for (j = 0; j < count; ++j) {
      const mlonmcu_requant_entry_t q = g->requant[r0 + j];
      for (i = 0; i < n; ++i) {
        int32_t v = mlonmcu_short_requant(&q, (int32_t)acc[4 * i + j]) + zp_after;
        v = v < lo ? lo : v;
        out[i][r0 + j] = (int8_t)(v > hi ? hi : v);
      }
    }
    return;
  }
  for (j = 0; j < count; ++j)
    for (i = 0; i < n; ++i)
      out[i][r0 + j] = mlonmcu_requant_entry_apply(&g->requant[r0 + j], (int32_t)acc[4 * i + j],
                                                   g->short_requant, g->output_offset, lo, hi);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_COMMON_H_ */
