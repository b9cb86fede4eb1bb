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

/* Segment k's record (blob_format.h), or NULL. Records were bounds-checked at init. */
static const int32_t* segment_record(const int32_t* segments, int32_t num_segments, int32_t k) {
  int32_t i;
  if (k < 0 || k >= num_segments) return (const int32_t*)0;
  for (i = 0; i < k; ++i) segments += MLONMCU_BLOB_SEGMENT_WORDS + segments[3] + segments[4];
  return segments;
}

/* Tensors copied into each other one by one: same dtype and byte size. */
static int same_tensors(const mlonmcu_tensor_t* tensors, const int32_t* a, const int32_t* b, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) {
    if (a[i] < 0 || b[i] < 0) return 0;
    if (tensors[a[i]].dtype != tensors[b[i]].dtype || tensors[a[i]].bytes != tensors[b[i]].bytes) return 0;
  }
  return 1;
}

static int is_bool_flag(const mlonmcu_tensor_t* t) { return t->dtype == MLONMCU_DTYPE_BOOL && t->bytes >= 1; }

/* A control op's subgraphs exist and take and give what the op copies (see run_control). */
static int control_ok(const int32_t* op, const mlonmcu_tensor_t* tensors, const int32_t* segments,
                      int32_t num_segments) {
  const int32_t opcode = op[0], n_in = op[1], n_out = op[2], n_params = op[3];
  const int32_t* in = op + 4;
  const int32_t* out = in + n_in;
  const int32_t* params = out + n_out;
  const int32_t *a, *b;
  /* Segment 0 is the main graph: its tensors were not checked to be writable. */
  if (n_params < 1 || params[0] <= 0 || (n_params > 1 && params[1] <= 0)) return 0;
  if (opcode == MLONMCU_OP_CALL_ONCE)
    return n_params == 1 && n_in == 0 && n_out == 1 && is_bool_flag(&tensors[out[0]]) &&
           (a = segment_record(segments, num_segments, params[0])) != 0 && a[3] == 0 && a[4] == 0;
  if (n_params != 2) return 0;
  a = segment_record(segments, num_segments, params[0]);
  b = segment_record(segments, num_segments, params[1]);
  if (!a || !b) return 0;
  if (opcode == MLONMCU_OP_IF) {
    if (n_in < 1 || in[0] < 0 || !is_bool_flag(&tensors[in[0]])) return 0;
    return a[3] == n_in - 1 && a[4] == n_out && b[3] == n_in - 1 && b[4] == n_out &&
           same_tensors(tensors, in + 1, a + 5, n_in - 1) && same_tensors(tensors, out, a + 5 + a[3], n_out) &&
           same_tensors(tensors, in + 1, b + 5, n_in - 1) && same_tensors(tensors, out, b + 5 + b[3], n_out);
  }
  /* WHILE: a = cond (operands in, one bool out), b = body (operands in, results out). */
  return n_in == n_out && a[3] == n_in && a[4] >= 1 && is_bool_flag(&tensors[a[5 + a[3]]]) && b[3] == n_in &&
         b[4] == n_out && same_tensors(tensors, in, out, n_in) && same_tensors(tensors, in, a + 5, n_in) &&
         same_tensors(tensors, in, b + 5, n_in) && same_tensors(tensors, out, b + 5 + b[3], n_out);
}

/* Walks the segment records: each names ops that exist and tensors in the arena (control ops
 * copy into them). Where its ops start is checked by segment_offsets_ok, once the op records are. */
static mlonmcu_status_t check_segments(const mlonmcu_blob_header_t* h, const int32_t* segments,
                                       const mlonmcu_tensor_t* tensors, const uint8_t* arena,
                                       uint32_t arena_size) {
  uint32_t words_left = (h->ops_offset - h->segments_offset) / 4u;
  uint32_t s;
  if (h->num_segments < 1) return MLONMCU_ERR_BAD_MODEL;
  for (s = 0; s < h->num_segments; ++s) {
    int32_t first, count, n_in, n_out, k;
    if (words_left < MLONMCU_BLOB_SEGMENT_WORDS) return MLONMCU_ERR_BAD_MODEL;
    first = segments[0];
    count = segments[1];
    n_in = segments[3];
    n_out = segments[4];
    if (first < 0 || count < 0 || (uint32_t)first > h->num_ops || (uint32_t)count > h->num_ops - (uint32_t)first)
      return MLONMCU_ERR_BAD_MODEL;
    if (s == 0 && first != 0) return MLONMCU_ERR_BAD_MODEL;
    if (n_in < 0 || n_out < 0 || n_in > 64 || n_out > 64 ||
        (uint32_t)(n_in + n_out) > words_left - MLONMCU_BLOB_SEGMENT_WORDS)
      return MLONMCU_ERR_BAD_MODEL;
    for (k = 0; k < n_in + n_out; ++k) {
      const int32_t t = segments[MLONMCU_BLOB_SEGMENT_WORDS + k];
      const uint8_t* p;
      if (t < 0 || t >= (int32_t)h->num_tensors) return MLONMCU_ERR_BAD_MODEL;
      if (s == 0) continue; /* the main graph's are never copied by a control op */
      p = (const uint8_t*)tensors[t].data;
      if (!p || p < arena || (uint32_t)(p - arena) > arena_size - (uint32_t)tensors[t].bytes)
        return MLONMCU_ERR_BAD_MODEL;
    }
    words_left -= MLONMCU_BLOB_SEGMENT_WORDS + (uint32_t)(n_in + n_out);
    segments += MLONMCU_BLOB_SEGMENT_WORDS + n_in + n_out;
  }
  return MLONMCU_OK;
}

