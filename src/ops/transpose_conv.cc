// Lowering of TRANSPOSE_CONV (float32; int8 with a per-tensor or per-channel symmetric filter
// and an int32 bias; int16 16x8 with an int64 bias, or an int16 one TFLite-Micro widens to int64
// at Eval, here at build time) as TFLite-Micro's Prepare does it: the padding is that of a convolution over
// the output's height and width, per-channel multipliers as for CONV_2D. The output-shape
// operand is not read (TFLite-Micro takes the output tensor's shape).
#include <fmt/format.h>

#include <cstring>

#include "mlonmcu/kernels/transpose_conv.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/filter_operands.h"
#include "ops/lowering_checks.h"
#include "ops/packed_operands.h"
#include "ops/quant_util.h"
#include "ops/window_geometry.h"

namespace mlonmcu::ops {

namespace {

using ir::DType;

struct TransposeConvPlan {
  const ir::Tensor* in = nullptr;
  const ir::Tensor* filter = nullptr;
  const ir::Tensor* bias = nullptr;
  const ir::Tensor* out = nullptr;
  ir::TransposeConvOptions options;
  int32_t pad_h = 0, pad_w = 0;
};

// TFLite's ComputePaddingHeightWidth for a window over `size` (here: the output's).
int32_t padding_over(ir::Padding padding, int32_t size, int32_t filter, int32_t stride) {
  return check::conv_padding(stride, 1, size, filter, check::conv_out_size(padding, size, filter, stride, 1));
}

TransposeConvPlan resolve(const check::OpRef& ref) {
  check::expect_arity(ref, 3, 4, 1);
  TransposeConvPlan plan;
  plan.options = check::options<ir::TransposeConvOptions>(ref);
  plan.filter = &check::input(ref, 1);
  plan.in = &check::input(ref, 2);
  plan.bias = check::optional_input(ref, 3);
  plan.out = &check::output(ref);
  check::expect_rank(ref, *plan.in, 4, "input");
  check::expect_rank(ref, *plan.filter, 4, "filter");
  check::expect_rank(ref, *plan.out, 4, "output");
  const auto& in = plan.in->shape;
  const auto& f = plan.filter->shape;
  const auto& out = plan.out->shape;
  if (in[0] != out[0] || in[3] != f[3] || f[0] != out[3])
    check::malformed(ref, fmt::format("input {}, filter {} and output {} do not match", check::shape_str(in),
                                      check::shape_str(f), check::shape_str(out)));
  if (plan.bias && plan.bias->num_elements() != out[3])
    check::malformed(ref, fmt::format("bias of {} elements for {} channels", plan.bias->num_elements(), out[3]));
  // int16 input: TFLite-Micro reads the bias as int64 unless it is int16 (an int32 one would be
  // read past its end).
  const bool s16 = plan.in->dtype == DType::Int16;
  if (s16 && plan.bias) {
    check::expect_dtype(ref, *plan.bias, {DType::Int64, DType::Int16}, "bias");
    if (plan.bias->dtype == DType::Int16 && !plan.bias->is_const())
      unsupported(ref.backend, ref.op, "an int16 bias that is not a constant");
  }
  check::expect_filter_op_dtypes(ref, *plan.in, *plan.filter, s16 ? nullptr : plan.bias, *plan.out);
  check::expect_clamp_activation(ref, plan.options.activation);
  const auto& o = plan.options;
  if (o.stride_h < 1 || o.stride_w < 1) check::malformed(ref, "strides must be >= 1");
  plan.pad_h = padding_over(o.padding, out[1], f[1], o.stride_h);
  plan.pad_w = padding_over(o.padding, out[2], f[2], o.stride_w);
  if (plan.in->dtype != DType::Float32) check::symmetric_filter_scales(ref, *plan.filter, 0, f[0]);
  return plan;
}

}  // namespace

void check_transpose_conv(const ir::Graph& graph, const ir::Operator& op, const std::string& backend) {
  resolve({graph, op, backend});
}

LoweredOp lower_transpose_conv(const ir::Operator& op, LowerContext& ctx, const std::string& backend) {
  const check::OpRef ref{ctx.graph(), op, backend};
  const TransposeConvPlan plan = resolve(ref);
  const auto& o = plan.options;
  LoweredOp lowered;
  lowered.inputs = {op.inputs[2], op.inputs[1], check::input_index(op, 3)};
  lowered.outputs = op.outputs;
  if (plan.in->dtype == DType::Float32) {
    mlonmcu_transpose_conv_f32_params_t p{};
    p.stride_h = o.stride_h, p.stride_w = o.stride_w, p.pad_h = plan.pad_h, p.pad_w = plan.pad_w;
    const FloatRange range = activation_range_float(o.activation);
    p.act_min = range.min, p.act_max = range.max;
    lowered.opcode = MLONMCU_OP_TRANSPOSE_CONV_F32;
    lowered.params = params_words(p);
    return lowered;
  }
  const bool s16 = plan.in->dtype == DType::Int16;  // zero points 0 (per_tensor_int16 says so)
  const auto per_tensor = s16 ? check::per_tensor_int16 : check::per_tensor_int8;
  const auto iq = per_tensor(ref, *plan.in, "input");
  const auto oq = per_tensor(ref, *plan.out, "output");
  const int32_t channels = plan.out->shape[3];
  std::vector<float> scales = check::symmetric_filter_scales(ref, *plan.filter, 0, channels);
  if (scales.size() == 1) scales.assign(static_cast<size_t>(channels), scales[0]);
  mlonmcu_transpose_conv_s8_params_t p{};
  p.stride_h = o.stride_h, p.stride_w = o.stride_w, p.pad_h = plan.pad_h, p.pad_w = plan.pad_w;
  p.input_offset = -iq.zero_point, p.output_offset = oq.zero_point;
  const QuantRange range = activation_range_quantized(o.activation, oq.scale, oq.zero_point, s16 ? -32768 : -128,
                                                      s16 ? 32767 : 127);
  p.act_min = range.min, p.act_max = range.max;
  const std::vector<Multiplier> multipliers = channel_multipliers(iq.scale, scales, oq.scale);
  const std::string out_name = plan.out->name;  // adding tensors below moves the graph's tensors
  if (s16) {
    for (const Multiplier& m : multipliers)  // TFLite's 64-bit multiply shifts right by 15 - shift
      if (m.shift > 14) unsupported(ref.backend, ref.op, "a requantization scale of 2^15 or more");
    if (plan.bias && plan.bias->dtype == DType::Int16) {  // widened as TFLite-Micro's Eval does
      std::vector<uint8_t> wide(static_cast<size_t>(channels) * 8);
      for (int32_t c = 0; c < channels; ++c) {
        int16_t v;
        std::memcpy(&v, plan.bias->data.data() + 2 * c, 2);
        const int64_t w = v;
        std::memcpy(wide.data() + 8 * c, &w, 8);
      }
      lowered.inputs[2] = ctx.add_const(plan.bias->name + "/int64", DType::Int64, {channels}, std::move(wide));
    }
  }
  lowered.opcode = s16 ? MLONMCU_OP_TRANSPOSE_CONV_S16 : MLONMCU_OP_TRANSPOSE_CONV_S8;
  lowered.params = params_words(p);
  add_multiplier_operands(ctx, lowered, out_name, multipliers);
  return lowered;
}

}  // namespace mlonmcu::ops
