// UNIDIRECTIONAL_SEQUENCE_LSTM float32: random batch, time steps, input and state sizes, time
// major or batch major, a TANH cell gate, with and without a cell clip (small enough that the
// cell state reaches it). The 24 operands: no peephole, projection or layer norm (absent, as
// TFLite-Micro requires); both states variable tensors starting at 0 (int8: the zero point), so
// later time steps read states earlier ones wrote.
// int8 / int16 as a converter quantizes an LSTM for TFLM's integer path: per-tensor symmetric
// int8 weights, int32 / int64 biases at input x weight scale, an int16 cell state with a power
// of two scale (now and then not one: TFLM rounds its log2), the output with the output state's
// quantization. Scales put the gates' Q3.12 inputs around +-4 (some saturate); edge cases: cell
// scales from 2^-16 to 2^-8 (tanh input shifted right and left), extreme output state zero
// points, clips that quantize to 0 or saturate int16. The converter's intermediate tensors are
// left out: TFLM reads none of them.
#include "difftest/cases/case_util.h"

namespace mlonmcu::difftest {

namespace {

using namespace gen;
using T = ir::OpType;

OpCase lstm(Rng& rng, bool clip) {
  GraphBuilder b("lstm", rng.next());
  const DType f = DType::Float32;
  const int32_t batch = rng.uniform_int(1, 3), steps = rng.uniform_int(1, 4);
  const int32_t in_size = rng.uniform_int(1, 5), state = rng.uniform_int(1, 5);
  ir::LstmOptions o;
  o.activation = ir::Activation::Tanh;
  o.time_major = rng.uniform_int(0, 1) == 1;
  if (clip) o.cell_clip = 0.25f * static_cast<float>(rng.uniform_int(1, 8));
  o.proj_clip = clip ? 1.5f : 0.0f;  // no projection: TFLM ignores it
  const std::vector<int32_t> seq = o.time_major ? std::vector<int32_t>{steps, batch} : std::vector<int32_t>{batch, steps};
  std::vector<int32_t> inputs(24, -1);
  inputs[0] = input(b, rng, "x", f, {seq[0], seq[1], in_size});
  static const char* kGates[] = {"input", "forget", "cell", "output"};
  for (int g = 0; g < 4; ++g) {
    const std::string gate = kGates[g];
    inputs[static_cast<size_t>(1 + g)] = random_const(b, rng, gate + "_input_weights", f, {state, in_size});
    inputs[static_cast<size_t>(5 + g)] = random_const(b, rng, gate + "_recurrent_weights", f, {state, state});
    inputs[static_cast<size_t>(12 + g)] = random_const(b, rng, gate + "_bias", f, {state});
  }
  for (const auto& [slot, name] : {std::pair{18, "output_state"}, {19, "cell_state"}}) {
    const int32_t t = b.add_tensor(name, f, {batch, state});
    b.graph().tensors[static_cast<size_t>(t)].is_variable = true;
    inputs[static_cast<size_t>(slot)] = t;
  }
  const int32_t out = tensor(b, rng, "out", f, {seq[0], seq[1], state});
  b.add_op(T::UnidirectionalSequenceLstm, inputs, {out}, o);
  b.add_output(out);
  return finish(b);
}

// A constant int8 [rows, cols] of values in [-127, 127], symmetric per-tensor scale.
int32_t weights(GraphBuilder& b, Rng& rng, const std::string& name, std::vector<int32_t> shape, float scale) {
  std::vector<uint8_t> data(static_cast<size_t>(shape[0]) * static_cast<size_t>(shape[1]));
  for (uint8_t& v : data) v = static_cast<uint8_t>(static_cast<int8_t>(rng.uniform_int(-127, 127)));
  return b.add_const(name, DType::Int8, std::move(shape), std::move(data), modelbuilder::per_tensor(scale, 0));
}

OpCase lstm_quantized(Rng& rng, DType act, bool clip) {
  GraphBuilder b("lstm", rng.next());
  const bool wide = act == DType::Int16;
  const int32_t batch = rng.uniform_int(1, 3), steps = rng.uniform_int(1, 4);
  const int32_t in_size = rng.uniform_int(1, 6), state = rng.uniform_int(1, 6);
  ir::LstmOptions o;
  o.activation = ir::Activation::Tanh;
  o.time_major = rng.uniform_int(0, 1) == 1;
  // Cell scale 2^p (converters: 2^-11 for +-16); one in four scaled off the power of two.
  float cell_scale = random_scale(rng, wide ? -16 : -15, -8);
  if (rng.uniform_int(0, 3) == 0) cell_scale *= rng.uniform_float(0.75f, 1.4f);
  if (clip) {
    const int32_t kind = rng.uniform_int(0, 7);
    // 0: below one cell step (quantized to 0), 1: past int16 (saturated), else one the cell
    // state reaches (|c| grows by up to 1 a step).
    o.cell_clip = kind == 0 ? 0.4f * cell_scale : kind == 1 ? 40000.0f * cell_scale
                                                            : static_cast<float>(rng.uniform_int(1, 48)) / 64.0f;
  }
  const std::vector<int32_t> seq = o.time_major ? std::vector<int32_t>{steps, batch} : std::vector<int32_t>{batch, steps};
  std::vector<int32_t> inputs(24, -1);
  inputs[0] = input(b, rng, "x", act, {seq[0], seq[1], in_size});
  const float x_scale = b.graph().tensors[static_cast<size_t>(inputs[0])].quant.scale[0];
  // The output state: tanh x sigmoid in [-1, 1]; int8 any zero point, now and then an extreme one.
  const float h_scale = random_scale(rng, wide ? -15 : -9, wide ? -11 : -5);
  int32_t h_zp = 0;
  if (!wide) h_zp = rng.uniform_int(0, 4) == 0 ? (rng.uniform_int(0, 1) ? 127 : -128) : rng.uniform_int(-100, 100);
  const ir::Quantization h_quant = modelbuilder::per_tensor(h_scale, h_zp);
  // input x weight scales: int8 sums of ~1e4, int16 ones of ~1e6 (full-range inputs), to gate
  // inputs of about +-1 in Q3.12 (4096), some past the table's flat ends or saturating int16.
  const int lo = wide ? -23 : -15, hi = wide ? -18 : -11;
  static const char* kGates[] = {"input", "forget", "cell", "output"};
  for (int g = 0; g < 4; ++g) {
    const std::string gate = kGates[g];
    const float wx = random_scale(rng, lo, hi) / x_scale, wh = random_scale(rng, lo, hi) / h_scale;
    inputs[static_cast<size_t>(1 + g)] = weights(b, rng, gate + "_input_weights", {state, in_size}, wx);
    inputs[static_cast<size_t>(5 + g)] = weights(b, rng, gate + "_recurrent_weights", {state, state}, wh);
    inputs[static_cast<size_t>(12 + g)] = random_bias(b, rng, gate + "_bias", wide ? DType::Int64 : DType::Int32, state,
                                                      wide ? 1000000 : 8000, x_scale * wx);
  }
  const int32_t h = b.add_tensor("output_state", act, {batch, state}, h_quant);
  const int32_t c = b.add_tensor("cell_state", DType::Int16, {batch, state}, modelbuilder::per_tensor(cell_scale, 0));
  for (const auto& [slot, t] : {std::pair{18, h}, {19, c}}) {
    b.graph().tensors[static_cast<size_t>(t)].is_variable = true;
    inputs[static_cast<size_t>(slot)] = t;
  }
  const int32_t out = b.add_tensor("out", act, {seq[0], seq[1], state}, h_quant);
  b.add_op(T::UnidirectionalSequenceLstm, inputs, {out}, o);
  b.add_output(out);
  return finish(b);
}

}  // namespace

void add_lstm_cases(std::vector<CaseGenerator>& out) {
  out.push_back({"UNIDIRECTIONAL_SEQUENCE_LSTM", "float32", [](Rng& r) { return lstm(r, false); }});
  out.push_back({"UNIDIRECTIONAL_SEQUENCE_LSTM", "float32_clip", [](Rng& r) { return lstm(r, true); }});
  for (DType d : {DType::Int8, DType::Int16}) {
    const std::string label = dtype_label(d);
    out.push_back({"UNIDIRECTIONAL_SEQUENCE_LSTM", label, [d](Rng& r) { return lstm_quantized(r, d, false); }});
    out.push_back({"UNIDIRECTIONAL_SEQUENCE_LSTM", label + "_clip", [d](Rng& r) { return lstm_quantized(r, d, true); }});
  }
}

}  // namespace mlonmcu::difftest
