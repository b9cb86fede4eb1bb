/* TFLite-Micro behind the harness's model API (platform/mlif/mlif_model.h): what tflm_model.cc
 * offers besides that API, for the arena probe (tflm_probe.cc). */
#ifndef MLONMCU_TFLM_MODEL_H_
#define MLONMCU_TFLM_MODEL_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Builds the interpreter for the model over the arena (16-byte aligned) and allocates its
 * tensors; 0 on success, 1 for a model of another schema version, 2 when an op cannot be
 * registered, 3 when AllocateTensors fails (the arena is too small). May be called again. */
int mlonmcu_tflm_setup(uint8_t* arena, size_t arena_size);

/* TFLM's arena_used_bytes() after a successful setup. */
size_t mlonmcu_tflm_arena_used(void);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_TFLM_MODEL_H_ */
