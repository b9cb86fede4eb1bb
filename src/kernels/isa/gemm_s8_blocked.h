/* Internal: the S8_BLOCKED matrix product for the core being compiled for. Each variant defines
 * mlonmcu_gemm_s8_blocked with the contract of mlonmcu_gemm_s8 (gemm.h). */
#ifndef MLONMCU_KERNELS_ISA_GEMM_S8_BLOCKED_H_
#define MLONMCU_KERNELS_ISA_GEMM_S8_BLOCKED_H_

#include "../kernel_util.h"

#if MLONMCU_MVE
#include "gemm_s8_mve.h"
#elif MLONMCU_DSP
#include "gemm_s8_dsp.h"
#else
#include "gemm_s8_portable.h"
#endif

#endif /* MLONMCU_KERNELS_ISA_GEMM_S8_BLOCKED_H_ */
