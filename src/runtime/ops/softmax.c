/* Eval glue of SOFTMAX (int8, int8 -> int16, float32, int16): rows are the innermost dimension. */
#include "kernel_calls.h"
#include "op_checks.h"

/* Same dims in and out; the kernel sees outer_size rows of depth values. */
static int softmax_rows(const mlonmcu_tensor_t* in, const mlonmcu_tensor_t* out, int32_t* outer,
                        int32_t* depth) {
  int32_t d;
  if (in->rank < 1 || in->rank != out->rank) return 0;
  for (d = 0; d < in->rank; ++d) {
    if (in->dims[d] != out->dims[d]) return 0;
  }
  *depth = in->dims[in->rank - 1];
  *outer = *depth == 0 ? 0 : (int32_t)(mlonmcu_tensor_elements64(in) / *depth);
  return 1;
}

/* int8 input, output of out_dtype (int8 or int16): the same params. */
static int softmax_s8_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_softmax_s8_params_t* p, int32_t out_dtype) {
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t outer;
  int32_t depth;
  return mlonmcu_read_params(ctx, p, sizeof *p) && mlonmcu_tensor_ok(in, MLONMCU_DTYPE_S8, -1) &&
         mlonmcu_tensor_ok(out, out_dtype, -1) && softmax_rows(in, out, &outer, &depth) &&
         p->input_left_shift >= 0 && p->input_left_shift <= 31 && p->input_multiplier >= 0 &&
         p->diff_min <= 0;
}

mlonmcu_status_t mlonmcu_eval_softmax_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_softmax_s8_params_t p;
  if (!softmax_s8_ok(ctx, &p, MLONMCU_DTYPE_S8)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SOFTMAX_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_softmax_s8_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_softmax_s8_params_t p;
  if (!softmax_s8_ok(ctx, &p, MLONMCU_DTYPE_S16)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SOFTMAX_S8_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_softmax_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_softmax_f32_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t outer;
  int32_t depth;
  if (!mlonmcu_read_params(ctx, &p, sizeof p)) return MLONMCU_ERR_BAD_PARAMS;
  if (!mlonmcu_tensor_ok(in, MLONMCU_DTYPE_F32, -1) ||
      !mlonmcu_tensor_ok(out, MLONMCU_DTYPE_F32, -1) || !softmax_rows(in, out, &outer, &depth))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_SOFTMAX_F32(ctx, &p);
  return MLONMCU_OK;
}

/* int16 (softmax_s16.h): outer x depth elements in and out, the exp and reciprocal tables. */
mlonmcu_status_t mlonmcu_eval_softmax_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_softmax_s16_params_t p;
  const mlonmcu_tensor_t* in = mlonmcu_input_or_null(ctx, 0);
  const mlonmcu_tensor_t* out = mlonmcu_output_or_null(ctx, 0);
  int32_t outer;
  int32_t depth;
  int32_t t;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) || !mlonmcu_tensor_ok(in, MLONMCU_DTYPE_S16, -1) ||
      !mlonmcu_tensor_ok(out, MLONMCU_DTYPE_S16, -1) || !softmax_rows(in, out, &outer, &depth) ||
      outer != p.outer || depth != p.depth || depth > (1 << 16) || !mlonmcu_shift_ok(p.input_shift) ||
      p.input_multiplier < 0)
    return MLONMCU_ERR_BAD_PARAMS;
  for (t = 1; t <= 2; ++t) {
    const mlonmcu_tensor_t* table = mlonmcu_input_or_null(ctx, t);
    if (!mlonmcu_tensor_ok(table, MLONMCU_DTYPE_S16, -1) ||
        mlonmcu_tensor_elements64(table) != MLONMCU_SOFTMAX_S16_LUT_SIZE)
      return MLONMCU_ERR_BAD_PARAMS;
  }
  mlonmcu_call_SOFTMAX_S16(ctx, &p);
  return MLONMCU_OK;
}
