/* UNIDIRECTIONAL_SEQUENCE_LSTM (float32; no peephole, projection or layer norm), bit-exact with
 * TFLite-Micro's reference kernel (lstm_eval.h): per time step, four gates
 *   gate = act(FC(x, W_input) + bias + FC(h, W_recurrent))   (sigmoid; the cell gate: TANH)
 * then c = forget * c + input * cell (clipped to +-cell_clip when > 0), h = tanh(c) * output,
 * and the step's output row is h. Each FC sums from 0.0f in depth order, adds its bias (0.0f for
 * the recurrent one) and clamps to +-FLT_MAX, as TFLM's float FC and MUL do. time_major: input
 * [time][batch][input], all batches per step; else [batch][time][input], one batch at a time.
 * Both states [batch][state] are variable tensors, read and written (persistent memory). */
#ifndef MLONMCU_KERNELS_LSTM_H_
#define MLONMCU_KERNELS_LSTM_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batch;
  int32_t time_steps;
  int32_t input_size;
  int32_t state_size;
  int32_t time_major;
  float cell_clip; /* > 0: clip the cell state to [-cell_clip, cell_clip] */
} mlonmcu_lstm_params_t;

/* Words of scratch the kernel needs (four float gate buffers of one step's rows x state). */
int32_t mlonmcu_lstm_f32_scratch_words(const mlonmcu_lstm_params_t* p);

/* Weights and biases in TFLite's gate order: input (i), forget (f), cell (c), output (o);
 * input weights [state][input], recurrent weights [state][state], biases [state]. */
void mlonmcu_lstm_f32(const mlonmcu_lstm_params_t* p, const float* input, const float* wx_i, const float* wx_f,
                      const float* wx_c, const float* wx_o, const float* wh_i, const float* wh_f,
                      const float* wh_c, const float* wh_o, const float* b_i, const float* b_f,
                      const float* b_c, const float* b_o, float* output_state, float* cell_state,
                      float* output, int32_t* scratch);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_LSTM_H_ */
