// int16 (16x8) CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED as TFLite-Micro's Prepare derives
// them: per-channel multipliers from double(input_scale) * double(filter_scale) / output_scale
// (FULLY_CONNECTED per tensor from the float product), the int16 activation range, and the
// accumulator the bias dtype picks (int32 bias: 32 bits; int64 or none: 64 bits).
#include "ops/filter_s16.h"

#include <fmt/format.h>

#include "mlonmcu/kernels/filter_s16.h"
#include "mlonmcu/runtime/opcodes.h"
#include "ops/packed_operands.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

namespace {

// TFLite's 64-bit multiply needs shifts below 15 (it shifts right by 15 - shift).
void expect_wide_shifts(const check::OpRef& ref, const std::vector<Multiplier>& multipliers, bool wide) {
  for (const Multiplier& m : multipliers)
    if (wide && m.shift > 14) unsupported(ref.backend, ref.op, "a requantization scale of 2^15 or more");
}

QuantRange int16_range(const FilterS16Op& f, float out_scale) {
  return activation_range_quantized(f.activation, out_scale, 0, -32768, 32767);
}

}  // namespace

LoweredOp lower_conv_s16(const check::OpRef& ref, LowerContext& ctx, LoweredOp lowered, const FilterS16Op& f,
                         bool depthwise) {
  const auto in_q = check::per_tensor_int16(ref, *f.in, "input");
  const auto out_q = check::per_tensor_int16(ref, *f.out, "output");
  const int32_t out_c = f.out->shape[3];
  std::vector<Multiplier> multipliers =
      channel_multipliers(in_q.scale, check::symmetric_filter_scales(ref, *f.filter, depthwise ? 3 : 0, out_c),
                          out_q.scale);
  if (multipliers.size() == 1) multipliers.assign(static_cast<size_t>(out_c), multipliers[0]);
  mlonmcu_conv_s16_params_t p{};
  p.stride_h = f.stride_h, p.stride_w = f.stride_w, p.dilation_h = f.dilation_h, p.dilation_w = f.dilation_w;
  p.pad_h = f.pad_h, p.pad_w = f.pad_w, p.depth_multiplier = f.depth_multiplier;
  const QuantRange range = int16_range(f, out_q.scale);
  p.act_min = range.min, p.act_max = range.max;
  p.wide = !f.bias || f.bias->dtype == ir::DType::Int64;
  expect_wide_shifts(ref, multipliers, p.wide);
  add_multiplier_operands(ctx, lowered, f.out->name, multipliers);
  lowered.opcode = depthwise ? MLONMCU_OP_DEPTHWISE_CONV_2D_S16 : MLONMCU_OP_CONV_2D_S16;
  lowered.params = params_words(p);
  return lowered;
}

LoweredOp lower_fully_connected_s16(const check::OpRef& ref, LowerContext& ctx, LoweredOp lowered,
                                    const FilterS16Op& f) {
  const auto in_q = check::per_tensor_int16(ref, *f.in, "input");
  const auto out_q = check::per_tensor_int16(ref, *f.out, "output");
  mlonmcu_fully_connected_s16_params_t p{};
  p.units = f.filter->shape[0], p.depth = f.filter->shape[1];
  p.batches = p.units > 0 ? static_cast<int32_t>(f.out->num_elements() / p.units) : 0;
  const QuantRange range = int16_range(f, out_q.scale);
  p.act_min = range.min, p.act_max = range.max;
  p.wide = !f.bias || f.bias->dtype == ir::DType::Int64;
  if (f.filter->quant.per_channel()) {
    const std::vector<Multiplier> multipliers =
        channel_multipliers(in_q.scale, check::symmetric_filter_scales(ref, *f.filter, 0, p.units), out_q.scale);
    expect_wide_shifts(ref, multipliers, p.wide);
    add_multiplier_operands(ctx, lowered, f.out->name, multipliers);
  } else {
    const auto f_q = check::per_tensor_int8(ref, *f.filter, "filter");
    p.filter_offset = -f_q.zero_point;
    // The product rounded to float first, as TFLite-Micro's GetQuantizedConvolutionMultipler.
    const Multiplier m = quantize_multiplier(static_cast<double>(in_q.scale * f_q.scale) / static_cast<double>(out_q.scale));
    expect_wide_shifts(ref, {m}, p.wide);
    p.output_multiplier = m.multiplier, p.output_shift = m.shift;
  }
  lowered.opcode = MLONMCU_OP_FULLY_CONNECTED_S16;
  lowered.params = params_words(p);
  return lowered;
}

}  // namespace mlonmcu::ops
