// Lowering of FULLY_CONNECTED (float32; int8 with per-tensor or per-channel filter
// quantization; int16 in filter_s16.cc). TFLite-Micro derives the per-tensor multiplier from the float product
// input_scale * filter_scale, the per-channel ones from the double product; both are kept.
#include <fmt/format.h>

#include "mlonmcu/kernels/fully_connected.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/filter_operands.h"
#include "ops/filter_s16.h"
#include "ops/float_requant.h"
#include "ops/lowering_checks.h"
#include "ops/packed_operands.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

using check::OpRef;

struct FcPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* filter = nullptr;
  const ir::Tensor* bias = nullptr;
  const ir::Tensor* out = nullptr;
  ir::Activation activation = ir::Activation::None;
};

FcPlan resolve_fc(const OpRef& ref) {
  FcPlan plan;
  const auto& o = check::options<ir::FullyConnectedOptions>(ref);
  if (o.weights_format != 0)
    unsupported(ref.backend, ref.op,
                o.weights_format == 1 ? std::string("weights_format SHUFFLED4x16INT8")
                                      : fmt::format("weights_format {}", o.weights_format));
  plan.activation = o.activation;
  check::expect_arity(ref, 2, 3, 1);
  plan.in = &check::input(ref, 0);
  plan.filter = &check::input(ref, 1);
  plan.bias = check::optional_input(ref, 2);
  plan.out = &check::output(ref);
  check::expect_rank(ref, *plan.filter, 2, "filter");
  if (plan.out->shape.empty()) check::malformed(ref, "output has rank 0");
  const int32_t units = plan.filter->shape[0];
  const int32_t depth = plan.filter->shape[1];
  if (plan.out->shape.back() != units)
    check::malformed(ref, fmt::format("output {} does not end in the filter's {} units",
                                      check::shape_str(plan.out->shape), units));
  const int64_t batches = units > 0 ? plan.out->num_elements() / units : 0;
  if (batches * depth != plan.in->num_elements())
    check::malformed(ref, fmt::format("input {} does not hold {} rows of {} values",
                                      check::shape_str(plan.in->shape), batches, depth));
  check::expect_clamp_activation(ref, plan.activation);

  check::expect_filter_op_dtypes(ref, *plan.in, *plan.filter, plan.bias, *plan.out);
  if (plan.in->dtype != ir::DType::Float32) {
    if (plan.filter->quant.per_channel())
      check::symmetric_filter_scales(ref, *plan.filter, 0, units);
    else
      check::per_tensor_int8(ref, *plan.filter, "filter");
  }
  if (plan.bias && plan.bias->num_elements() != units)
    check::malformed(ref, fmt::format("bias has {} elements for {} units",
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
  lowered.inputs = {op.inputs[0], op.inputs[1], check::input_index(op, 2)};
  lowered.outputs = {op.outputs[0]};
  if (plan.in->dtype == ir::DType::Float32) {
    mlonmcu_fully_connected_f32_params_t p{};
    const FloatRange range = activation_range_float(plan.activation);
    p.act_min = range.min, p.act_max = range.max;
    lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_F32;
    lowered.params = params_words(p);
    return lowered;
  }
  if (plan.in->dtype == ir::DType::Int16)
    return lower_fully_connected_s16(ref, ctx, std::move(lowered),
                                     {plan.in, plan.filter, plan.bias, plan.out, 1, 1, 1, 1, 0, 0, 1, plan.activation});
  const auto in_q = check::per_tensor_int8(ref, *plan.in, "input");
  const auto out_q = check::per_tensor_int8(ref, *plan.out, "output");
  mlonmcu_fully_connected_s8_params_t p{};
  p.input_offset = -in_q.zero_point;
  p.output_offset = out_q.zero_point;
  const QuantRange range =
      activation_range_quantized(plan.activation, out_q.scale, out_q.zero_point, -128, 127);
  p.act_min = range.min, p.act_max = range.max;
  const int32_t units = plan.filter->shape[0], depth = plan.filter->shape[1];
  if (op.requant == ir::Requantization::FloatHalfEven) {  // ONNX's QLinearMatMul
    const QuantRange fq = activation_range_half_even(plan.activation, out_q.scale, out_q.zero_point);
    p.act_min = fq.min, p.act_max = fq.max;
    add_output_scales(ctx, lowered, plan.out->name,
                      onnx_output_scales(in_q.scale, check::symmetric_filter_scales(ref, *plan.filter, 0, units),
                                         out_q.scale, units));
    lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_S8_FQ;
    lowered.params = params_words(p);
    return lowered;
  }
  std::vector<Multiplier> multipliers;
  if (plan.filter->quant.per_channel()) {
    const std::vector<float> scales = check::symmetric_filter_scales(ref, *plan.filter, 0, units);
    multipliers = channel_multipliers(in_q.scale, scales, out_q.scale);
  } else {
    const auto f_q = check::per_tensor_int8(ref, *plan.filter, "filter");
    p.filter_offset = -f_q.zero_point;
    // The product is rounded to float before widening, exactly as TFLite-Micro does.
    const float product = in_q.scale * f_q.scale;
    multipliers = {quantize_multiplier(static_cast<double>(product) / static_cast<double>(out_q.scale))};
  }
  // The optimized kernel folds the input offset into the bias, which needs symmetric weights
  // (no filter offset) known at build time.
  if (!ctx.options().reference && plan.filter->is_const() && p.filter_offset == 0 &&
      depth <= MLONMCU_FC_MAX_DEPTH) {
    if (multipliers.size() == 1) multipliers.assign(static_cast<size_t>(units), multipliers[0]);
    const WeightMatrix w{reinterpret_cast<const int8_t*>(plan.filter->data.data()), units, depth, true};
    lowered.inputs.resize(1);
    const PackedInfo info = add_packed_matrix(ctx, lowered, plan.out->name, w, plan.bias,
                                              p.input_offset, multipliers, p.output_offset,
                                              p.act_min, p.act_max);
    p.weight_layout = info.weight_layout, p.short_requant = info.short_requant;
    p.accum_depth = depth, p.output_depth = units;
    lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_S8;
  } else {
    if (plan.filter->quant.per_channel()) {
      add_multiplier_operands(ctx, lowered, plan.out->name, multipliers);
    } else {
      p.output_multiplier = multipliers[0].multiplier;
      p.output_shift = multipliers[0].shift;
    }
    lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_S8_REF;
  }
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
