/* Eval glue of the data movement kernels whose sizes are all in params (fill.h, reorder.h,
 * gather.h, space_batch.h): every size is checked against the tensors, so a kernel can only
 * read and write inside them. */
#include "kernel_calls.h"
#include "op_checks.h"

/* Present, of `dtype` (any when < 0), `elements` elements of `element_size` bytes. */
static int elements_ok(const mlonmcu_tensor_t* t, int32_t dtype, int64_t elements, int32_t element_size) {
  return mlonmcu_tensor_ok(t, dtype, -1) && mlonmcu_dtype_bytes(t->dtype) == element_size &&
         mlonmcu_tensor_elements64(t) == elements;
}

static int dims_equal(const mlonmcu_tensor_t* t, const int32_t* dims, int32_t rank) {
  int32_t d;
  if (t->rank != rank) return 0;
  for (d = 0; d < rank; ++d)
    if (t->dims[d] != dims[d] || dims[d] < 0) return 0;
  return 1;
}

static int64_t product(const int32_t* dims, int32_t rank) {
  int64_t n = 1;
  int32_t d;
  for (d = 0; d < rank; ++d) n *= dims[d] < 0 ? 0 : dims[d];
  return n;
}

#define MLONMCU_READ(ctx, p) \
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || ctx->num_outputs < 1) return MLONMCU_ERR_BAD_PARAMS

mlonmcu_status_t mlonmcu_eval_fill(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_fill_params_t p;
  const mlonmcu_tensor_t* value = mlonmcu_input_or_null(ctx, 0);
  MLONMCU_READ(ctx, p);
  if (!value || !elements_ok(value, -1, mlonmcu_tensor_elements64(value), p.element_size) ||
      mlonmcu_tensor_elements64(value) < 1 || !elements_ok(mlonmcu_op_output(ctx, 0), value->dtype, p.count, p.element_size))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_FILL(ctx, &p);
  return MLONMCU_OK;
}

/* dims right-aligned to 6 with leading 1s equal `padded`. */
static int padded_dims_equal(const mlonmcu_tensor_t* t, const int32_t* padded) {
  int32_t d;
  if (!mlonmcu_tensor_ok(t, -1, -1) || t->rank > MLONMCU_BROADCAST_TO_MAX_RANK) return 0;
  for (d = 0; d < MLONMCU_BROADCAST_TO_MAX_RANK; ++d) {
    const int32_t k = d - (MLONMCU_BROADCAST_TO_MAX_RANK - t->rank);
    if (padded[d] != (k < 0 ? 1 : t->dims[k])) return 0;
  }
  return 1;
}

mlonmcu_status_t mlonmcu_eval_broadcast_to(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_broadcast_to_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out;
  int32_t d;
  MLONMCU_READ(ctx, p);
  out = mlonmcu_op_output(ctx, 0);
  if (!padded_dims_equal(in, p.in_dims) || !padded_dims_equal(out, p.out_dims) || out->dtype != in->dtype ||
      mlonmcu_dtype_bytes(in->dtype) != p.element_size)
    return MLONMCU_ERR_BAD_PARAMS;
  for (d = 0; d < MLONMCU_BROADCAST_TO_MAX_RANK; ++d)
    if (p.in_dims[d] != p.out_dims[d] && p.in_dims[d] != 1) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_BROADCAST_TO(ctx, &p);
  return MLONMCU_OK;
}

static mlonmcu_status_t broadcast_args(const mlonmcu_op_ctx_t* ctx, int32_t dtype) {
  mlonmcu_broadcast_args_params_t p;
  MLONMCU_READ(ctx, p);
  if (p.n_out != (p.n1 > p.n2 ? p.n1 : p.n2) || !elements_ok(mlonmcu_input_or_null(ctx, 0), dtype, p.n1, mlonmcu_dtype_bytes(dtype)) ||
      !elements_ok(mlonmcu_input_or_null(ctx, 1), dtype, p.n2, mlonmcu_dtype_bytes(dtype)) ||
      !elements_ok(mlonmcu_op_output(ctx, 0), dtype, p.n_out, mlonmcu_dtype_bytes(dtype)))
    return MLONMCU_ERR_BAD_PARAMS;
  if (dtype == MLONMCU_DTYPE_S32) mlonmcu_call_BROADCAST_ARGS_S32(ctx, &p);
  else mlonmcu_call_BROADCAST_ARGS_S64(ctx, &p);
  return MLONMCU_OK;
}
mlonmcu_status_t mlonmcu_eval_broadcast_args_s32(const mlonmcu_op_ctx_t* ctx) { return broadcast_args(ctx, MLONMCU_DTYPE_S32); }
mlonmcu_status_t mlonmcu_eval_broadcast_args_s64(const mlonmcu_op_ctx_t* ctx) { return broadcast_args(ctx, MLONMCU_DTYPE_S64); }

