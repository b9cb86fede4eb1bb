/* The interpreter: executes a serialized model blob on one caller-provided arena.
 * No allocation: the caller provides the arena and the tensor table storage. */
#ifndef MLONMCU_RUNTIME_INTERP_H_
#define MLONMCU_RUNTIME_INTERP_H_

#include <stddef.h>
#include <stdint.h>

#include "mlonmcu/runtime/tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const uint8_t* blob;
  uint32_t blob_size;
  mlonmcu_tensor_t* tensors;
  int32_t num_tensors;
  int32_t num_ops;
  const int32_t* io;  /* inputs then outputs */
  int32_t num_inputs;
  int32_t num_outputs;
  const int32_t* ops;
  const int32_t* segments; /* blob_format.h: segment records */
  int32_t num_segments;
} mlonmcu_interp_t;

/* Validates the blob completely (bounds of every offset, index and opcode), then binds every
 * tensor to its place in the arena or the blob. */
mlonmcu_status_t mlonmcu_interp_init(const uint8_t* blob, uint32_t blob_size, uint8_t* arena,
                                     uint32_t arena_size, mlonmcu_tensor_t* tensor_storage,
                                     int32_t max_tensors, mlonmcu_interp_t* out_interp);

mlonmcu_status_t mlonmcu_interp_invoke(const mlonmcu_interp_t* interp);

mlonmcu_tensor_t* mlonmcu_interp_input(const mlonmcu_interp_t* interp, int32_t index);
mlonmcu_tensor_t* mlonmcu_interp_output(const mlonmcu_interp_t* interp, int32_t index);

/* Called around every op by invoke; the default (weak) versions do nothing. The harness of a
 * profiling build overrides them so a simulator can count instructions per layer. */
void mlonmcu_layer_begin(int32_t op_index);
void mlonmcu_layer_end(int32_t op_index);

/* Eval function of an opcode, or NULL if this runtime build has none. */
mlonmcu_op_eval_fn mlonmcu_op_lookup(int32_t opcode);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_RUNTIME_INTERP_H_ */
