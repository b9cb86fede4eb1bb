// UNIDIRECTIONAL_SEQUENCE_LSTM float32: random batch, time steps, input and state sizes, time
// major or batch major, a TANH cell gate, with and without a cell clip (small enough that the
// cell state reaches it). The 24 operands: no peephole, projection or layer norm (absent, as
// TFLite-Micro requires); both states variable tensors starting at 0, so later time steps read
// states earlier ones wrote.
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

}  // namespace

void add_lstm_cases(std::vector<CaseGenerator>& out) {
  out.push_back({"UNIDIRECTIONAL_SEQUENCE_LSTM", "float32", [](Rng& r) { return lstm(r, false); }});
  out.push_back({"UNIDIRECTIONAL_SEQUENCE_LSTM", "float32_clip", [](Rng& r) { return lstm(r, true); }});
}

}  // namespace mlonmcu::difftest
