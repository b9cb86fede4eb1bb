/* Integer UNIDIRECTIONAL_SEQUENCE_LSTM (lstm.h), step for step TFLM's EvalLstm on its integer
 * path: the same gate order, buffer reuse and roundings. s8 and s16 differ only in the
 * activation and bias dtypes, so one driver takes both (wide = s16). */
#include "mlonmcu/kernels/lstm.h"

#include "kernel_util.h"
#include "requantize_s64.h"
#include "sigmoid_s16.h"

static int16_t saturate_s16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : (v > 32767 ? 32767 : v)); }

/* out[r][u] = int16(requant(sum_d w[u][d] * (x[r][d] + x_offset) + bias[u])): TFLM's integer FC
 * with an int16 output, zero point 0, full int16 range. s8 sums in 32 bits (wrapping instead of
 * overflowing), s16 in 64 bits; bias NULL for the recurrent FCs. */
static void fc_q312(int wide, const void* x, int32_t x_offset, const int8_t* w, const void* bias, int32_t rows,
                    int32_t depth, int32_t units, mlonmcu_lstm_scale_t s, int16_t* out) {
  int32_t r, u, d;
  for (r = 0; r < rows; ++r)
    for (u = 0; u < units; ++u) {
      const int8_t* wr = w + (int64_t)u * depth;
      int32_t v;
      if (wide) {
        const int16_t* xr = (const int16_t*)x + (int64_t)r * depth;
        int64_t acc = 0;
        for (d = 0; d < depth; ++d) acc += (int32_t)wr[d] * ((int32_t)xr[d] + x_offset);
        if (bias) acc += ((const int64_t*)bias)[u];
        v = mlonmcu_multiply_by_quantized_multiplier_s64(acc, s.multiplier, s.shift);
      } else {
        const int8_t* xr = (const int8_t*)x + (int64_t)r * depth;
        uint32_t acc = 0;
        for (d = 0; d < depth; ++d) acc += (uint32_t)((int32_t)wr[d] * ((int32_t)xr[d] + x_offset));
        if (bias) acc += (uint32_t)((const int32_t*)bias)[u];
        v = mlonmcu_multiply_by_quantized_multiplier((int32_t)acc, s.multiplier, s.shift);
      }
      out[(int64_t)r * units + u] = saturate_s16(v);
    }
}

/* TFLM's MulElementwise of two int16 tensors without offsets: requant(a * b) + zero point, clamped. */
static int32_t mul_q(int16_t a, int16_t b, mlonmcu_lstm_scale_t s, int32_t zero_point, int32_t lo, int32_t hi) {
  return mlonmcu_clamp_s32(zero_point + mlonmcu_multiply_by_quantized_multiplier((int32_t)a * b, s.multiplier, s.shift),
                           lo, hi);
}

typedef struct {
  int wide;
  const mlonmcu_lstm_q_params_t* p;
  const int8_t* wx[4];
  const int8_t* wh[4];
  const void* bias[4];
} lstm_q_args_t;

/* Gate g of one step (TFLM's CalculateLstmGate): both FCs, their saturating sum, then sigmoid, or
 * tanh for the cell gate (g == 2); both with Q3.12 inputs (multiplier 3, no shift). */
static void gate(const lstm_q_args_t* a, int g, const void* x, const void* h, int32_t rows, int16_t* out,
                 int16_t* tmp) {
  const mlonmcu_lstm_params_t* sp = &a->p->shape;
  const int32_t n = rows * sp->state_size;
  int32_t i;
  fc_q312(a->wide, x, a->p->input_offset, a->wx[g], a->bias[g], rows, sp->input_size, sp->state_size,
          a->p->input_fc[g], out);
  fc_q312(a->wide, h, a->p->hidden_offset, a->wh[g], 0, rows, sp->state_size, sp->state_size, a->p->recurrent_fc[g],
          tmp);
  for (i = 0; i < n; ++i) out[i] = saturate_s16((int32_t)out[i] + tmp[i]);
  for (i = 0; i < n; ++i) out[i] = g == 2 ? mlonmcu_tanh_s16_one(out[i], 3, 0) : mlonmcu_sigmoid_s16_one(out[i], 3, 0);
}

