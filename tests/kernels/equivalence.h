/* Randomized equivalence suite of the optimized int8 kernels against the reference kernels, in
 * C99 so the same cases run on the host (test_kernels) and, compiled for each core, under QEMU
 * (tests/targets/kernel_equivalence_test.cc, bench/bench_equivalence). Shapes, strides,
 * padding, dilation, depth multipliers, per-channel quantization with extreme multipliers,
 * shifts, offsets and biases, activation ranges and int8 extremes are drawn from one seed; every
 * weight layout the weights fit is tried. No allocation: fixed static buffers. */
#ifndef MLONMCU_TESTS_KERNELS_EQUIVALENCE_H_
#define MLONMCU_TESTS_KERNELS_EQUIVALENCE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t cases;      /* cases run (of all kernels together) */
  int32_t variants;   /* optimized-kernel runs compared with the reference */
  int32_t mismatches; /* variants whose output differed */
} mlonmcu_equivalence_result_t;

/* `cases` cases per kernel from `seed`; `report` (may be NULL) gets one line per mismatch. */
mlonmcu_equivalence_result_t mlonmcu_equivalence_run(uint32_t seed, int32_t cases,
                                                     void (*report)(const char* line));

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_TESTS_KERNELS_EQUIVALENCE_H_ */