/* Each segment's first_op_word is where op record first_op starts (the records are valid). */
static int segment_offsets_ok(const mlonmcu_blob_header_t* h, const int32_t* segments, const int32_t* ops) {
  uint32_t s;
  for (s = 0; s < h->num_segments; ++s) {
    int32_t k, word = 0;
    for (k = 0; k < segments[0]; ++k) word += 4 + ops[word + 1] + ops[word + 2] + ops[word + 3];
    if (segments[2] != word) return 0;
    segments += MLONMCU_BLOB_SEGMENT_WORDS + segments[3] + segments[4];
  }
  return 1;
}

/* Walks the op records once: every count, index and opcode must be valid. */
static mlonmcu_status_t check_ops(const mlonmcu_blob_header_t* h, const int32_t* ops,
                                  const mlonmcu_tensor_t* tensors, const uint8_t* arena,
                                  uint32_t arena_size, const int32_t* segments) {
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
    if (mlonmcu_is_control_opcode(opcode)) {
      if (!control_ok(ops, tensors, segments, (int32_t)h->num_segments)) return MLONMCU_ERR_BAD_MODEL;
    } else if (!mlonmcu_op_lookup(opcode)) {
      return MLONMCU_ERR_UNSUPPORTED_OP;
    }
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
  h.num_segments = read_u32(blob + 48);
  h.segments_offset = read_u32(blob + 52);
  if (h.magic != MLONMCU_BLOB_MAGIC || h.version != MLONMCU_BLOB_VERSION) return MLONMCU_ERR_BAD_MODEL;
  if (h.blob_size > blob_size) return MLONMCU_ERR_BAD_MODEL;
  /* Sections in order, word aligned, each inside the blob. */
  if ((h.tensors_offset | h.io_offset | h.segments_offset | h.ops_offset | h.const_offset) & 3u)
    return MLONMCU_ERR_BAD_MODEL;
  if (!(MLONMCU_BLOB_HEADER_WORDS * 4u <= h.tensors_offset && h.tensors_offset <= h.io_offset &&
        h.io_offset <= h.segments_offset && h.segments_offset <= h.ops_offset &&
        h.ops_offset <= h.const_offset && h.const_offset <= h.blob_size))
    return MLONMCU_ERR_BAD_MODEL;
  if (h.num_tensors > (h.io_offset - h.tensors_offset) / (MLONMCU_BLOB_TENSOR_WORDS * 4u))
    return MLONMCU_ERR_BAD_MODEL;
  io_words = (h.segments_offset - h.io_offset) / 4u;
  if (h.num_inputs > io_words || h.num_outputs > io_words - h.num_inputs) return MLONMCU_ERR_BAD_MODEL;
  if ((int32_t)h.num_tensors > max_tensors || !tensor_storage) return MLONMCU_ERR_TOO_MANY_TENSORS;
  if (h.arena_size > arena_size || (h.arena_size > 0 && !arena)) return MLONMCU_ERR_ARENA_TOO_SMALL;

  io = (const int32_t*)(const void*)(blob + h.io_offset);
  for (i = 0; i < h.num_inputs + h.num_outputs; ++i)
    if (io[i] < 0 || io[i] >= (int32_t)h.num_tensors) return MLONMCU_ERR_BAD_MODEL;

  status = bind_tensors(blob, &h, arena, arena_size, tensor_storage);
  if (status != MLONMCU_OK) return status;
  /* Segments first: control ops look their subgraphs up. */
  status = check_segments(&h, (const int32_t*)(const void*)(blob + h.segments_offset), tensor_storage, arena,
                          arena_size);
  if (status != MLONMCU_OK) return status;
  status = check_ops(&h, (const int32_t*)(const void*)(blob + h.ops_offset), tensor_storage, arena,
                     arena_size, (const int32_t*)(const void*)(blob + h.segments_offset));
  if (status != MLONMCU_OK) return status;
  if (!segment_offsets_ok(&h, (const int32_t*)(const void*)(blob + h.segments_offset),
                          (const int32_t*)(const void*)(blob + h.ops_offset)))
    return MLONMCU_ERR_BAD_MODEL;

  out_interp->blob = blob;
  out_interp->blob_size = h.blob_size;
  out_interp->tensors = tensor_storage;
  out_interp->num_tensors = (int32_t)h.num_tensors;
  out_interp->num_ops = (int32_t)h.num_ops;
  out_interp->io = io;
  out_interp->num_inputs = (int32_t)h.num_inputs;
  out_interp->num_outputs = (int32_t)h.num_outputs;
  out_interp->ops = (const int32_t*)(const void*)(blob + h.ops_offset);
  out_interp->segments = (const int32_t*)(const void*)(blob + h.segments_offset);
  out_interp->num_segments = (int32_t)h.num_segments;
  return MLONMCU_OK;
}

