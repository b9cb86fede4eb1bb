/* Eval glue of UNIDIRECTIONAL_SEQUENCE_LSTM float32 (lstm.h): input of batch * time * input_size,
 * input weights [state, input], recurrent weights [state, state], biases [state]; outputs: the
 * output (batch * time * state), output state and cell state (batch * state each, written, so
 * arena memory, which the interpreter checks for outputs) and the kernel's work buffer. */
#include "kernel_calls.h"
#include "op_checks.h"

static int f32_elements(const mlonmcu_tensor_t* t, int64_t n) {
  return mlonmcu_tensor_fits(t, MLONMCU_DTYPE_F32, -1) && mlonmcu_tensor_elements64(t) == n;
}

mlonmcu_status_t mlonmcu_eval_lstm_f32(const mlonmcu_op_ctx_t* ctx) {
  mlonmcu_lstm_params_t p;
  int64_t state;
  int32_t k;
  const mlonmcu_tensor_t* scratch;
  if (ctx->num_inputs < 13 || ctx->num_outputs < 4 || !mlonmcu_read_params(ctx, &p, sizeof p) ||
      !mlonmcu_extent_ok(p.batch, 1) || !mlonmcu_extent_ok(p.time_steps, 1) || !mlonmcu_extent_ok(p.input_size, 1) ||
      !mlonmcu_extent_ok(p.state_size, 1))
    return MLONMCU_ERR_BAD_PARAMS;
  state = (int64_t)p.batch * p.state_size;
  if (!f32_elements(mlonmcu_input_or_null(ctx, 0), (int64_t)p.batch * p.time_steps * p.input_size) ||
      !f32_elements(mlonmcu_output_or_null(ctx, 0), state * p.time_steps) ||
      !f32_elements(mlonmcu_output_or_null(ctx, 1), state) || !f32_elements(mlonmcu_output_or_null(ctx, 2), state))
    return MLONMCU_ERR_BAD_PARAMS;
  for (k = 0; k < 4; ++k)
    if (!f32_elements(mlonmcu_input_or_null(ctx, 1 + k), (int64_t)p.state_size * p.input_size) ||
        !f32_elements(mlonmcu_input_or_null(ctx, 5 + k), (int64_t)p.state_size * p.state_size) ||
        !f32_elements(mlonmcu_input_or_null(ctx, 9 + k), p.state_size))
      return MLONMCU_ERR_BAD_PARAMS;
  scratch = mlonmcu_output_or_null(ctx, 3);
  if (!scratch || !mlonmcu_tensor_fits(scratch, MLONMCU_DTYPE_S32, -1) ||
      mlonmcu_tensor_elements64(scratch) < mlonmcu_lstm_f32_scratch_words(&p))
    return MLONMCU_ERR_BAD_PARAMS;
  mlonmcu_call_UNIDIRECTIONAL_SEQUENCE_LSTM_F32(ctx, &p);
  return MLONMCU_OK;
}
