/* Eval glue of ADD, SUB, MUL: inputs in1, in2 of any rank up to 6 that broadcast to the
 * output's shape. */
#include "kernel_calls.h"
#include "op_checks.h"

typedef struct {
  int32_t in1[MLONMCU_KERNELS_BROADCAST_RANK];
  int32_t in2[MLONMCU_KERNELS_BROADCAST_RANK];
  int32_t out[MLONMCU_KERNELS_BROADCAST_RANK];
} broadcast_dims_t;

/* Extends all three shapes to rank 6 and checks each input dim is the output's or 1. */
static int broadcast_ok(const mlonmcu_tensor_t* a, const mlonmcu_tensor_t* b,
                        const mlonmcu_tensor_t* out, int32_t dtype, broadcast_dims_t* d) {
  int32_t i;
  if (!mlonmcu_tensor_fits(a, dtype, -1) || !mlonmcu_tensor_fits(b, dtype, -1) ||
      !mlonmcu_tensor_fits(out, dtype, -1))
    return 0;
  if (a->rank > MLONMCU_KERNELS_BROADCAST_RANK || b->rank > MLONMCU_KERNELS_BROADCAST_RANK ||
      out->rank > MLONMCU_KERNELS_BROADCAST_RANK)
    return 0;
  mlonmcu_broadcast_extend_dims(a->rank, a->dims, d->in1);
  mlonmcu_broadcast_extend_dims(b->rank, b->dims, d->in2);
  mlonmcu_broadcast_extend_dims(out->rank, out->dims, d->out);
  for (i = 0; i < MLONMCU_KERNELS_BROADCAST_RANK; ++i) {
    if (d->in1[i] != d->out[i] && d->in1[i] != 1) return 0;
    if (d->in2[i] != d->out[i] && d->in2[i] != 1) return 0;
  }
  return 1;
}

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV } arith_op_t;

/* ADD and SUB int8. Reference kernels: the params drive the rescaling, so they are checked.
 * Optimized: input 2 (the third) is the table of rescaled input values, which alone tells ADD
 * from SUB. */
static mlonmcu_status_t eval_add_sub_s8(const mlonmcu_op_ctx_t* ctx, arith_op_t op, int reference) {
  mlonmcu_add_s8_params_t p;
  broadcast_dims_t d;
  const mlonmcu_tensor_t* a = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_op_input(ctx, 1);
  mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!broadcast_ok(a, b, out, MLONMCU_DTYPE_S8, &d) || !mlonmcu_shift_ok(p.output_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  if (reference ? !mlonmcu_offset_ok(p.input1_offset) || !mlonmcu_offset_ok(p.input2_offset) ||
                      p.left_shift < 0 || p.left_shift > 22 ||
                      !mlonmcu_shift_ok(p.input1_shift) || !mlonmcu_shift_ok(p.input2_shift)
                : !mlonmcu_add_lut_ok(mlonmcu_op_input(ctx, 2)))
    return MLONMCU_ERR_BAD_PARAMS;
  if (reference && op == OP_ADD)
    mlonmcu_call_ADD_S8_REF(ctx, &p);
  else if (reference)
    mlonmcu_call_SUB_S8_REF(ctx, &p);
  else if (op == OP_ADD)
    mlonmcu_call_ADD_S8(ctx, &p);
  else
    mlonmcu_call_SUB_S8(ctx, &p);
  return MLONMCU_OK;
}

static mlonmcu_status_t eval_arith_f32(const mlonmcu_op_ctx_t* ctx, arith_op_t op) {
  mlonmcu_arith_f32_params_t p;
  broadcast_dims_t d;
  const mlonmcu_tensor_t* a = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_op_input(ctx, 1);
  mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!broadcast_ok(a, b, out, MLONMCU_DTYPE_F32, &d)) return MLONMCU_ERR_BAD_PARAMS;
  if (op == OP_ADD)
    mlonmcu_call_ADD_F32(ctx, &p);
  else if (op == OP_SUB)
    mlonmcu_call_SUB_F32(ctx, &p);
  else
    mlonmcu_call_MUL_F32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_add_s8(const mlonmcu_op_ctx_t* ctx) { return eval_add_sub_s8(ctx, OP_ADD, 0); }
mlonmcu_status_t mlonmcu_eval_add_s8_ref(const mlonmcu_op_ctx_t* ctx) { return eval_add_sub_s8(ctx, OP_ADD, 1); }
mlonmcu_status_t mlonmcu_eval_sub_s8(const mlonmcu_op_ctx_t* ctx) { return eval_add_sub_s8(ctx, OP_SUB, 0); }
mlonmcu_status_t mlonmcu_eval_sub_s8_ref(const mlonmcu_op_ctx_t* ctx) { return eval_add_sub_s8(ctx, OP_SUB, 1); }
mlonmcu_status_t mlonmcu_eval_add_f32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_f32(ctx, OP_ADD); }
mlonmcu_status_t mlonmcu_eval_sub_f32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_f32(ctx, OP_SUB); }
mlonmcu_status_t mlonmcu_eval_mul_f32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_f32(ctx, OP_MUL); }