static void copy_tensors(const mlonmcu_tensor_t* tensors, const int32_t* from, const int32_t* to, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i)
    if (tensors[to[i]].data != tensors[from[i]].data)
      memcpy(tensors[to[i]].data, tensors[from[i]].data, (size_t)tensors[to[i]].bytes);
}

static mlonmcu_status_t run_segment(const mlonmcu_interp_t* interp, const int32_t* seg, int32_t depth);

/* IF, WHILE, CALL_ONCE, copying as TFLite-Micro's kernels do (micro/kernels/if.cc, while.cc,
 * call_once.cc). A subgraph's record: [3] inputs, [4] outputs, then their tensor indices. */
static mlonmcu_status_t run_control(const mlonmcu_interp_t* interp, const int32_t* op, int32_t depth) {
  const mlonmcu_tensor_t* t = interp->tensors;
  const int32_t n_in = op[1], n_out = op[2];
  const int32_t* in = op + 4;
  const int32_t* out = in + n_in;
  const int32_t* params = out + n_out;
  mlonmcu_status_t status = MLONMCU_OK;
  if (op[0] == MLONMCU_OP_CALL_ONCE) {
    uint8_t* has_run = (uint8_t*)t[out[0]].data;
    if (*has_run) return MLONMCU_OK;
    status = run_segment(interp, segment_record(interp->segments, interp->num_segments, params[0]), depth + 1);
    *has_run = 1;
    return status;
  }
  if (op[0] == MLONMCU_OP_IF) {
    const int32_t branch = *(const uint8_t*)t[in[0]].data ? params[0] : params[1];
    const int32_t* seg = segment_record(interp->segments, interp->num_segments, branch);
    copy_tensors(t, in + 1, seg + MLONMCU_BLOB_SEGMENT_WORDS, n_in - 1);
    status = run_segment(interp, seg, depth + 1);
    if (status == MLONMCU_OK) copy_tensors(t, seg + MLONMCU_BLOB_SEGMENT_WORDS + seg[3], out, n_out);
    return status;
  } else {
    const int32_t* cond = segment_record(interp->segments, interp->num_segments, params[0]);
    const int32_t* body = segment_record(interp->segments, interp->num_segments, params[1]);
    const int32_t* cond_in = cond + MLONMCU_BLOB_SEGMENT_WORDS;
    const uint8_t* cond_value = (const uint8_t*)t[cond_in[cond[3]]].data;
    copy_tensors(t, in, cond_in, n_in);
    copy_tensors(t, in, out, n_in);
    status = run_segment(interp, cond, depth + 1);
    while (status == MLONMCU_OK && *cond_value) {
      copy_tensors(t, out, body + MLONMCU_BLOB_SEGMENT_WORDS, n_out);
      status = run_segment(interp, body, depth + 1);
      if (status != MLONMCU_OK) break;
      copy_tensors(t, body + MLONMCU_BLOB_SEGMENT_WORDS + body[3], out, n_out);
      copy_tensors(t, out, cond_in, n_out);
      status = run_segment(interp, cond, depth + 1);
    }
    return status;
  }
}

/* The layer hooks see every computing op (also inside subgraphs, by its index in the blob);
 * control ops themselves are not layers, so the hooks never nest. */
static mlonmcu_status_t run_segment(const mlonmcu_interp_t* interp, const int32_t* seg, int32_t depth) {
  const int32_t* op;
  int32_t i;
  /* The subgraphs call each other without cycles (the reader checks), so a deeper call is a
   * hostile blob. */
  if (!seg || depth > interp->num_segments) return MLONMCU_ERR_BAD_MODEL;
  op = interp->ops + seg[2];
  for (i = seg[0]; i < seg[0] + seg[1]; ++i) {
    mlonmcu_status_t status;
    const int32_t n_in = op[1], n_out = op[2], n_params = op[3];
    if (mlonmcu_is_control_opcode(op[0])) {
      status = run_control(interp, op, depth);
    } else {
      mlonmcu_op_ctx_t ctx;
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
    }
    if (status != MLONMCU_OK) return status;
    op += 4 + n_in + n_out + n_params;
  }
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_interp_invoke(const mlonmcu_interp_t* interp) {
  return run_segment(interp, interp->segments, 0);
}

mlonmcu_tensor_t* mlonmcu_interp_input(const mlonmcu_interp_t* interp, int32_t index) {
  if (index < 0 || index >= interp->num_inputs) return (mlonmcu_tensor_t*)0;
  return &interp->tensors[interp->io[index]];
}

mlonmcu_tensor_t* mlonmcu_interp_output(const mlonmcu_interp_t* interp, int32_t index) {
  if (index < 0 || index >= interp->num_outputs) return (mlonmcu_tensor_t*)0;
  return &interp->tensors[interp->io[interp->num_inputs + index]];
}
