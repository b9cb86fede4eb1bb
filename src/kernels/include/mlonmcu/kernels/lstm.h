/* UNIDIRECTIONAL_SEQUENCE_LSTM (float32; no peephole, projection or layer norm), bit-exact with
 * TFLite-Micro's reference kernel (lstm_eval.h): per time step, four gates
 *   gate = act(FC(x, W_input) + bias + FC(h, W_recurrent))   (sigmoid; the cell gate: TANH)
 * then c = forget * c + input * cell (clipped to +-cell_clip when > 0), h = tanh(c) * output,
 * and the step's output row is h. Each FC sums from 0.0f in depth order, adds its bias (0.0f for
 * the recurrent one) and clamps to +-FLT_MAX, as TFLM's float FC and MUL do. time_major: input
 * [time][batch][input], all batches per step; else [batch][time][input], one batch at a time.
 * Both states [batch][state] are variable tensors, read and written (persistent memory).
 *
 * The integer kernels (TFLM's integer path, lstm_eval.cc) run the same steps on int8 (s8) or int16
 * (s16) activations with int8 weights, int32 (s8) or int64 (s16) biases and an int16 cell state:
 * each FC requantizes its sum to int16 Q3.12 (the input FC with the bias, the recurrent one
 * without), the two add with int16 saturation, sigmoid / tanh give Q0.15 (TFLM's table
 * interpolation), the products are requantized to the cell state (clipped to +-clip) and to the
 * output state, whose zero point the recurrent FCs subtract again. */
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

/* A requantization: Q31 multiplier and power-of-two shift (TFLite's QuantizeMultiplier). */
typedef struct {
  int32_t multiplier;
  int32_t shift;
} mlonmcu_lstm_scale_t;

/* Everything TFLM's Prepare derives for the integer path, in gate order i, f, c, o. */
typedef struct {
  mlonmcu_lstm_params_t shape;      /* shape.cell_clip unused: see clip / quantized_clip */
  int32_t input_offset;             /* -input zero point */
  int32_t hidden_offset;            /* -output state zero point (the recurrent FCs' input) */
  int32_t hidden_zero_point;        /* the output state's zero point (s16: 0) */
  mlonmcu_lstm_scale_t input_fc[4]; /* input x weights -> Q3.12 */
  mlonmcu_lstm_scale_t recurrent_fc[4];
  mlonmcu_lstm_scale_t forget_cell; /* Q0.15 x cell -> cell */
  mlonmcu_lstm_scale_t input_cell;  /* Q0.15 x Q0.15 -> cell */
  mlonmcu_lstm_scale_t hidden;      /* Q0.15 x Q0.15 -> output state */
  int32_t clip;                     /* 1: clip the cell state to [-quantized_clip, quantized_clip] */
  int32_t quantized_clip;
  /* tanh of the cell state: input (x * multiplier + rounding) >> shift in TFLM's Q3.12-style
   * scaling (from the cell scale's power of two); the gates' own tanh uses 3 and 0. */
  int32_t cell_tanh_multiplier;
  int32_t cell_tanh_shift;
} mlonmcu_lstm_q_params_t;

/* Words of scratch the integer kernels need (four int16 gate buffers of one step's rows x state). */
int32_t mlonmcu_lstm_q_scratch_words(const mlonmcu_lstm_params_t* p);

void mlonmcu_lstm_s8(const mlonmcu_lstm_q_params_t* p, const int8_t* input, const int8_t* wx_i,
                     const int8_t* wx_f, const int8_t* wx_c, const int8_t* wx_o, const int8_t* wh_i,
                     const int8_t* wh_f, const int8_t* wh_c, const int8_t* wh_o, const int32_t* b_i,
                     const int32_t* b_f, const int32_t* b_c, const int32_t* b_o, int8_t* output_state,
                     int16_t* cell_state, int8_t* output, int32_t* scratch);

void mlonmcu_lstm_s16(const mlonmcu_lstm_q_params_t* p, const int16_t* input, const int8_t* wx_i,
                      const int8_t* wx_f, const int8_t* wx_c, const int8_t* wx_o, const int8_t* wh_i,
                      const int8_t* wh_f, const int8_t* wh_c, const int8_t* wh_o, const int64_t* b_i,
                      const int64_t* b_f, const int64_t* b_c, const int64_t* b_o, int16_t* output_state,
                      int16_t* cell_state, int16_t* output, int32_t* scratch);

#ifdef __cplusplus
}
#endif

#endif /* MLONMCU_KERNELS_LSTM_H_ */
