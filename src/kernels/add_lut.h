/* The row loop of the optimized int8 ADD (add_sub_s8.c), shared with the residual-ADD epilogue
 * of the optimized convolution (conv2d_s8.c), so a fused ADD computes exactly what the separate
 * op does. Internal to the kernels. */
#ifndef MLONMCU_KERNELS_ADD_LUT_H_
#define MLONMCU_KERNELS_ADD_LUT_H_

#include <stdint.h>

#include "kernel_util.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/packing.h"
#if MLONMCU_MVE
#include "isa/mve_requant.h"
#endif

typedef struct {
  const mlonmcu_add_s8_params_t* p;
  const int32_t* l1; /* input 1's table entries, indexed by the int8 value */
  const int32_t* l2;
  mlonmcu_requant_entry_t q; /* the output's requantization */
#if MLONMCU_MVE
  mlonmcu_mve_requant_t rq; /* q and the output range in every lane */
  mlonmcu_mve_channels_t ch;
#endif
} mlonmcu_add_lut_t;

/* lut: MLONMCU_ADD_LUT_SIZE entries from mlonmcu_add_sub_s8_lut for the same params. */
void mlonmcu_add_lut_init(mlonmcu_add_lut_t* c, const mlonmcu_add_s8_params_t* p,
                          const int32_t* lut);

/* out[i] = a[i * sa] (+) b[i * sb] for i < n; sa is 0 or 1. */
void mlonmcu_add_lut_row(const mlonmcu_add_lut_t* c, int32_t n, const int8_t* a, int32_t sa,
                         const int8_t* b, int32_t sb, int8_t* out);

#endif /* MLONMCU_KERNELS_ADD_LUT_H_ */
