/* Eval glue of UNIDIRECTIONAL_SEQUENCE_LSTM (lstm.h): input of batch * time * input_size,
 * input weights [state, input], recurrent weights [state, state], biases [state]; outputs: the
 * output (batch * time * state), output state and cell state (batch * state each, written, so
 * arena memory, which the interpreter checks for outputs) and the kernel's work buffer.
 * float32, or s8 / s16 activations with int8 weights, int32 / int64 biases, an int16 cell. */
#include "kernel_calls.h"
#include "op_checks.h"

static int elements_are(const mlonmcu_tensor_t* t, int32_t dtype, int64_t n) {
  return mlonmcu_tensor_fits(t, dtype, -1) && mlonmcu_tensor_elements64(t) == n;
}

static int lstm_ok(const mlonmcu_op_ctx_t* ctx, const mlonmcu_lstm_params_t* p, int32_t act, int32_t weight,
                   int32_t bias, int32_t cell, int32_t scratch_words) {
  int64_t state;
  int32_t k;
  const mlonmcu_tensor_t* scratch;
  if (ctx->num_inputs < 13 || ctx->num_outputs < 4 || !mlonmcu_extent_ok(p->batch, 1) ||
      !mlonmcu_extent_ok(p->time_steps, 1) || !mlonmcu_extent_ok(p->input_size, 1) ||
      !mlonmcu_extent_ok(p->state_size, 1))
    return 0;
  state = (int64_t)p->batch * p->state_size;
  if (!elements_are(mlonmcu_input_or_null(ctx, 0), act, (int64_t)p->batch * p->time_steps * p->input_size) ||
      !elements_are(mlonmcu_output_or_null(ctx, 0), act, state * p->time_steps) ||
      !elements_are(mlonmcu_output_or_null(ctx, 1), act, state) ||
      !elements_are(mlonmcu_output_or_null(ctx, 2), cell, state))
    return 0;
  for (k = 0; k < 4; ++k)
    if (!elements_are(mlonmcu_input_or_null(ctx, 1 + k), weight, (int64_t)p->state_size * p->input_size) ||
        !elements_are(mlonmcu_input_or_null(ctx, 5 + k), weight, (int64_t)p->state_size * p->state_size) ||
        !elements_are(mlonmcu_input_or_null(ctx, 9 + k), bias, p->state_size))
      return 0;
  scratch = mlonmcu_output_or_null(ctx, 3);
  return scratch && mlonmcu_tensor_fits(scratch, MLONMCU_DTYPE_S32, -1) &&
         mlonmcu_tensor_elements64(scratch) >= scratch_words;
}

mlonmcu_status_t mlonmcu_eval_lstm_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_lstm_params_t p;
  if (!mlonmcu_read_params(ctx, &p, sizeof p) ||
      !lstm_ok(ctx, &p, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32, MLONMCU_DTYPE_F32,
               mlonmcu_lstm_f32_scratch_words(&p)))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_UNIDIRECTIONAL_SEQUENCE_LSTM_F32(ctx, &p);
  return MLONMCU_OK;
}

/* The fixed-point helpers' ranges: shifts TFLite's QuantizeMultiplier produces (the 64-bit
 * requantization of the s16 FCs up to 14), int8 zero points, the tanh's input scaling. */
static int scale_ok(mlonmcu_lstm_scale_t s, int32_t max_shift) {
  return s.multiplier >= 0 && mlonmcu_shift_ok(s.shift) && s.shift <= max_shift;
}

static int lstm_q_ok(const mlonmcu_op_ctx_t* ctx, mlonmcu_lstm_q_params_t* p, int wide) {
  const int32_t fc_max_shift = wide ? 14 : 30;
  int32_t g;
  if (!mlonmcu_read_params(ctx, p, sizeof *p) ||
      !lstm_ok(ctx, &p->shape, wide ? MLONMCU_DTYPE_S16 : MLONMCU_DTYPE_S8, MLONMCU_DTYPE_S8,
               wide ? MLONMCU_DTYPE_S64 : MLONMCU_DTYPE_S32, MLONMCU_DTYPE_S16, mlonmcu_lstm_q_scratch_words(&p->shape)))
    return 0;
  for (g = 0; g < 4; ++g)
    if (!scale_ok(p->input_fc[g], fc_max_shift) || !scale_ok(p->recurrent_fc[g], fc_max_shift)) return 0;
  return scale_ok(p->forget_cell, 30) && scale_ok(p->input_cell, 30) && scale_ok(p->hidden, 30) &&
         mlonmcu_offset_ok(p->input_offset) && mlonmcu_offset_ok(p->hidden_offset) &&
         mlonmcu_offset_ok(p->hidden_zero_point) && p->quantized_clip >= 0 && p->quantized_clip <= 32767 &&
         p->cell_tanh_multiplier >= 0 && p->cell_tanh_multiplier <= (3 << 14) && p->cell_tanh_shift >= 0 &&
         p->cell_tanh_shift <= 31;
}

mlonmcu_status_t mlonmcu_eval_lstm_s8(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_lstm_q_params_t p;
  if (!lstm_q_ok(ctx, &p, 0)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_UNIDIRECTIONAL_SEQUENCE_LSTM_S8(ctx, &p);
  return MLONMCU_OK;
}

mlonmcu_status_t mlonmcu_eval_lstm_s16(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_lstm_q_params_t p;
  if (!lstm_q_ok(ctx, &p, 1)) return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_UNIDIRECTIONAL_SEQUENCE_LSTM_S16(ctx, &p);
  return MLONMCU_OK;
}
