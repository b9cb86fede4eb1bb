// Lowering of UNIDIRECTIONAL_SEQUENCE_LSTM (float32) as TFLite-Micro's Prepare checks it: 24
// inputs, the input [time, batch, input] (time major) or [batch, time, input], eight weights and
// four biases of the gates i, f, c, o, both states variable tensors of batch x state elements
// (state = the output state's dims[1]), the output [.., .., state]. TFLM has no peephole,
// projection or layer norm (nor CIFG: the input gate is required); those are refused together
// in one Unsupported error. The states become outputs 1 and 2 of the lowered op (the kernel
// writes them; the memory plan keeps variable tensors persistent), a work buffer output 3.
#include <fmt/format.h>

#include "mlonmcu/kernels/lstm.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

// TFLite's operand indices (lstm_shared.h).
constexpr size_t kInput = 0, kOutputState = 18, kCellState = 19;
constexpr size_t kInputWeights = 1, kRecurrentWeights = 5, kBiases = 12;

mlonmcu_lstm_params_t resolve(const check::OpRef& ref) {
  // TFLM wants all 24 slots, the optional ones -1 (checked below, by name).
  check::expect_arity(ref, 1, 24, 1);
  if (ref.op.inputs.size() != 24) check::malformed(ref, fmt::format("has {} inputs, not 24", ref.op.inputs.size()));
  static const std::pair<size_t, const char*> kOptional[] = {
      {9, "cell_to_input weights (peephole)"},        {10, "cell_to_forget weights (peephole)"},
      {11, "cell_to_output weights (peephole)"},      {16, "projection weights"},
      {17, "projection bias"},                        {20, "input layer norm coefficients"},
      {21, "forget layer norm coefficients"},         {22, "cell layer norm coefficients"},
      {23, "output layer norm coefficients"}};
  std::string present;
  for (const auto& [i, what] : kOptional)
    if (check::optional_input(ref, i)) present += (present.empty() ? "" : ", ") + std::string(what);
  if (!check::optional_input(ref, 1) || !check::optional_input(ref, 5) || !check::optional_input(ref, 12))
    present += (present.empty() ? "" : ", ") + std::string("no input gate (CIFG)");
  if (!present.empty()) unsupported(ref.backend, ref.op, present + " (TFLite-Micro has no such LSTM variant)");
  const ir::Tensor& in = check::input(ref, kInput);
  check::expect_dtype(ref, in, {DType::Float32}, "input");
  const ir::Tensor& h = check::input(ref, kOutputState);
  const ir::Tensor& c = check::input(ref, kCellState);
  const ir::Tensor& out = check::output(ref);
  const auto& o = check::options<ir::LstmOptions>(ref);
  if (o.activation != ir::Activation::Tanh)
    unsupported(ref.backend, ref.op, std::string("cell activation ") + ir::activation_name(o.activation));
  check::expect_rank(ref, in, 3, "input");
  check::expect_rank(ref, h, 2, "output state");
  mlonmcu_lstm_params_t p{};
  p.time_major = o.time_major ? 1 : 0;
  p.batch = in.shape[o.time_major ? 1 : 0], p.time_steps = in.shape[o.time_major ? 0 : 1];
  p.input_size = in.shape[2], p.state_size = h.shape[1];
  p.cell_clip = o.cell_clip;
  for (size_t g = 0; g < 4; ++g) {
    const ir::Tensor& wx = check::input(ref, kInputWeights + g);
    const ir::Tensor& wh = check::input(ref, kRecurrentWeights + g);
    const ir::Tensor& b = check::input(ref, kBiases + g);
    for (const ir::Tensor* t : {&wx, &wh, &b}) check::expect_same_dtype(ref, in, *t);
    check::expect_shape(ref, wx, {p.state_size, p.input_size});
    check::expect_shape(ref, wh, {p.state_size, p.state_size});
    check::expect_shape(ref, b, {p.state_size});
  }
  for (const ir::Tensor* t : {&h, &c}) {
    check::expect_same_dtype(ref, in, *t);
    if (t->is_const() || !t->is_variable) check::malformed(ref, "a state (input 18 or 19) is not a variable tensor");
    if (t->num_elements() != static_cast<int64_t>(p.batch) * p.state_size)
      check::malformed(ref, "a state does not hold batch x state elements");
  }
  check::expect_same_dtype(ref, in, out);
  check::expect_shape(ref, out, {in.shape[0], in.shape[1], p.state_size});
  return p;
}

}  // namespace

void check_lstm(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve({graph, op, backend});
}

LoweredOp lower_lstm(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const mlonmcu_lstm_params_t p = resolve({ctx.graph(), op, backend});
  LoweredOp lowered;
  lowered.opcode = MLONMCU_OP_UNIDIRECTIONAL_SEQUENCE_LSTM_F32;
  lowered.inputs = {op.inputs[kInput]};
  for (size_t i = kInputWeights; i < kInputWeights + 8; ++i) lowered.inputs.push_back(op.inputs[i]);
  for (size_t i = kBiases; i < kBiases + 4; ++i) lowered.inputs.push_back(op.inputs[i]);
  lowered.outputs = {op.outputs[0], op.inputs[kOutputState], op.inputs[kCellState],
                     ctx.add_scratch("lstm_scratch", mlonmcu_lstm_f32_scratch_words(&p))};
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
