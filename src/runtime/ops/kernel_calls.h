/* The kernel call of every opcode as a C function, expanded from kernel_calls.def:
 *   void mlonmcu_call_<NAME>(const mlonmcu_op_ctx_t* ctx, const <params type>* p);
 * An op's eval glue checks its tensors and params first, then calls this. */
#ifndef MLONMCU_RUNTIME_OPS_KERNEL_CALLS_H_
#define MLONMCU_RUNTIME_OPS_KERNEL_CALLS_H_

#include <stdint.h>
#include <string.h>

#include "mlonmcu/kernels/activations.h"
#include "mlonmcu/kernels/concatenation.h"
#include "mlonmcu/kernels/conv.h"
#include "mlonmcu/kernels/copy.h"
#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/kernels/float_requant.h"
#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/mean.h"
#include "mlonmcu/kernels/pad.h"
#include "mlonmcu/kernels/pooling.h"
#include "mlonmcu/kernels/quantize.h"
#include "mlonmcu/kernels/softmax.h"
#include "mlonmcu/kernels/strided_slice.h"
#include "mlonmcu/kernels/tanh.h"
#include "mlonmcu/kernels/transpose.h"
#include "mlonmcu/kernels/ops_more.h"
#include "op_checks.h"

/* Dims right-aligned to the broadcast rank, written into `out`, which is returned. */
static inline const int32_t* mlonmcu_call_bcast_dims(const mlonmcu_tensor_t* t, int32_t* out) {
  mlonmcu_broadcast_extend_dims(t->rank, t->dims, out);
  return out;
}

static inline int32_t mlonmcu_call_rows(const mlonmcu_tensor_t* t) {
  const int32_t last = t->rank > 0 ? t->dims[t->rank - 1] : 1;
  return last == 0 ? 0 : mlonmcu_tensor_elements(t) / last;
}

static inline int32_t mlonmcu_call_last_dim(const mlonmcu_tensor_t* t) {
  return t->rank > 0 ? t->dims[t->rank - 1] : 1;
}

static inline int32_t mlonmcu_call_inner_bytes(const mlonmcu_tensor_t* t, int32_t axis) {
  int32_t n = mlonmcu_dtype_bytes(t->dtype);
  int32_t d;
  for (d = axis; d < t->rank; ++d) n *= t->dims[d];
  return n;
}

static inline int32_t mlonmcu_call_outer(const mlonmcu_tensor_t* t, int32_t axis) {
  int32_t n = 1;
  int32_t d;
  for (d = 0; d < axis && d < t->rank; ++d) n *= t->dims[d];
  return n;
}

static inline int32_t mlonmcu_call_offset_bytes(const mlonmcu_op_ctx_t* ctx, int32_t k,
                                                int32_t axis) {
  int32_t offset = 0;
  int32_t j;
  for (j = 0; j < k; ++j) offset += mlonmcu_call_inner_bytes(mlonmcu_op_input(ctx, j), axis);
  return offset;
}

static inline int32_t mlonmcu_call_out_offset_bytes(const mlonmcu_op_ctx_t* ctx, int32_t k,
                                                    int32_t axis) {
  int32_t offset = 0;
  int32_t j;
  for (j = 0; j < k; ++j) offset += mlonmcu_call_inner_bytes(mlonmcu_op_output(ctx, j), axis);
  return offset;
}

/* Record k after a params struct of header_bytes: copied out, the words may be unaligned for
 * the record type's view. */
static inline const void* mlonmcu_call_record(const mlonmcu_op_ctx_t* ctx, size_t header_bytes,
                                              int32_t k, size_t record_bytes, void* out) {
  memcpy(out, (const uint8_t*)(const void*)ctx->params + header_bytes + (size_t)k * record_bytes,
         record_bytes);
  return out;
}

#define A_PARAMS p
#define A_PARAM(field) (p->field)
#define A_RECORD(type) \
  ((const type*)mlonmcu_call_record(ctx, sizeof(*p), k, sizeof(type), &(type){0}))
#define A_IN(slot, T) ((const T*)mlonmcu_op_input(ctx, slot)->data)
#define A_IN_OR_NULL(slot, T) \
  (mlonmcu_op_input(ctx, slot) ? (const T*)mlonmcu_op_input(ctx, slot)->data : (const T*)0)
#define A_OUT(slot, T) ((T*)mlonmcu_op_output(ctx, slot)->data)
#define A_DIMS(slot) (mlonmcu_op_input(ctx, slot)->dims)
#define A_OUT_DIMS(slot) (mlonmcu_op_output(ctx, slot)->dims)
#define A_BCAST_DIMS(slot) \
  mlonmcu_call_bcast_dims(mlonmcu_op_input(ctx, slot), (int32_t[MLONMCU_KERNELS_BROADCAST_RANK]){0})
#define A_OUT_BCAST_DIMS(slot) \
  mlonmcu_call_bcast_dims(mlonmcu_op_output(ctx, slot), (int32_t[MLONMCU_KERNELS_BROADCAST_RANK]){0})
