/* The interpreter core: validates a model blob once at init, binds tensors to arena or blob
 * memory, then runs the ops in order. All checks happen in init so invoke is a plain loop. */
#include "mlonmcu/runtime/interp.h"

#include <string.h>

#include "mlonmcu/runtime/blob_format.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/op_checks.h"

static uint32_t read_u32(const uint8_t* p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* [offset, offset+size) inside [0, limit)? Written to avoid overflow. */
static int in_bounds(uint32_t offset, uint32_t size, uint32_t limit) {
  return offset <= limit && size <= limit - offset;
}

/* Element count times element size must be the byte size, so kernels that trust dims stay
 * inside the tensor's memory. Overflow-safe: sizes are bounded by the arena/blob anyway. */
static int dims_match_bytes(const mlonmcu_tensor_t* t) {
  int64_t n = mlonmcu_dtype_bytes(t->dtype);
  int32_t d;
  if (n == 0) return 0;
  for (d = 0; d < t->rank; ++d) {
    n *= t->dims[d];
    if (n > 0x7fffffff) return 0;
  }
  return n == t->bytes;
}

static mlonmcu_status_t bind_tensors(const uint8_t* blob, const mlonmcu_blob_header_t* h,
                                     uint8_t* arena, uint32_t arena_size,
                                     mlonmcu_tensor_t* tensors) {
  uint32_t i;
  const uint32_t const_size = h->blob_size - h->const_offset;
  for (i = 0; i < h->num_tensors; ++i) {
    const mlonmcu_blob_tensor_t* rec =
        (const mlonmcu_blob_tensor_t*)(const void*)(blob + h->tensors_offset +
                                                    i * MLONMCU_BLOB_TENSOR_WORDS * 4u);
    mlonmcu_tensor_t* t = &tensors[i];
    int32_t d;
    if (rec->rank < 0 || rec->rank > MLONMCU_MAX_RANK || rec->bytes < 0 || rec->offset < 0)
      return MLONMCU_ERR_BAD_MODEL;
    t->dtype = rec->dtype;
    t->rank = rec->rank;
    for (d = 0; d < MLONMCU_MAX_RANK; ++d) t->dims[d] = d < rec->rank ? rec->dims[d] : 1;
    for (d = 0; d < rec->rank; ++d)
      if (t->dims[d] < 0) return MLONMCU_ERR_BAD_MODEL;
    t->bytes = rec->bytes;
    t->zero_point = rec->zero_point;
    t->scale = rec->scale;
    if (rec->kind != MLONMCU_TENSOR_ABSENT && !dims_match_bytes(t)) return MLONMCU_ERR_BAD_MODEL;
    /* Kernels load elements with their natural alignment; the writer aligns every buffer to 16. */
    if (rec->kind != MLONMCU_TENSOR_ABSENT && ((uint32_t)rec->offset % (uint32_t)mlonmcu_dtype_bytes(t->dtype)) != 0)
      return MLONMCU_ERR_BAD_MODEL;
    switch (rec->kind) {
      case MLONMCU_TENSOR_ARENA:
      case MLONMCU_TENSOR_STATE:
        if (!in_bounds((uint32_t)rec->offset, (uint32_t)rec->bytes, arena_size))
          return MLONMCU_ERR_ARENA_TOO_SMALL;
        t->data = arena + rec->offset;
        if (rec->kind == MLONMCU_TENSOR_STATE) memset(t->data, rec->reserved[0] & 0xff, (size_t)rec->bytes);
        break;
      case MLONMCU_TENSOR_CONST:
        if (!in_bounds((uint32_t)rec->offset, (uint32_t)rec->bytes, const_size))
          return MLONMCU_ERR_BAD_MODEL;
        t->data = (void*)(blob + h->const_offset + (uint32_t)rec->offset);
        break;
      case MLONMCU_TENSOR_ABSENT:
        t->data = (void*)0;
        break;
      default:
        return MLONMCU_ERR_BAD_MODEL;
    }
  }
  return MLONMCU_OK;
}

/* Every tensor an op names has memory. An op writes only arena memory, and never into one of
 * its own inputs, except in place: the
 * very same buffer with the same type and size. Otherwise a kernel could see its inputs (say
 * per-channel shifts) change while it runs. */
static int op_memory_ok(const mlonmcu_tensor_t* tensors, const int32_t* in, int32_t n_in,
                        const int32_t* out, int32_t n_out, const uint8_t* arena, uint32_t arena_size) {
  int32_t o, i;
  for (o = 0; o < n_out; ++o) {
    const mlonmcu_tensor_t* w = &tensors[out[o]];
    const uint8_t* wb = (const uint8_t*)w->data;
    if (!wb || wb < arena || (uint32_t)(wb - arena) > arena_size - (uint32_t)w->bytes) return 0;
    for (i = 0; i < n_in; ++i) {
      const mlonmcu_tensor_t* r;
      const uint8_t* rb;
      if (in[i] < 0) continue;
      r = &tensors[in[i]];
      rb = (const uint8_t*)r->data;
      if (!rb) return 0; /* an absent tensor has no dims a kernel could trust */
      if (r->bytes == 0 || rb + r->bytes <= wb || wb + w->bytes <= rb) continue;
      if (!(rb == wb && r->bytes == w->bytes && r->dtype == w->dtype)) return 0;
    }
  }
  return 1;
}

/* Walks the op records once: every count, index and opcode must be valid. */
static mlonmcu_status_t check_ops(const mlonmcu_blob_header_t* h, const int32_t* ops,
                                  const mlonmcu_tensor_t* tensors, const uint8_t* arena,
                                  uint32_t arena_size) {
  uint32_t words_left = (h->const_offset - h->ops_offset) / 4u;
  uint32_t i;
  for (i = 0; i < h->num_ops; ++i) {
    int32_t opcode, n_in, n_out, n_params, k;
    if (words_left < 4u) return MLONMCU_ERR_BAD_MODEL;
    opcode = ops[0];
    n_in = ops[1];
    n_out = ops[2];
    n_params = ops[3];
    if (n_in < 0 || n_out < 1 || n_params < 0 || n_in > 64 || n_out > 64) return MLONMCU_ERR_BAD_MODEL;
    if ((uint32_t)(n_in + n_out) + (uint32_t)n_params > words_left - 4u) return MLONMCU_ERR_BAD_MODEL;
    for (k = 0; k < n_in + n_out; ++k) {
      int32_t t = ops[4 + k];
      if (t >= (int32_t)h->num_tensors || (t < 0 && (k >= n_in || t != -1))) return MLONMCU_ERR_BAD_MODEL;
    }
    if (!op_memory_ok(tensors, ops + 4, n_in, ops + 4 + n_in, n_out, arena, arena_size))
      return MLONMCU_ERR_BAD_MODEL;
    if (!mlonmcu_op_lookup(opcode)) return MLONMCU_ERR_UNSUPPORTED_OP;
    words_left -= 4u + (uint32_t)(n_in + n_out + n_params);
    ops += 4 + n_in + n_out + n_params;
  }
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_interp_init(const uint8_t* blob, uint32_t blob_size, uint8_t* arena,
                                     uint32_t arena_size, mlonmcu_tensor_t* tensor_storage,
                                     int32_t max_tensors, mlonmcu_interp_t* out_interp) {
  mlonmcu_blob_header_t h;
  uint32_t io_words, i;
  const int32_t* io;
  mlonmcu_status_t status;
  if (!blob || !out_interp || blob_size < MLONMCU_BLOB_HEADER_WORDS * 4u || ((uintptr_t)blob & 3u))
    return MLONMCU_ERR_BAD_MODEL;
  h.magic = read_u32(blob);
  h.version = read_u32(blob + 4);
  h.num_tensors = read_u32(blob + 8);
  h.num_ops = read_u32(blob + 12);
  h.num_inputs = read_u32(blob + 16);
  h.num_outputs = read_u32(blob + 20);
  h.arena_size = read_u32(blob + 24);
  h.tensors_offset = read_u32(blob + 28);
  h.io_offset = read_u32(blob + 32);
  h.ops_offset = read_u32(blob + 36);
  h.const_offset = read_u32(blob + 40);
  h.blob_size = read_u32(blob + 44);
  if (h.magic != MLONMCU_BLOB_MAGIC || h.version != MLONMCU_BLOB_VERSION) return MLONMCU_ERR_BAD_MODEL;
  if (h.blob_size > blob_size) return MLONMCU_ERR_BAD_MODEL;
  /* Sections in order, word aligned, each inside the blob. */
  if ((h.tensors_offset | h.io_offset | h.ops_offset | h.const_offset) & 3u) return MLONMCU_ERR_BAD_MODEL;
  if (!(MLONMCU_BLOB_HEADER_WORDS * 4u <= h.tensors_offset && h.tensors_offset <= h.io_offset &&
        h.io_offset <= h.ops_offset && h.ops_offset <= h.const_offset && h.const_offset <= h.blob_size))
    return MLONMCU_ERR_BAD_MODEL;
  if (h.num_tensors > (h.io_offset - h.tensors_offset) / (MLONMCU_BLOB_TENSOR_WORDS * 4u))
    return MLONMCU_ERR_BAD_MODEL;
  io_words = (h.ops_offset - h.io_offset) / 4u;
  if (h.num_inputs > io_words || h.num_outputs > io_words - h.num_inputs) return MLONMCU_ERR_BAD_MODEL;
  if ((int32_t)h.num_tensors > max_tensors || !tensor_storage) return MLONMCU_ERR_TOO_MANY_TENSORS;
  if (h.arena_size > arena_size || (h.arena_size > 0 && !arena)) return MLONMCU_ERR_ARENA_TOO_SMALL;

  io = (const int32_t*)(const void*)(blob + h.io_offset);
  for (i = 0; i < h.num_inputs + h.num_outputs; ++i)
    if (io[i] < 0 || io[i] >= (int32_t)h.num_tensors) return MLONMCU_ERR_BAD_MODEL;

  status = bind_tensors(blob, &h, arena, arena_size, tensor_storage);
  if (status != MLONMCU_OK) return status;
  status = check_ops(&h, (const int32_t*)(const void*)(blob + h.ops_offset), tensor_storage, arena,
                     arena_size);
  if (status != MLONMCU_OK) return status;

  out_interp->blob = blob;
  out_interp->blob_size = h.blob_size;
  out_interp->tensors = tensor_storage;
  out_interp->num_tensors = (int32_t)h.num_tensors;
  out_interp->num_ops = (int32_t)h.num_ops;
  out_interp->io = io;
  out_interp->num_inputs = (int32_t)h.num_inputs;
  out_interp->num_outputs = (int32_t)h.num_outputs;
  out_interp->ops = (const int32_t*)(const void*)(blob + h.ops_offset);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_interp_invoke(const mlonmcu_interp_t* interp) {
  const int32_t* op = interp->ops;
  int32_t i;
  for (i = 0; i < interp->num_ops; ++i) {
    mlonmcu_op_ctx_t ctx;
    mlonmcu_status_t status;
    const int32_t n_in = op[1], n_out = op[2], n_params = op[3];
    ctx.tensors = interp->tensors;
    ctx.inputs = op + 4;
    ctx.num_inputs = n_in;
    ctx.outputs = op + 4 + n_in;
    ctx.num_outputs = n_out;
    ctx.params = op + 4 + n_in + n_out;
    ctx.num_params = n_params;
    mlonmcu_layer_begin(i);
    status = mlonmcu_op_lookup(op[0])(&ctx);
    mlonmcu_layer_end(i);
    if (status != MLONMCU_OK) return status;
    op += 4 + n_in + n_out + n_params;
  }
  return MLONMCU_OK;
}

mlonmcu_tensor_t* mlonmcu_interp_input(const mlonmcu_interp_t* interp, int32_t index) {
  if (index < 0 || index >= interp->num_inputs) return (mlonmcu_tensor_t*)0;
  return &interp->tensors[interp->io[index]];
}

mlonmcu_tensor_t* mlonmcu_interp_output(const mlonmcu_interp_t* interp, int32_t index) {
  if (index < 0 || index >= interp->num_outputs) return (mlonmcu_tensor_t*)0;
  return &interp->tensors[interp->io[interp->num_inputs + index]];
}