static void lstm_q(const lstm_q_args_t* a, const void* input, void* hidden, int16_t* cell_state, void* output,
                   int32_t* scratch_words) {
  const mlonmcu_lstm_q_params_t* p = a->p;
  const mlonmcu_lstm_params_t* sp = &p->shape;
  const int32_t in_n = sp->input_size, st_n = sp->state_size;
  const size_t bytes = a->wide ? 2u : 1u;
  /* Rows per step: every batch when time major, else one batch's row at a time. */
  const int32_t rows = sp->time_major ? sp->batch : 1, runs = sp->time_major ? 1 : sp->batch;
  const int32_t n = rows * st_n;
  const int32_t h_lo = a->wide ? -32768 : -128, h_hi = a->wide ? 32767 : 127;
  /* TFLM's four buffers: forget, input (later the input x cell product, then the output gate),
   * cell gate, FC scratch. int16 in int32 words of arena memory. */
  int16_t* forget = (int16_t*)(void*)scratch_words;
  int16_t* in_gate = forget + n;
  int16_t* cell_gate = forget + 2 * n;
  int16_t* tmp = forget + 3 * n;
  int32_t r, t, i;
  for (r = 0; r < runs; ++r) {
    char* h = (char*)hidden + (size_t)r * (size_t)st_n * bytes;
    int16_t* c = cell_state + (int64_t)r * st_n;
    for (t = 0; t < sp->time_steps; ++t) {
      /* time major: step t's rows follow t x batch rows; else run r's rows T x r + t. */
      const int64_t row = sp->time_major ? (int64_t)t * sp->batch : (int64_t)r * sp->time_steps + t;
      const char* x = (const char*)input + (size_t)(row * in_n) * bytes;
      char* out = (char*)output + (size_t)(row * st_n) * bytes;
      gate(a, 1, x, h, rows, forget, tmp);
      gate(a, 0, x, h, rows, in_gate, tmp);
      gate(a, 2, x, h, rows, cell_gate, tmp);
      /* c = forget x c + input x cell gate, each product requantized to the cell scale, the sum
       * saturated, then the clip (TFLM: when the float clip > 0). */
      for (i = 0; i < n; ++i) {
        const int32_t kept = mul_q(forget[i], c[i], p->forget_cell, 0, -32768, 32767);
        const int32_t added = mul_q(in_gate[i], cell_gate[i], p->input_cell, 0, -32768, 32767);
        int32_t v = saturate_s16(kept + added);
        if (p->clip) {
          v = v < p->quantized_clip ? v : p->quantized_clip;
          v = v < -p->quantized_clip ? -p->quantized_clip : v;
        }
        c[i] = (int16_t)v;
      }
      /* The output gate reads the old h; then h = tanh(c) x output gate, requantized to h. */
      gate(a, 3, x, h, rows, in_gate, tmp);
      for (i = 0; i < n; ++i) forget[i] = mlonmcu_tanh_s16_one(c[i], p->cell_tanh_multiplier, p->cell_tanh_shift);
      for (i = 0; i < n; ++i) {
        const int32_t v = mul_q(forget[i], in_gate[i], p->hidden, p->hidden_zero_point, h_lo, h_hi);
        if (a->wide) ((int16_t*)(void*)h)[i] = (int16_t)v;
        else ((int8_t*)(void*)h)[i] = (int8_t)v;
      }
      for (i = 0; i < (int32_t)((size_t)n * bytes); ++i) out[i] = h[i];
    }
  }
}

int32_t mlonmcu_lstm_q_scratch_words(const mlonmcu_lstm_params_t* p) {
  return 2 * (p->time_major ? p->batch : 1) * p->state_size;
}

void mlonmcu_lstm_s8(const mlonmcu_lstm_q_params_t* p, const int8_t* input, const int8_t* wx_i,
                     const int8_t* wx_f, const int8_t* wx_c, const int8_t* wx_o, const int8_t* wh_i,
                     const int8_t* wh_f, const int8_t* wh_c, const int8_t* wh_o, const int32_t* b_i,
                     const int32_t* b_f, const int32_t* b_c, const int32_t* b_o, int8_t* output_state,
                     int16_t* cell_state, int8_t* output, int32_t* scratch) {
  const lstm_q_args_t a = {0, p, {wx_i, wx_f, wx_c, wx_o}, {wh_i, wh_f, wh_c, wh_o}, {b_i, b_f, b_c, b_o}};
  lstm_q(&a, input, output_state, cell_state, output, scratch);
}

void mlonmcu_lstm_s16(const mlonmcu_lstm_q_params_t* p, const int16_t* input, const int8_t* wx_i,
                      const int8_t* wx_f, const int8_t* wx_c, const int8_t* wx_o, const int8_t* wh_i,
                      const int8_t* wh_f, const int8_t* wh_c, const int8_t* wh_o, const int64_t* b_i,
                      const int64_t* b_f, const int64_t* b_c, const int64_t* b_o, int16_t* output_state,
                      int16_t* cell_state, int16_t* output, int32_t* scratch) {
  const lstm_q_args_t a = {1, p, {wx_i, wx_f, wx_c, wx_o}, {wh_i, wh_f, wh_c, wh_o}, {b_i, b_f, b_c, b_o}};
  lstm_q(&a, input, output_state, cell_state, output, scratch);
}
