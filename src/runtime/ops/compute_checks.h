/* Checks shared by the eval glue of the compute ops. The interpreter validated indices and
 * offsets; these make sure a tensor's dims, dtype and bytes fit what a kernel will read and
 * write, and that params cannot drive a kernel out of bounds or into undefined arithmetic, so a
 * malformed blob gives MLONMCU_ERR_BAD_PARAMS instead of a crash. */
#ifndef MLONMCU_RUNTIME_OPS_COMPUTE_CHECKS_H_
#define MLONMCU_RUNTIME_OPS_COMPUTE_CHECKS_H_

#include <stdint.h>
#include <string.h>

#include "mlonmcu/runtime/tensor.h"

/* Largest spatial size, stride, dilation or padding accepted: keeps every index computation of
 * the window kernels far from int32 overflow. */
#define MLONMCU_MAX_WINDOW_EXTENT (1 << 24)

static inline int32_t mlonmcu_dtype_bytes(int32_t dtype) {
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

/* Present, with data, of this dtype and rank (rank < 0: any), and its bytes hold all elements. */
static inline int mlonmcu_tensor_fits(const mlonmcu_tensor_t* t, int32_t dtype, int32_t rank) {
  int64_t n = 1;
  int32_t i;
  if (!t || !t->data || t->dtype != dtype) return 0;
  if (rank >= 0 && t->rank != rank) return 0;
  if (t->rank < 0 || t->rank > MLONMCU_MAX_RANK) return 0;
  for (i = 0; i < t->rank; ++i) {
    if (t->dims[i] < 0) return 0;
    n *= t->dims[i];
    if (n > INT32_MAX) return 0;
  }
  return n * mlonmcu_dtype_bytes(dtype) <= (int64_t)t->bytes;
}

/* Optional vector input: absent (NULL), or a tensor of dtype with at least n elements. */
static inline int mlonmcu_optional_vector_fits(const mlonmcu_tensor_t* t, int32_t dtype,
                                               int32_t n) {
  return !t || (mlonmcu_tensor_fits(t, dtype, -1) && mlonmcu_tensor_elements(t) >= n);
}

/* Shifts TFLite's QuantizeMultiplier can produce; the fixed-point helpers need no more. */
static inline int mlonmcu_shift_ok(int32_t shift) { return shift >= -31 && shift <= 30; }

/* Per-channel multipliers/shifts: both absent, or both int32 vectors of n with valid shifts. */
static inline int mlonmcu_channel_quant_ok(const mlonmcu_tensor_t* mult,
                                           const mlonmcu_tensor_t* shift, int32_t n) {
  const int32_t* s;
  int32_t i;
  if (!mult && !shift) return 1;
  if (!mult || !shift || !mlonmcu_optional_vector_fits(mult, MLONMCU_DTYPE_S32, n) ||
      !mlonmcu_optional_vector_fits(shift, MLONMCU_DTYPE_S32, n))
    return 0;
  s = (const int32_t*)shift->data;
  for (i = 0; i < n; ++i)
    if (!mlonmcu_shift_ok(s[i])) return 0;
  return 1;
}

/* int8 zero-point offsets: |offset| <= 256 keeps every product and shifted sum in range. */
static inline int mlonmcu_offset_ok(int32_t offset) { return offset >= -256 && offset <= 256; }

static inline int mlonmcu_extent_ok(int32_t v, int32_t min) {
  return v >= min && v <= MLONMCU_MAX_WINDOW_EXTENT;
}

/* Copies the params words into the kernel's struct (memcpy: the words are not of the struct's
 * type, and the copy costs a few instructions per op). */
static inline int mlonmcu_read_params(const mlonmcu_op_ctx_t* ctx, void* out, size_t size) {
  if (ctx->num_params < 0 || (size_t)ctx->num_params * 4u < size) return 0;
  memcpy(out, ctx->params, size);
  return 1;
}

/* Both tensors fit their dtype and have the same number of elements. */
static inline int mlonmcu_unary_ok(const mlonmcu_op_ctx_t* ctx, int32_t in_dtype, int32_t out_dtype) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1) return 0;
  out = mlonmcu_op_output(ctx, 0);
  return mlonmcu_tensor_fits(in, in_dtype, -1) && mlonmcu_tensor_fits(out, out_dtype, -1) &&
         mlonmcu_tensor_elements(in) == mlonmcu_tensor_elements(out);
}

#endif /* MLONMCU_RUNTIME_OPS_COMPUTE_CHECKS_H_ */
