// Lowering of UNIDIRECTIONAL_SEQUENCE_LSTM as TFLite-Micro's Prepare checks and derives it: 24
// inputs, the input [time, batch, input] (time major) or [batch, time, input], eight weights and
// four biases of the gates i, f, c, o, both states variable tensors of batch x state elements
// (state = the output state's dims[1]), the output [.., .., state]. TFLM has no peephole,
// projection or layer norm (nor CIFG: the input gate is required); those are refused together
// in one Unsupported error. The states become outputs 1 and 2 of the lowered op (the kernel
// writes them; the memory plan keeps variable tensors persistent), a work buffer output 3.
// float32, or TFLM's integer variants: int8 activations with int32 biases, int16 ones with int64
// biases, both with per-tensor symmetric int8 weights and an int16 cell state. Their effective
// scales are derived here as TFLM's PrepareGateParametersInteger does (the tensors' float scales,
// products in float or double exactly where TFLM forms them); TFLM reads no bias scale and none
// of the converter's intermediate tensors, and copies the output state to the output, so the
// output's own quantization does not matter either.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "mlonmcu/kernels/lstm.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

// TFLite's operand indices (lstm_shared.h).
constexpr size_t kInput = 0, kOutputState = 18, kCellState = 19;
constexpr size_t kInputWeights = 1, kRecurrentWeights = 5, kBiases = 12;

// TFLM's fixed point scales of the gates: FC outputs (sigmoid / tanh inputs) Q3.12, their
// outputs Q0.15 (lstm_eval_common.cc).
constexpr float kGateInputScale = 0.000244140625f, kGateOutputScale = 0.000030517578125f;

struct LstmPlan {
  uint32_t opcode = 0;
  mlonmcu_lstm_q_params_t q{};  // q.shape: the float kernel's params too
};

mlonmcu_lstm_scale_t to_scale(const check::OpRef& ref, double real, int32_t max_shift, const char* what) {
  // TFLM's LSTM Prepare calls the default (double rounding) QuantizeMultiplier.
  const Multiplier m = quantize_multiplier(real, LargeShift::Keep);
  if (m.shift > max_shift)
    unsupported(ref.backend, ref.op, fmt::format("{} scale {} (2^{} or more)", what, real, max_shift));
  return {m.multiplier, m.shift};
}

// One scale of a per-tensor symmetric int8 weight tensor. TFLM would compute per-channel
// multipliers and then use none of them (its LSTM FCs read the per-tensor ones, left unset).
float weight_scale(const check::OpRef& ref, const ir::Tensor& w, int32_t rows) {
  check::expect_dtype(ref, w, {DType::Int8}, "weights");
  const std::vector<float> s = check::symmetric_filter_scales(ref, w, 0, rows);
  if (s.size() != 1) unsupported(ref.backend, ref.op, fmt::format("per-channel quantization of the weights '{}'", w.name));
  return s[0];
}

// The integer path: everything PrepareGateParametersInteger and CreateLstmCellStateInfo derive.
void resolve_integer(const check::OpRef& ref, LstmPlan& plan) {
  const bool wide = check::input(ref, kInput).dtype == DType::Int16;
  const ir::Tensor& in = check::input(ref, kInput);
  const ir::Tensor& h = check::input(ref, kOutputState);
  const ir::Tensor& c = check::input(ref, kCellState);
  const DType bias_dtype = wide ? DType::Int64 : DType::Int32;
  if (c.dtype != DType::Int16)
    unsupported(ref.backend, ref.op,
                fmt::format("{} activations with a {} cell state (TFLite-Micro's integer LSTM needs int16)",
                            ir::dtype_name(in.dtype), ir::dtype_name(c.dtype)));
  for (size_t g = 0; g < 4; ++g) {
    const ir::Tensor& b = check::input(ref, kBiases + g);
    if (b.dtype != bias_dtype)
      unsupported(ref.backend, ref.op,
                  fmt::format("{} activations with {} biases (TFLite-Micro reads {} ones)", ir::dtype_name(in.dtype),
                              ir::dtype_name(b.dtype), ir::dtype_name(bias_dtype)));
  }
  const auto iq = wide ? check::per_tensor_int16(ref, in, "input") : check::per_tensor_int8(ref, in, "input");
  const auto hq = wide ? check::per_tensor_int16(ref, h, "output state") : check::per_tensor_int8(ref, h, "output state");
  const auto cq = check::per_tensor_int16(ref, c, "cell state");
  mlonmcu_lstm_q_params_t& q = plan.q;
  const int32_t state = q.shape.state_size;
  // The 64-bit requantization takes shifts up to 14, the 32-bit one up to 30.
  const int32_t fc_max_shift = wide ? 14 : 30;
  for (size_t g = 0; g < 4; ++g) {
    // GetQuantizedConvolutionMultipler: the float product of the scales, widened, / output.
    const float sx = weight_scale(ref, check::input(ref, kInputWeights + g), state);
    const float sh = weight_scale(ref, check::input(ref, kRecurrentWeights + g), state);
    q.input_fc[g] = to_scale(ref, static_cast<double>(iq.scale * sx) / static_cast<double>(kGateInputScale),
                             fc_max_shift, "input FC");
    q.recurrent_fc[g] = to_scale(ref, static_cast<double>(hq.scale * sh) / static_cast<double>(kGateInputScale),
                                 fc_max_shift, "recurrent FC");
  }
  // CreateInterGateMulParams: the product of the two input scales in double, / output.
  const auto mul = [&](float a, float b, float out, const char* what) {
    return to_scale(ref, static_cast<double>(a) * static_cast<double>(b) / static_cast<double>(out), 30, what);
  };
  q.forget_cell = mul(kGateOutputScale, cq.scale, cq.scale, "forget x cell");
  q.input_cell = mul(kGateOutputScale, kGateOutputScale, cq.scale, "input x cell gate");
  q.hidden = mul(kGateOutputScale, kGateOutputScale, hq.scale, "output state");
  q.input_offset = -iq.zero_point, q.hidden_offset = -hq.zero_point, q.hidden_zero_point = hq.zero_point;
  // CreateLstmCellStateInfo: the clip in cell steps, truncated to int16; the cell scale's
  // (rounded) power of two as CheckedLog2 computes it, which sets the tanh's input scaling.
  const float clip = q.shape.cell_clip;
  q.clip = clip > 0.0f ? 1 : 0;  // a NaN clip clips nothing (and is never converted)
  if (q.clip)
    q.quantized_clip = static_cast<int16_t>(
        std::min(std::max(static_cast<double>(clip) / static_cast<double>(cq.scale), -32768.0), 32767.0));
  const float log2_scale = std::log(cq.scale) * (1.0f / std::log(2.0f));
  const int32_t power = static_cast<int32_t>(std::round(log2_scale));
  // lstm_internal::Tanh: left shift (15 + power) - 3, or (negative) a right shift of 3x.
  const int32_t left = 15 + power - 3;
  if (left > 14 || left < -31)
    unsupported(ref.backend, ref.op,
                fmt::format("cell state scale {} (the integer tanh takes 2^-43 to 2^2)", cq.scale));
  q.cell_tanh_multiplier = left >= 0 ? 3 << left : 3;
  q.cell_tanh_shift = left >= 0 ? 0 : -left;
  plan.opcode = wide ? MLONMCU_OP_UNIDIRECTIONAL_SEQUENCE_LSTM_S16 : MLONMCU_OP_UNIDIRECTIONAL_SEQUENCE_LSTM_S8;
}

