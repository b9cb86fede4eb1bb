/* Eval glue of SPLIT / SPLIT_V (one opcode), UNPACK and PACK: the outputs (or inputs) must tile
 * the other side along the axis exactly, so every copied slice stays inside both tensors. */
#include "kernel_calls.h"
#include "op_checks.h"

/* `part` is `whole` with the axis dim replaced (keep_axis) or removed (!keep_axis); adds the
 * part's axis size (1 when removed) to *axis_sum. */
static int part_fits(const mlonmcu_tensor_t* whole, const mlonmcu_tensor_t* part, int32_t axis,
                     int keep_axis, int64_t* axis_sum) {
  int32_t d, e = 0;
  if (!mlonmcu_tensor_ok(part, whole->dtype, keep_axis ? whole->rank : whole->rank - 1)) return 0;
  for (d = 0; d < whole->rank; ++d) {
    if (d == axis) {
      *axis_sum += keep_axis ? part->dims[e++] : 1;
      continue;
    }
    if (part->dims[e++] != whole->dims[d]) return 0;
  }
  return 1;
}

/* The op's one tensor on the `whole` side and its many parts on the other, tiling the axis. */
static mlonmcu_status_t check_parts(const mlonmcu_op_ctx_t* ctx, const mlonmcu_tensor_t* whole,
                                    int parts_are_outputs, int keep_axis, mlonmcu_axis_params_t* p) {
  const int32_t n = parts_are_outputs ? ctx->num_outputs : ctx->num_inputs;
  int64_t axis_sum = 0;
  int32_t k;
  if (!mlonmcu_read_params(ctx, p, sizeof *p) || !mlonmcu_tensor_ok(whole, -1, -1) || p->axis < 0 ||
      p->axis >= whole->rank || n < 1)
    return MLONMCU_ERR_BAD_PARAMS;
  for (k = 0; k < n; ++k) {
    const mlonmcu_tensor_t* part =
        parts_are_outputs ? mlonmcu_output_or_null(ctx, k) : mlonmcu_input_or_null(ctx, k);
    if (!part_fits(whole, part, p->axis, keep_axis, &axis_sum)) return MLONMCU_ERR_BAD_PARAMS;
  }
  return axis_sum == whole->dims[p->axis] ? MLONMCU_OK : MLONMCU_ERR_BAD_PARAMS;
}

mlonmcu_status_t mlonmcu_eval_split(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_axis_params_t p;
  const mlonmcu_status_t s = check_parts(ctx, mlonmcu_input_or_null(ctx, 0), 1, 1, &p);
  if (s == MLONMCU_OK) mlonmcu_call_SPLIT(ctx, &p);
  return s;
}

mlonmcu_status_t mlonmcu_eval_unpack(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_axis_params_t p;
  const mlonmcu_status_t s = check_parts(ctx, mlonmcu_input_or_null(ctx, 0), 1, 0, &p);
  if (s == MLONMCU_OK) mlonmcu_call_UNPACK(ctx, &p);
  return s;
}

mlonmcu_status_t mlonmcu_eval_pack(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_axis_params_t p;
  mlonmcu_status_t s = check_parts(ctx, mlonmcu_output_or_null(ctx, 0), 0, 0, &p);
  if (s == MLONMCU_OK) {
    mlonmcu_concatenation_params_t c;
    c.axis = p.axis;
    mlonmcu_call_PACK(ctx, &c);
  }
  return s;
}
