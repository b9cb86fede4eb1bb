/* Internal to the gemm implementations: requantizing and storing a block of outputs. */
#ifndef MLONMCU_KERNELS_ISA_GEMM_COMMON_H_
#define MLONMCU_KERNELS_ISA_GEMM_COMMON_H_

#include "../gemm.h"
#include "../kernel_util.h"
#include "mlonmcu/kernels/channel_requant.h"

/* Stores acc[j] as output row r0 + j (j < 4, only rows that exist) of input row `out`. */
static inline void mlonmcu_gemm_store4(const mlonmcu_gemm_t* g, int32_t r0, const uint32_t* acc,
                                       int8_t* out) {
  const int32_t n = g->rows - r0 < 4 ? g->rows - r0 : 4;
  int32_t j;
  for (j = 0; j < n; ++j)
    out[r0 + j] = mlonmcu_requant_entry_apply(&g->requant[r0 + j], (int32_t)acc[j],
                                              g->short_requant, g->output_offset, g->act_min,
                                              g->act_max);
}

#endif /* MLONMCU_KERNELS_ISA_GEMM_COMMON_H_ */
