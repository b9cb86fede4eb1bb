/* Checks shared by the eval glue of the data-movement, reduction and nonlinear ops: a malformed
 * blob (params or tensor views that do not fit the kernel) yields MLONMCU_ERR_BAD_PARAMS instead
 * of an out-of-bounds access. Names carry "shape" so they never clash with the compute ops'
 * helpers in the same library. */
#ifndef MLONMCU_RUNTIME_OPS_SHAPE_CHECKS_H_
#define MLONMCU_RUNTIME_OPS_SHAPE_CHECKS_H_

#include <stdint.h>
#include <string.h>

#include "mlonmcu/runtime/tensor.h"

static inline int32_t mlonmcu_shape_dtype_bytes(int32_t dtype) {
  switch (dtype) {
    case MLONMCU_DTYPE_F32: return 4;
    case MLONMCU_DTYPE_S8: return 1;
    case MLONMCU_DTYPE_U8: return 1;
    case MLONMCU_DTYPE_S16: return 2;
    case MLONMCU_DTYPE_S32: return 4;
    case MLONMCU_DTYPE_S64: return 8;
    case MLONMCU_DTYPE_BOOL: return 1;
    default: return 0;
  }
}

/* Present, of this dtype (dtype < 0: any known dtype), rank within limits, non-negative dims,
 * and its bytes hold all elements (data may only be NULL when there are none). */
static inline int mlonmcu_shape_tensor_ok(const mlonmcu_tensor_t* t, int32_t dtype) {
  int64_t n = 1;
  int32_t i;
  int32_t size;
  if (!t) return 0;
  if (dtype >= 0 && t->dtype != dtype) return 0;
  size = mlonmcu_shape_dtype_bytes(t->dtype);
  if (size == 0 || t->rank < 0 || t->rank > MLONMCU_MAX_RANK) return 0;
  for (i = 0; i < t->rank; ++i) {
    if (t->dims[i] < 0) return 0;
    n *= t->dims[i];
    if (n > INT32_MAX / 8) return 0;
  }
  if (n > 0 && !t->data) return 0;
  return n * size <= (int64_t)t->bytes;
}

/* Elements as int64, for comparisons that must not overflow. */
static inline int64_t mlonmcu_shape_elements(const mlonmcu_tensor_t* t) {
  int64_t n = 1;
  int32_t i;
  for (i = 0; i < t->rank; ++i) n *= t->dims[i];
  return n;
}

/* Input i / output i of the op, or NULL when absent or out of range. */
static inline mlonmcu_tensor_t* mlonmcu_shape_input(const mlonmcu_op_ctx_t* ctx, int32_t i) {
  if (i < 0 || i >= ctx->num_inputs) return (mlonmcu_tensor_t*)0;
  return mlonmcu_op_input(ctx, i);
}
static inline mlonmcu_tensor_t* mlonmcu_shape_output(const mlonmcu_op_ctx_t* ctx, int32_t i) {
  if (i < 0 || i >= ctx->num_outputs || ctx->outputs[i] < 0) return (mlonmcu_tensor_t*)0;
  return mlonmcu_op_output(ctx, i);
}

/* Copies the params words into the kernel's struct (memcpy: the words are int32_t, the struct
 * may hold floats). Returns 0 when there are too few words. */
static inline int mlonmcu_shape_read_params(const mlonmcu_op_ctx_t* ctx, void* out, size_t size) {
  if (ctx->num_params < 0 || (size_t)ctx->num_params * 4u < size || (size && !ctx->params))
    return 0;
  if (size) memcpy(out, ctx->params, size);
  return 1;
}

#endif /* MLONMCU_RUNTIME_OPS_SHAPE_CHECKS_H_ */
