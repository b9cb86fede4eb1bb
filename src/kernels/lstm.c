#include "mlonmcu/kernels/lstm.h"

#include <float.h>

#include "mlonmcu/kernels/logistic.h"
#include "mlonmcu/kernels/tanh.h"

/* TFLM's ActivationFunctionWithMinMax over [lowest, max]: std::min(std::max(x, lo), hi), which
 * turns +-inf into +-FLT_MAX and lets NaN through. */
static float clamp_finite(float x) {
  const float lo = x < -FLT_MAX ? -FLT_MAX : x;
  return FLT_MAX < lo ? FLT_MAX : lo;
}

/* out[b][s] = clamp(sum_d x[b][d] * w[s][d] + bias[s]); bias NULL adds 0.0f as TFLM does (so a
 * -0.0f sum becomes +0.0f). */
static void fc(const float* x, const float* w, const float* bias, int32_t batch, int32_t depth, int32_t units,
               float* out) {
  int32_t b, s, d;
  for (b = 0; b < batch; ++b)
    for (s = 0; s < units; ++s) {
      const float* xr = x + (int64_t)b * depth;
      const float* wr = w + (int64_t)s * depth;
      float total = 0.0f;
      for (d = 0; d < depth; ++d) total += xr[d] * wr[d];
      out[(int64_t)b * units + s] = clamp_finite(total + (bias ? bias[s] : 0.0f));
    }
}

/* One gate of one step (TFLM's CalculateLstmGate): input FC with bias, recurrent FC without,
 * their sum, then sigmoid or (the cell gate) tanh in place. */
static void gate(const float* x, const float* h, const float* wx, const float* wh, const float* bias,
                 int32_t batch, int32_t input_size, int32_t state_size, int use_tanh, float* out, float* tmp) {
  const int32_t n = batch * state_size;
  int32_t i;
  fc(x, wx, bias, batch, input_size, state_size, out);
  fc(h, wh, 0, batch, state_size, state_size, tmp);
  for (i = 0; i < n; ++i) out[i] = out[i] + tmp[i];
  if (use_tanh) mlonmcu_tanh_f32(out, out, n);
  else mlonmcu_logistic_f32(out, out, n);
}

int32_t mlonmcu_lstm_f32_scratch_words(const mlonmcu_lstm_params_t* p) {
  return 4 * (p->time_major ? p->batch : 1) * p->state_size;
}

void mlonmcu_lstm_f32(const mlonmcu_lstm_params_t* p, const float* input, const float* wx_i, const float* wx_f,
                      const float* wx_c, const float* wx_o, const float* wh_i, const float* wh_f,
                      const float* wh_c, const float* wh_o, const float* b_i, const float* b_f,
                      const float* b_c, const float* b_o, float* output_state, float* cell_state,
                      float* output, int32_t* scratch_words) {
  const int32_t in_n = p->input_size, st_n = p->state_size;
  /* Rows per step: every batch when time major, else one batch's row at a time. */
  const int32_t rows = p->time_major ? p->batch : 1, runs = p->time_major ? 1 : p->batch;
  const int32_t n = rows * st_n;
  /* The work buffer is int32 words of arena memory (LowerContext::add_scratch); floats here. */
  float* scratch = (float*)(void*)scratch_words;
  float* forget = scratch;
  float* in_gate = scratch + n;
  float* cell_gate = scratch + 2 * n;
  float* tmp = scratch + 3 * n;
  int32_t r, t, i;
  for (r = 0; r < runs; ++r) {
    float* h = output_state + (int64_t)r * st_n;
    float* c = cell_state + (int64_t)r * st_n;
    for (t = 0; t < p->time_steps; ++t) {
      /* time major: step t's rows follow t x batch rows; else run r's rows T x r + t. */
      const int64_t row = p->time_major ? (int64_t)t * p->batch : (int64_t)r * p->time_steps + t;
      const float* x = input + row * in_n;
      float* out = output + row * st_n;
      gate(x, h, wx_f, wh_f, b_f, rows, in_n, st_n, 0, forget, tmp);
      gate(x, h, wx_i, wh_i, b_i, rows, in_n, st_n, 0, in_gate, tmp);
      gate(x, h, wx_c, wh_c, b_c, rows, in_n, st_n, 1, cell_gate, tmp);
      /* c = forget * c + input * cell, each product clamped as TFLM's MUL, then the clip:
       * std::max(std::min(clip, c), -clip). */
      for (i = 0; i < n; ++i) {
        const float kept = clamp_finite(forget[i] * c[i]);
        const float added = clamp_finite(in_gate[i] * cell_gate[i]);
        float v = kept + added;
        if (p->cell_clip > 0.0f) {
          v = v < p->cell_clip ? v : p->cell_clip;
          v = v < -p->cell_clip ? -p->cell_clip : v;
        }
        c[i] = v;
      }
      /* The output gate reads the old h; then h = tanh(c) * output gate. */
      gate(x, h, wx_o, wh_o, b_o, rows, in_n, st_n, 0, in_gate, tmp);
      mlonmcu_tanh_f32(c, forget, n);
      for (i = 0; i < n; ++i) h[i] = clamp_finite(forget[i] * in_gate[i]);
      for (i = 0; i < n; ++i) out[i] = h[i];
    }
  }
}
