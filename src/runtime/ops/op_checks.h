/* Checks shared by the interpreter and every op's eval glue. The interpreter validated indices
 * and offsets; these make sure a tensor's dims, dtype and bytes fit what a kernel will read and
 * write, and that params cannot drive a kernel out of bounds or into undefined arithmetic, so a
 * malformed blob gives MLONMCU_ERR_BAD_PARAMS instead of a crash. */
#ifndef MLONMCU_RUNTIME_OPS_OP_CHECKS_H_
#define MLONMCU_RUNTIME_OPS_OP_CHECKS_H_

#include <stdint.h>
#include <string.h>

#include "mlonmcu/kernels/elementwise.h"
#include "mlonmcu/runtime/tensor.h"

/* Largest spatial size, stride, dilation or padding accepted: keeps every index computation of
 * the window kernels far from int32 overflow. */
#define MLONMCU_MAX_WINDOW_EXTENT (1 << 24)

/* Bytes of one element; 0 for an unknown dtype. */
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

/* Elements as int64, for comparisons that must not overflow. */
static inline int64_t mlonmcu_tensor_elements64(const mlonmcu_tensor_t* t) {
  int64_t n = 1;
  int32_t i;
  for (i = 0; i < t->rank; ++i) n *= t->dims[i];
  return n;
}

/* Present, of this dtype (dtype < 0: any known dtype) and rank (rank < 0: any up to
 * MLONMCU_MAX_RANK), non-negative dims, and its bytes hold all elements (data may only be NULL
 * when there are none). */
static inline int mlonmcu_tensor_ok(const mlonmcu_tensor_t* t, int32_t dtype, int32_t rank) {
  int64_t n = 1;
  int32_t i;
  int32_t size;
  if (!t) return 0;
  if (dtype >= 0 && t->dtype != dtype) return 0;
  if (rank >= 0 && t->rank != rank) return 0;
  /* From the argument when given: a constant there lets the compiler drop the switch. */
  size = mlonmcu_dtype_bytes(dtype >= 0 ? dtype : t->dtype);
  if (size == 0 || t->rank < 0 || t->rank > MLONMCU_MAX_RANK) return 0;
  for (i = 0; i < t->rank; ++i) {
    if (t->dims[i] < 0) return 0;
    n *= t->dims[i];
    if (n > INT32_MAX / 8) return 0;
  }
  if (n > 0 && !t->data) return 0;
  return n * size <= (int64_t)t->bytes;
}

/* As mlonmcu_tensor_ok for a known dtype, and the data is present even when empty: the window
 * and matrix kernels form pointers into it before knowing whether a loop runs. Written out
 * rather than calling mlonmcu_tensor_ok because it runs for every operand of every compute op
 * on the target, where the shorter form saves instructions. */
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

/* The prepared operands of the optimized int8 kernels (packing.h): a folded bias of at least
 * bias_rows and a requantization table of `channels` entries (multiplier, shift, round, rs)
 * with shifts the general requantization takes and rs in [0, 31], both 4-byte aligned since the kernels read
 * words. */
static inline int mlonmcu_prepared_operands_ok(const mlonmcu_tensor_t* bias,
                                               const mlonmcu_tensor_t* requant, int32_t channels,
                                               int32_t bias_rows) {
  const int32_t* entry;
  int32_t c;
  if (!mlonmcu_tensor_fits(bias, MLONMCU_DTYPE_S32, 1) || bias->dims[0] < bias_rows ||
      !mlonmcu_tensor_fits(requant, MLONMCU_DTYPE_S32, 1) ||
      (int64_t)requant->dims[0] < 4 * (int64_t)channels || ((uintptr_t)bias->data & 3u) != 0 ||
      ((uintptr_t)requant->data & 3u) != 0)
    return 0;
  entry = (const int32_t*)requant->data;
  for (c = 0; c < channels; ++c, entry += 4)
    if (!mlonmcu_shift_ok(entry[1]) || entry[3] < 0 || entry[3] > 31) return 0;
  return 1;
}

/* The rescaling table of the optimized int8 ADD / SUB: MLONMCU_ADD_LUT_SIZE words, 4-byte
 * aligned. */
static inline int mlonmcu_add_lut_ok(const mlonmcu_tensor_t* lut) {
  return mlonmcu_tensor_fits(lut, MLONMCU_DTYPE_S32, 1) && lut->dims[0] >= MLONMCU_ADD_LUT_SIZE &&
         ((uintptr_t)lut->data & 3u) == 0;
}

/* int8 zero-point offsets: |offset| <= 256 keeps every product and shifted sum in range. */
static inline int mlonmcu_offset_ok(int32_t offset) { return offset >= -256 && offset <= 256; }

static inline int mlonmcu_extent_ok(int32_t v, int32_t min) {
  return v >= min && v <= MLONMCU_MAX_WINDOW_EXTENT;
}

/* Copies the params words into the kernel's struct (memcpy: the words are int32_t, the struct
 * may hold floats). Returns 0 when there are too few words; with enough words, params points
 * into the blob (the interpreter) or a caller's non-empty array. */
static inline int mlonmcu_read_params(const mlonmcu_op_ctx_t* ctx, void* out, size_t size) {
  if (ctx->num_params < 0 || (size_t)ctx->num_params * 4u < size) return 0;
  memcpy(out, ctx->params, size);
  return 1;
}

/* Input i / output i of the op, or NULL when absent or out of range. */
static inline mlonmcu_tensor_t* mlonmcu_input_or_null(const mlonmcu_op_ctx_t* ctx, int32_t i) {
  if (i < 0 || i >= ctx->num_inputs) return (mlonmcu_tensor_t*)0;
  return mlonmcu_op_input(ctx, i);
}
static inline mlonmcu_tensor_t* mlonmcu_output_or_null(const mlonmcu_op_ctx_t* ctx, int32_t i) {
  if (i < 0 || i >= ctx->num_outputs || ctx->outputs[i] < 0) return (mlonmcu_tensor_t*)0;
  return mlonmcu_op_output(ctx, i);
}

/* Elementwise ops: input 0 and output 0 fit their dtypes and hold the same number of
 * elements. */
static inline int mlonmcu_unary_ok(const mlonmcu_op_ctx_t* ctx, int32_t in_dtype,
                                   int32_t out_dtype) {
  const mlonmcu_tensor_t* in = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1) return 0;
  out = mlonmcu_op_output(ctx, 0);
  /* tensor_ok bounds the element counts, so int32 counts compare exactly. */
  return mlonmcu_tensor_ok(in, in_dtype, -1) && mlonmcu_tensor_ok(out, out_dtype, -1) &&
         mlonmcu_tensor_elements(in) == mlonmcu_tensor_elements(out);
}

/* Params of the int8 LOGISTIC and TANH kernels (input to Q4.27): a shift the fixed-point
 * multiply takes and a non-negative multiplier. */
static inline int mlonmcu_q4_input_ok(int32_t multiplier, int32_t left_shift) {
  return mlonmcu_shift_ok(left_shift) && multiplier >= 0;
}

#endif /* MLONMCU_RUNTIME_OPS_OP_CHECKS_H_ */