mlonmcu_status_t mlonmcu_eval_mul_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_mul_s8_params_t p;
  broadcast_dims_t d;
  const mlonmcu_tensor_t* a = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_op_input(ctx, 1);
  mlonmcu_tensor_t* out;
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p))) return MLONMCU_ERR_BAD_PARAMS;
  out = mlonmcu_op_output(ctx, 0);
  if (!broadcast_ok(a, b, out, MLONMCU_DTYPE_S8, &d) || !mlonmcu_offset_ok(p.input1_offset) ||
      !mlonmcu_offset_ok(p.input2_offset) || !mlonmcu_shift_ok(p.output_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_MUL_S8(ctx, &p);
  return MLONMCU_OK;
}

/* int16 ADD, SUB and MUL (elementwise_s16.h): the int8 params, checked as the reference kernels'. */
static mlonmcu_status_t eval_arith_s16(const mlonmcu_op_ctx_t* ctx, arith_op_t op) {
  broadcast_dims_t d;
  const mlonmcu_tensor_t* a = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_op_input(ctx, 1);
  if (ctx->num_outputs < 1 || !broadcast_ok(a, b, mlonmcu_op_output(ctx, 0), MLONMCU_DTYPE_S16, &d))
    return MLONMCU_ERR_BAD_PARAMS;
  if (op != OP_MUL) {
    mlonmcu_add_s8_params_t p;
    if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || p.input1_offset != 0 || p.input2_offset != 0 || p.left_shift < 0 ||
        p.left_shift > 15 || !mlonmcu_shift_ok(p.input1_shift) || !mlonmcu_shift_ok(p.input2_shift) ||
        !mlonmcu_shift_ok(p.output_shift))
      return MLONMCU_ERR_BAD_PARAMS;
    if (op == OP_ADD)
      mlonmcu_call_ADD_S16(ctx, &p);
    else
      mlonmcu_call_SUB_S16(ctx, &p);
  } else {
    mlonmcu_mul_s8_params_t p;
    if (!mlonmcu_read_params(ctx, &p, sizeof(p)) || p.input1_offset != 0 || p.input2_offset != 0 ||
        !mlonmcu_shift_ok(p.output_shift))
      return MLONMCU_ERR_BAD_PARAMS;
    mlonmcu_call_MUL_S16(ctx, &p);
  }
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_add_s16(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s16(ctx, OP_ADD); }
mlonmcu_status_t mlonmcu_eval_sub_s16(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s16(ctx, OP_SUB); }
mlonmcu_status_t mlonmcu_eval_mul_s16(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s16(ctx, OP_MUL); }

/* int32 without quantization (elementwise.h). */
static mlonmcu_status_t eval_arith_s32(const mlonmcu_op_ctx_t* ctx, arith_op_t op) {
  mlonmcu_arith_s32_params_t p;
  broadcast_dims_t d;
  const mlonmcu_tensor_t* a = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_op_input(ctx, 1);
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !broadcast_ok(a, b, mlonmcu_op_output(ctx, 0), MLONMCU_DTYPE_S32, &d))
    return MLONMCU_ERR_BAD_PARAMS;
  if (op == OP_ADD)
    mlonmcu_call_ADD_S32(ctx, &p);
  else if (op == OP_SUB)
    mlonmcu_call_SUB_S32(ctx, &p);
  else if (op == OP_MUL)
    mlonmcu_call_MUL_S32(ctx, &p);
  else
    mlonmcu_call_DIV_S32(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_add_s32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s32(ctx, OP_ADD); }
mlonmcu_status_t mlonmcu_eval_sub_s32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s32(ctx, OP_SUB); }
mlonmcu_status_t mlonmcu_eval_mul_s32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s32(ctx, OP_MUL); }
mlonmcu_status_t mlonmcu_eval_div_s32(const mlonmcu_op_ctx_t* ctx) { return eval_arith_s32(ctx, OP_DIV); }

/* SQUARED_DIFFERENCE int8 / int16 (elementwise.h): ADD/SUB's params, checked as the reference ones'. */
static mlonmcu_status_t eval_squared_difference(const mlonmcu_op_ctx_t* ctx, int32_t dtype) {
  mlonmcu_add_s8_params_t p;
  broadcast_dims_t d;
  const mlonmcu_tensor_t* a = mlonmcu_op_input(ctx, 0);
  const mlonmcu_tensor_t* b = mlonmcu_op_input(ctx, 1);
  if (ctx->num_outputs < 1 || !mlonmcu_read_params(ctx, &p, sizeof(p)) ||
      !broadcast_ok(a, b, mlonmcu_op_output(ctx, 0), dtype, &d) || !mlonmcu_offset_ok(p.input1_offset) ||
      !mlonmcu_offset_ok(p.input2_offset) || p.left_shift < 0 || p.left_shift > 7 ||
      !mlonmcu_shift_ok(p.input1_shift) || !mlonmcu_shift_ok(p.input2_shift) || !mlonmcu_shift_ok(p.output_shift))
    return MLONMCU_ERR_BAD_PARAMS;
  if (dtype == MLONMCU_DTYPE_S8)
    mlonmcu_call_SQUARED_DIFFERENCE_S8(ctx, &p);
  else
    mlonmcu_call_SQUARED_DIFFERENCE_S16(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_squared_difference_s8(const mlonmcu_op_ctx_t* ctx) {
  return eval_squared_difference(ctx, MLONMCU_DTYPE_S8);
}
mlonmcu_status_t mlonmcu_eval_squared_difference_s16(const mlonmcu_op_ctx_t* ctx) {
  return eval_squared_difference(ctx, MLONMCU_DTYPE_S16);
}