mlonmcu_status_t mlonmcu_eval_reverse(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_reverse_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  MLONMCU_READ(ctx, p);
  if (p.rank < 0 || p.rank > MLONMCU_REORDER_MAX_RANK || !in || !elements_ok(in, -1, product(p.dims, p.rank), p.element_size) ||
      !dims_equal(in, p.dims, p.rank) || !elements_ok(mlonmcu_op_output(ctx, 0), in->dtype, product(p.dims, p.rank), p.element_size))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_REVERSE(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_mirror_pad(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_mirror_pad_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  int32_t d;
  MLONMCU_READ(ctx, p);
  if (p.rank < 0 || p.rank > MLONMCU_REORDER_MAX_RANK || (p.offset != 0 && p.offset != 1) || !in ||
      !elements_ok(in, -1, product(p.in_dims, p.rank), p.element_size) || !dims_equal(in, p.in_dims, p.rank) ||
      !elements_ok(mlonmcu_op_output(ctx, 0), in->dtype, product(p.out_dims, p.rank), p.element_size))
    return MLONMCU_ERR_BAD_PARAMS;
  /* Each side at most n - offset wide keeps every mirrored position inside the input. */
  for (d = 0; d < p.rank; ++d) {
    const int64_t n = p.in_dims[d], before = p.before[d], after = (int64_t)p.out_dims[d] - n - before;
    if (n < 1 || before < 0 || after < 0 || before > n - p.offset || after > n - p.offset) return MLONMCU_ERR_BAD_PARAMS;
  }
  mlonmcu_call_MIRROR_PAD(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_transpose_view(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_transpose_view_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  int32_t seen = 0, d;
  int64_t n;
  MLONMCU_READ(ctx, p);
  if (p.transpose.rank < 1 || p.transpose.rank > MLONMCU_TRANSPOSE_MAX_RANK || !in) return MLONMCU_ERR_BAD_PARAMS;
  for (d = 0; d < p.transpose.rank; ++d) {
    const int32_t k = p.transpose.perm[d];
    if (k < 0 || k >= p.transpose.rank || (seen & (1 << k)) || p.in_dims[d] < 0) return MLONMCU_ERR_BAD_PARAMS;
    seen |= 1 << k;
  }
  n = product(p.in_dims, p.transpose.rank);
  if (!elements_ok(in, -1, n, p.element_size) || !elements_ok(mlonmcu_op_output(ctx, 0), in->dtype, n, p.element_size))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_TRANSPOSE_VIEW(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_gather(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_gather_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  int32_t size;
  MLONMCU_READ(ctx, p);
  if (!in || !mlonmcu_tensor_ok(in, -1, -1)) return MLONMCU_ERR_BAD_PARAMS;
  size = mlonmcu_dtype_bytes(in->dtype);
  if (p.batch < 0 || p.outer < 0 || p.axis_size < 0 || p.coords < 0 || p.inner_bytes < 0 || p.inner_bytes % size != 0 ||
      !elements_ok(in, -1, (int64_t)p.batch * p.outer * p.axis_size * (p.inner_bytes / size), size) ||
      !elements_ok(mlonmcu_input_or_null(ctx, 1), MLONMCU_DTYPE_S32, (int64_t)p.batch * p.coords, 4) ||
      !elements_ok(mlonmcu_op_output(ctx, 0), in->dtype, (int64_t)p.batch * p.outer * p.coords * (p.inner_bytes / size), size))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_GATHER(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_gather_nd(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_gather_nd_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  MLONMCU_READ(ctx, p);
  if (!in || p.slices < 0 || p.slice_elements < 0 || p.index_depth < 1 || p.index_depth > MLONMCU_GATHER_ND_MAX ||
      !elements_ok(in, -1, p.input_elements, p.element_size) ||
      !elements_ok(mlonmcu_input_or_null(ctx, 1), MLONMCU_DTYPE_S32, (int64_t)p.slices * p.index_depth, 4) ||
      !elements_ok(mlonmcu_op_output(ctx, 0), in->dtype, (int64_t)p.slices * p.slice_elements, p.element_size))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_GATHER_ND(ctx, &p);
  return MLONMCU_OK;
}

static mlonmcu_status_t embedding_lookup(const mlonmcu_op_ctx_t* ctx, int32_t out_dtype) {
  mlonmcu_embedding_lookup_params_t p;
  const mlonmcu_tensor_t* values = mlonmcu_input_or_null(ctx, 1);
  MLONMCU_READ(ctx, p);
  if (!values || p.lookups < 0 || p.rows < 0 || p.columns < 0 ||
      !elements_ok(mlonmcu_input_or_null(ctx, 0), MLONMCU_DTYPE_S32, p.lookups, 4) ||
      !elements_ok(values, out_dtype < 0 ? -1 : MLONMCU_DTYPE_S8, (int64_t)p.rows * p.columns, p.element_size) ||
      !elements_ok(mlonmcu_op_output(ctx, 0), out_dtype < 0 ? values->dtype : out_dtype, (int64_t)p.lookups * p.columns,
                   out_dtype < 0 ? p.element_size : 4))
    return MLONMCU_ERR_BAD_PARAMS;
  if (out_dtype < 0) mlonmcu_call_EMBEDDING_LOOKUP(ctx, &p);
  else mlonmcu_call_EMBEDDING_LOOKUP_S8_F32(ctx, &p);
  return MLONMCU_OK;
}
mlonmcu_status_t mlonmcu_eval_embedding_lookup(const mlonmcu_op_ctx_t* ctx) { return embedding_lookup(ctx, -1); }
mlonmcu_status_t mlonmcu_eval_embedding_lookup_s8_f32(const mlonmcu_op_ctx_t* ctx) {
  return embedding_lookup(ctx, MLONMCU_DTYPE_F32);
}

/* A 3D tensor [b, h, d] is [b, h, 1, d]. */
static int dims4_equal(const mlonmcu_tensor_t* t, const int32_t* dims) {
  if (!mlonmcu_tensor_ok(t, -1, -1) || (t->rank != 3 && t->rank != 4)) return 0;
  return t->dims[0] == dims[0] && t->dims[1] == dims[1] && (t->rank == 3 ? dims[2] == 1 : t->dims[2] == dims[2]) &&
         t->dims[t->rank - 1] == dims[3];
}

static mlonmcu_status_t space_batch(const mlonmcu_op_ctx_t* ctx, int to_batch) {
  mlonmcu_space_batch_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out;
  int64_t blocks;
  MLONMCU_READ(ctx, p);
  out = mlonmcu_op_output(ctx, 0);
  if (!dims4_equal(in, p.in_dims) || !dims4_equal(out, p.out_dims) || out->dtype != in->dtype ||
      mlonmcu_dtype_bytes(in->dtype) != p.element_size || p.block_h < 1 || p.block_w < 1 || p.in_dims[3] != p.out_dims[3])
    return MLONMCU_ERR_BAD_PARAMS;
  blocks = (int64_t)p.block_h * p.block_w;
  if (to_batch ? (int64_t)p.in_dims[0] * blocks != p.out_dims[0] || p.in_dims[0] < 1
               : (int64_t)p.out_dims[0] * blocks != p.in_dims[0] || p.out_dims[0] < 1)
    return MLONMCU_ERR_BAD_PARAMS;
  if (to_batch) mlonmcu_call_SPACE_TO_BATCH(ctx, &p);
  else mlonmcu_call_BATCH_TO_SPACE(ctx, &p);
  return MLONMCU_OK;
}
mlonmcu_status_t mlonmcu_eval_space_to_batch(const mlonmcu_op_ctx_t* ctx) { return space_batch(ctx, 1); }
mlonmcu_status_t mlonmcu_eval_batch_to_space(const mlonmcu_op_ctx_t* ctx) { return space_batch(ctx, 0); }
