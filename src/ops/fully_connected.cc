// Lowering of FULLY_CONNECTED (float32; int8 with per-tensor or per-channel filter
// quantization). TFLite-Micro derives the per-tensor multiplier from the float product
// input_scale * filter_scale, the per-channel ones from the double product; both are kept.
#include <fmt/format.h>

#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/compute_common.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using compute::OpRef;

struct FcPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* filter = nullptr;
  const ir::Tensor* bias = nullptr;
  const ir::Tensor* out = nullptr;
  ir::Activation activation = ir::Activation::None;
};

FcPlan resolve_fc(const OpRef& ref) {
  FcPlan plan;
  const auto& o = compute::options<ir::FullyConnectedOptions>(ref);
  if (o.weights_format != 0)
    unsupported(ref.backend, ref.op,
                o.weights_format == 1 ? std::string("weights_format SHUFFLED4x16INT8")
                                      : fmt::format("weights_format {}", o.weights_format));
  plan.activation = o.activation;
  compute::expect_arity(ref, 2, 3, 1);
  plan.in = &compute::input(ref, 0);
  plan.filter = &compute::input(ref, 1);
  plan.bias = compute::optional_input(ref, 2);
  plan.out = &compute::output(ref);
  compute::expect_rank(ref, *plan.filter, 2, "filter");
  if (plan.out->shape.empty()) compute::malformed(ref, "output has rank 0");
  const int32_t units = plan.filter->shape[0];
  const int32_t depth = plan.filter->shape[1];
  if (plan.out->shape.back() != units)
    compute::malformed(ref, fmt::format("output {} does not end in the filter's {} units",
                                        compute::shape_str(plan.out->shape), units));
  const int64_t batches = units > 0 ? plan.out->num_elements() / units : 0;
  if (batches * depth != plan.in->num_elements())
    compute::malformed(ref, fmt::format("input {} does not hold {} rows of {} values",
                                        compute::shape_str(plan.in->shape), batches, depth));
  compute::expect_clamp_activation(ref, plan.activation);

  if (plan.in->dtype == ir::DType::Float32) {
    compute::expect_dtype(ref, *plan.filter, ir::DType::Float32, "filter");
    compute::expect_dtype(ref, *plan.out, ir::DType::Float32, "output");
    if (plan.bias) compute::expect_dtype(ref, *plan.bias, ir::DType::Float32, "bias");
  } else if (plan.in->dtype == ir::DType::Int8) {
    compute::expect_dtype(ref, *plan.filter, ir::DType::Int8, "filter");
    compute::expect_dtype(ref, *plan.out, ir::DType::Int8, "output");
    if (plan.bias) compute::expect_dtype(ref, *plan.bias, ir::DType::Int32, "bias");
    compute::per_tensor_int8(ref, *plan.in, "input");
    compute::per_tensor_int8(ref, *plan.out, "output");
    if (plan.filter->quant.per_channel())
      compute::symmetric_filter_scales(ref, *plan.filter, 0, units);
    else
      compute::per_tensor_int8(ref, *plan.filter, "filter");
  } else {
    unsupported(ref.backend, ref.op,
                fmt::format("input dtype {}", ir::dtype_name(plan.in->dtype)));
  }
  if (plan.bias && plan.bias->num_elements() != units)
    compute::malformed(ref, fmt::format("bias has {} elements for {} units",
                                        plan.bias->num_elements(), units));
  return plan;
}

}  // namespace

void check_fully_connected(const ir::Graph& graph, const ir::Operator& op,
                           const std::string& backend) {
  resolve_fc(OpRef{graph, op, backend});
}

LoweredOp lower_fully_connected(const ir::Operator& op, LowerContext& ctx,
                                const std::string& backend) {
  const OpRef ref{ctx.graph(), op, backend};
  const FcPlan plan = resolve_fc(ref);
  LoweredOp lowered;
  lowered.inputs = {op.inputs[0], op.inputs[1], compute::input_index(op, 2)};
  lowered.outputs = {op.outputs[0]};
  if (plan.in->dtype == ir::DType::Float32) {
    mlonmcu_fully_connected_f32_params_t p{};
    const FloatRange range = activation_range_float(plan.activation);
    p.act_min = range.min, p.act_max = range.max;
    lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_F32;
    lowered.params = params_words(p);
    return lowered;
  }
  const auto in_q = compute::per_tensor_int8(ref, *plan.in, "input");
  const auto out_q = compute::per_tensor_int8(ref, *plan.out, "output");
  mlonmcu_fully_connected_s8_params_t p{};
  p.input_offset = -in_q.zero_point;
  p.output_offset = out_q.zero_point;
  const QuantRange range =
      activation_range_quantized(plan.activation, out_q.scale, out_q.zero_point, -128, 127);
  p.act_min = range.min, p.act_max = range.max;
  if (plan.filter->quant.per_channel()) {
    const int32_t units = plan.filter->shape[0];
    const std::vector<float> scales = compute::symmetric_filter_scales(ref, *plan.filter, 0, units);
    std::vector<int32_t> multipliers, shifts;
    for (float s : scales) {
      const Multiplier m = quantize_multiplier(static_cast<double>(in_q.scale) *
                                               static_cast<double>(s) /
                                               static_cast<double>(out_q.scale));
      multipliers.push_back(m.multiplier);
      shifts.push_back(m.shift);
    }
    const std::string name = plan.out->name;  // copy: adding tensors moves the graph's tensors
    lowered.inputs.push_back(ctx.add_const_int32(name + "/channel_multiplier", multipliers));
    lowered.inputs.push_back(ctx.add_const_int32(name + "/channel_shift", shifts));
  } else {
    const auto f_q = compute::per_tensor_int8(ref, *plan.filter, "filter");
    p.filter_offset = -f_q.zero_point;
    // The product is rounded to float before widening, exactly as TFLite-Micro does.
    const float product = in_q.scale * f_q.scale;
    const Multiplier m =
        quantize_multiplier(static_cast<double>(product) / static_cast<double>(out_q.scale));
    p.output_multiplier = m.multiplier;
    p.output_shift = m.shift;
  }
  lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_S8;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
