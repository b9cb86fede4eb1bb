// Lowering of SVDF (float32; int8 with int16 or int8 weights_time and state) as TFLite-Micro's
// PrepareSvdf checks and derives it: rank-2 operands, num_filters a multiple of rank, the state a
// variable tensor [batch, memory_size * num_filters]; int8 needs the int32 bias at state scale x
// weights_time scale, and its two multipliers come from float products of the scales (as TFLM
// computes them before widening to double). TFLM applies the fused activation in float32 only.
// The state becomes the lowered op's second output: the kernel writes it, and the memory plan
// keeps a variable tensor's bytes for the whole life of the model (lowering/memory_plan.h).
#include <fmt/format.h>

#include <cmath>

#include "mlonmcu/kernels/svdf.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/lowering_checks.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

int32_t float_activation(const check::OpRef& ref, ir::Activation act) {
  switch (act) {
    case ir::Activation::None: return MLONMCU_SVDF_ACT_NONE;
    case ir::Activation::Relu: return MLONMCU_SVDF_ACT_RELU;
    case ir::Activation::ReluN1To1: return MLONMCU_SVDF_ACT_RELU_N1_TO_1;
    case ir::Activation::Relu6: return MLONMCU_SVDF_ACT_RELU6;
    case ir::Activation::Tanh: return MLONMCU_SVDF_ACT_TANH;
    case ir::Activation::SignBit: return MLONMCU_SVDF_ACT_SIGN_BIT;
  }
  unsupported(ref.backend, ref.op, std::string("fused activation ") + ir::activation_name(act));
}

Multiplier multiplier(const check::OpRef& ref, float real, const char* what) {
  const Multiplier m = quantize_multiplier(static_cast<double>(real), LargeShift::Keep);
  if (m.shift > 30) unsupported(ref.backend, ref.op, fmt::format("{} scale {} (2^30 or more)", what, real));
  return m;
}

struct SvdfPlan {
  mlonmcu_svdf_params_t params{};
  uint32_t opcode = 0;
};

SvdfPlan resolve(const check::OpRef& ref) {
  check::expect_arity(ref, 5, 5, 1);
  const ir::Tensor& in = check::input(ref, 0);
  const ir::Tensor& feature = check::input(ref, 1);
  const ir::Tensor& time = check::input(ref, 2);
  const ir::Tensor* bias = check::optional_input(ref, 3);
  const ir::Tensor& state = check::input(ref, 4);
  const ir::Tensor& out = check::output(ref);
  for (const auto& [t, role] : {std::pair{&in, "input"}, {&feature, "weights_feature"}, {&time, "weights_time"},
                                {&state, "state"}, {&out, "output"}})
    check::expect_rank(ref, *t, 2, role);
  const auto& o = check::options<ir::SvdfOptions>(ref);
  SvdfPlan plan;
  mlonmcu_svdf_params_t& p = plan.params;
  p.batch = in.shape[0], p.input_size = in.shape[1];
  p.num_filters = feature.shape[0], p.memory_size = time.shape[1], p.rank = o.rank;
  if (p.rank < 1 || p.num_filters % p.rank != 0)
    check::malformed(ref, fmt::format("rank {} does not divide the {} filters", p.rank, p.num_filters));
  const int32_t units = p.num_filters / p.rank;
  if (feature.shape[1] != p.input_size) check::malformed(ref, "weights_feature is not [filters, input size]");
  if (time.shape[0] != p.num_filters) check::malformed(ref, "weights_time is not [filters, memory size]");
  if (bias && (bias->shape.empty() || bias->shape[0] != units)) check::malformed(ref, "bias is not [units]");
  check::expect_shape(ref, state, {p.batch, p.memory_size * p.num_filters});
  check::expect_shape(ref, out, {p.batch, units});
  if (state.is_const() || !state.is_variable) check::malformed(ref, "the state (input 4) is not a variable tensor");
  check::expect_dtype(ref, in, {DType::Float32, DType::Int8}, "input");
  if (in.dtype == DType::Float32) {
    for (const ir::Tensor* t : {&feature, &time, &state, &out}) check::expect_same_dtype(ref, in, *t);
    if (bias) check::expect_same_dtype(ref, in, *bias);
    p.activation = float_activation(ref, o.activation);
    plan.opcode = MLONMCU_OP_SVDF_F32;
    return plan;
  }
  // int8: TFLM leaves the fused activation out, and reads the weights' scales only.
  check::expect_dtype(ref, feature, {DType::Int8}, "weights_feature");
  check::expect_dtype(ref, time, {DType::Int16, DType::Int8}, "weights_time");
  check::expect_same_dtype(ref, time, state);
  check::expect_dtype(ref, out, {DType::Int8}, "output");
  if (!bias) unsupported(ref.backend, ref.op, "int8 without bias (TFLite-Micro needs one)");
  check::expect_dtype(ref, *bias, {DType::Int32}, "bias");
  const auto iq = check::per_tensor_int8(ref, in, "input");
  const auto fq = check::per_tensor_int8(ref, feature, "weights_feature");
  const bool wide = time.dtype == DType::Int16;
  const auto tq = wide ? check::per_tensor_int16(ref, time, "weights_time") : check::per_tensor_int8(ref, time, "weights_time");
  const auto sq = wide ? check::per_tensor_int16(ref, state, "state") : check::per_tensor_int8(ref, state, "state");
  const auto oq = check::per_tensor_int8(ref, out, "output");
  if (bias->quant.scale.size() != 1 ||
      std::abs(static_cast<double>(bias->quant.scale[0]) - static_cast<double>(sq.scale * tq.scale)) >= 1e-5)
    check::malformed(ref, "bias scale is not state scale x weights_time scale");
  const Multiplier m1 = multiplier(ref, iq.scale * fq.scale / sq.scale, "feature requantization");
  const Multiplier m2 = multiplier(ref, sq.scale * tq.scale / oq.scale, "output requantization");
  p.input_offset = -iq.zero_point, p.state_zero_point = sq.zero_point, p.output_zero_point = oq.zero_point;
  p.feature_multiplier = m1.multiplier, p.feature_shift = m1.shift;
  p.output_multiplier = m2.multiplier, p.output_shift = m2.shift;
  plan.opcode = wide ? MLONMCU_OP_SVDF_S8_S16 : MLONMCU_OP_SVDF_S8_S8;
  return plan;
}

}  // namespace

void check_svdf(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve({graph, op, backend});
}

LoweredOp lower_svdf(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const SvdfPlan plan = resolve({ctx.graph(), op, backend});
  LoweredOp lowered;
  lowered.opcode = plan.opcode;
  lowered.inputs = {op.inputs[0], op.inputs[1], op.inputs[2], check::input_index(op, 3)};
  lowered.outputs = {op.outputs[0], op.inputs[4]};
  lowered.params = params_words(plan.params);
  return lowered;
}

}  // namespace mlonmcu::ops