#define A_DIM(slot, d) (mlonmcu_op_input(ctx, slot)->dims[d])
#define A_RANK(slot) (mlonmcu_op_input(ctx, slot)->rank)
#define A_ELEMENTS(slot) mlonmcu_tensor_elements(mlonmcu_op_input(ctx, slot))
#define A_BYTES(slot)                                  \
  (mlonmcu_tensor_elements(mlonmcu_op_input(ctx, slot)) * \
   mlonmcu_dtype_bytes(mlonmcu_op_input(ctx, slot)->dtype))
#define A_ELEMENT_SIZE(slot) mlonmcu_dtype_bytes(mlonmcu_op_input(ctx, slot)->dtype)
#define A_ROWS(slot) mlonmcu_call_rows(mlonmcu_op_input(ctx, slot))
#define A_OUT_ROWS(slot) mlonmcu_call_rows(mlonmcu_op_output(ctx, slot))
#define A_LAST_DIM(slot) mlonmcu_call_last_dim(mlonmcu_op_input(ctx, slot))
#define A_EACH_IN(T) ((const T*)mlonmcu_op_input(ctx, k)->data)
#define A_EACH_INNER_BYTES(axis) mlonmcu_call_inner_bytes(mlonmcu_op_input(ctx, k), p->axis)
#define A_EACH_OFFSET_BYTES(axis) mlonmcu_call_offset_bytes(ctx, k, p->axis)
#define A_OUT_INNER_BYTES(axis) mlonmcu_call_inner_bytes(mlonmcu_op_output(ctx, 0), p->axis)
#define A_OUT_OUTER(axis) mlonmcu_call_outer(mlonmcu_op_output(ctx, 0), p->axis)
#define A_EACH_OUT(T) ((T*)mlonmcu_op_output(ctx, k)->data)
#define A_EACH_OUT_INNER_BYTES(axis) mlonmcu_call_inner_bytes(mlonmcu_op_output(ctx, k), p->axis)
#define A_EACH_OUT_OFFSET_BYTES(axis) mlonmcu_call_out_offset_bytes(ctx, k, p->axis)
#define A_IN_INNER_BYTES(axis) mlonmcu_call_inner_bytes(mlonmcu_op_input(ctx, 0), p->axis)
#define A_IN_OUTER(axis) mlonmcu_call_outer(mlonmcu_op_input(ctx, 0), p->axis)

#define MLONMCU_KERNEL_CALL(NAME, kernel, params_t, ...)                                   \
  static inline void mlonmcu_call_##NAME(const mlonmcu_op_ctx_t* ctx, const params_t* p) { \
    (void)ctx;                                                                              \
    (void)p;                                                                                \
    kernel(__VA_ARGS__);                                                                    \
  }
#define MLONMCU_KERNEL_CALL_PER_INPUT(NAME, kernel, params_t, ...)                          \
  static inline void mlonmcu_call_##NAME(const mlonmcu_op_ctx_t* ctx, const params_t* p) { \
    int32_t k;                                                                              \
    for (k = 0; k < ctx->num_inputs; ++k) kernel(__VA_ARGS__);                              \
  }
#define MLONMCU_KERNEL_CALL_PER_OUTPUT(NAME, kernel, params_t, ...)                         \
  static inline void mlonmcu_call_##NAME(const mlonmcu_op_ctx_t* ctx, const params_t* p) { \
    int32_t k;                                                                              \
    for (k = 0; k < ctx->num_outputs; ++k) kernel(__VA_ARGS__);                             \
  }
#include "kernel_calls.def"
#undef MLONMCU_KERNEL_CALL
#undef MLONMCU_KERNEL_CALL_PER_INPUT
#undef MLONMCU_KERNEL_CALL_PER_OUTPUT

#undef A_PARAMS
#undef A_PARAM
#undef A_RECORD
#undef A_IN
#undef A_IN_OR_NULL
#undef A_OUT
#undef A_DIMS
#undef A_OUT_DIMS
#undef A_BCAST_DIMS
#undef A_OUT_BCAST_DIMS
#undef A_DIM
#undef A_RANK
#undef A_ELEMENTS
#undef A_BYTES
#undef A_ELEMENT_SIZE
#undef A_ROWS
#undef A_OUT_ROWS
#undef A_LAST_DIM
#undef A_EACH_IN
#undef A_EACH_INNER_BYTES
#undef A_EACH_OFFSET_BYTES
#undef A_OUT_INNER_BYTES
#undef A_OUT_OUTER
#undef A_EACH_OUT
#undef A_EACH_OUT_INNER_BYTES
#undef A_EACH_OUT_OFFSET_BYTES
#undef A_IN_INNER_BYTES
#undef A_IN_OUTER

#endif /* MLONMCU_RUNTIME_OPS_KERNEL_CALLS_H_ */
