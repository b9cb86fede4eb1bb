/* Eval glue of STRIDED_SLICE: every selected index must lie inside the input, and the selection
 * must have exactly the output's element count. */
#include "kernel_calls.h"
#include "op_checks.h"

mlonmcu_status_t mlonmcu_eval_strided_slice(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_strided_slice_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int64_t selected = 1;
  int32_t d;
  if (!mlonmcu_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (!mlonmcu_tensor_ok(in, -1, -1) || !mlonmcu_tensor_ok(out, in->dtype, -1) ||
      p.rank != in->rank || p.rank > MLONMCU_STRIDED_SLICE_MAX_RANK)
    return MLONMCU_ERR_BAD_PARAMS;
  for (d = 0; d < p.rank; ++d) {
    int32_t count;
    if (p.stride[d] == 0 || p.stride[d] == INT32_MIN) return MLONMCU_ERR_BAD_PARAMS;
    count = mlonmcu_strided_slice_count(p.start[d], p.stop[d], p.stride[d]);
    if (count > 0) {
      const int64_t last = (int64_t)p.start[d] + (int64_t)(count - 1) * p.stride[d];
      if (p.start[d] < 0 || p.start[d] >= in->dims[d] || last < 0 || last >= in->dims[d])
        return MLONMCU_ERR_BAD_PARAMS;
    }
    selected *= count;
  }
  if (selected != mlonmcu_tensor_elements64(out)) return MLONMCU_ERR_BAD_PARAMS;
  if (selected == 0) return MLONMCU_OK;
  mlonmcu_call_STRIDED_SLICE(ctx, &p);
  return MLONMCU_OK;
}