LstmPlan resolve(const check::OpRef& ref) {
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
  check::expect_dtype(ref, in, {DType::Float32, DType::Int8, DType::Int16}, "input");
  const bool quantized = in.dtype != DType::Float32;
  const ir::Tensor& h = check::input(ref, kOutputState);
  const ir::Tensor& c = check::input(ref, kCellState);
  const ir::Tensor& out = check::output(ref);
  const auto& o = check::options<ir::LstmOptions>(ref);
  if (o.activation != ir::Activation::Tanh)
    unsupported(ref.backend, ref.op, std::string("cell activation ") + ir::activation_name(o.activation));
  check::expect_rank(ref, in, 3, "input");
  check::expect_rank(ref, h, 2, "output state");
  LstmPlan plan;
  mlonmcu_lstm_params_t& p = plan.q.shape;
  p.time_major = o.time_major ? 1 : 0;
  p.batch = in.shape[o.time_major ? 1 : 0], p.time_steps = in.shape[o.time_major ? 0 : 1];
  p.input_size = in.shape[2], p.state_size = h.shape[1];
  p.cell_clip = o.cell_clip;
  for (size_t g = 0; g < 4; ++g) {
    const ir::Tensor& wx = check::input(ref, kInputWeights + g);
    const ir::Tensor& wh = check::input(ref, kRecurrentWeights + g);
    const ir::Tensor& b = check::input(ref, kBiases + g);
    if (!quantized)
      for (const ir::Tensor* t : {&wx, &wh, &b}) check::expect_same_dtype(ref, in, *t);
    check::expect_shape(ref, wx, {p.state_size, p.input_size});
    check::expect_shape(ref, wh, {p.state_size, p.state_size});
    check::expect_shape(ref, b, {p.state_size});
  }
  for (const ir::Tensor* t : {&h, &c}) {
    if (t->is_const() || !t->is_variable) check::malformed(ref, "a state (input 18 or 19) is not a variable tensor");
    if (t->num_elements() != static_cast<int64_t>(p.batch) * p.state_size)
      check::malformed(ref, "a state does not hold batch x state elements");
  }
  check::expect_same_dtype(ref, in, h);
  if (!quantized) check::expect_same_dtype(ref, in, c);
  check::expect_same_dtype(ref, in, out);
  check::expect_shape(ref, out, {in.shape[0], in.shape[1], p.state_size});
  if (quantized) resolve_integer(ref, plan);
  else plan.opcode = MLONMCU_OP_UNIDIRECTIONAL_SEQUENCE_LSTM_F32;
  return plan;
}

}  // namespace

void check_lstm(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve({graph, op, backend});
}

LoweredOp lower_lstm(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const LstmPlan plan = resolve({ctx.graph(), op, backend});
  const bool quantized = plan.opcode != MLONMCU_OP_UNIDIRECTIONAL_SEQUENCE_LSTM_F32;
  LoweredOp lowered;
  lowered.opcode = plan.opcode;
  lowered.inputs = {op.inputs[kInput]};
  for (size_t i = kInputWeights; i < kInputWeights + 8; ++i) lowered.inputs.push_back(op.inputs[i]);
  for (size_t i = kBiases; i < kBiases + 4; ++i) lowered.inputs.push_back(op.inputs[i]);
  const int32_t words =
      quantized ? mlonmcu_lstm_q_scratch_words(&plan.q.shape) : mlonmcu_lstm_f32_scratch_words(&plan.q.shape);
  lowered.outputs = {op.outputs[0], op.inputs[kOutputState], op.inputs[kCellState],
                     ctx.add_scratch("lstm_scratch", words)};
  lowered.params = quantized ? params_words(plan.q) : params_words(plan.q.shape);
  return lowered;
}

}  // namespace mlonmcu::ops
