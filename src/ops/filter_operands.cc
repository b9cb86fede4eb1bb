#include "ops/filter_operands.h"

#include <fmt/format.h>

#include "ops/quant_util.h"

namespace mlonmcu::ops::check {

void expect_filter_op_dtypes(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& filter,
                             const ir::Tensor* bias, const ir::Tensor& out) {
  if (in.dtype == ir::DType::Float32) {
    expect_dtype(ref, filter, {ir::DType::Float32}, "filter");
    expect_dtype(ref, out, {ir::DType::Float32}, "output");
    if (bias) expect_dtype(ref, *bias, {ir::DType::Float32}, "bias");
  } else if (in.dtype == ir::DType::Int8) {
    expect_dtype(ref, filter, {ir::DType::Int8}, "filter");
    expect_dtype(ref, out, {ir::DType::Int8}, "output");
    if (bias) expect_dtype(ref, *bias, {ir::DType::Int32}, "bias");
    per_tensor_int8(ref, in, "input");
    per_tensor_int8(ref, out, "output");
  } else {
    unsupported(ref.backend, ref.op, fmt::format("input dtype {}", ir::dtype_name(in.dtype)));
  }
}

void add_channel_multipliers(LowerContext& ctx, LoweredOp& lowered, std::string out_name,
                             float input_scale, const std::vector<float>& filter_scales,
                             float output_scale) {
  std::vector<int32_t> multipliers, shifts;
  for (float s : filter_scales) {
    const Multiplier m = quantize_multiplier(static_cast<double>(input_scale) *
                                             static_cast<double>(s) /
                                             static_cast<double>(output_scale));
    multipliers.push_back(m.multiplier);
    shifts.push_back(m.shift);
  }
  // out_name is taken by value: adding tensors moves the graph's tensors (and their names).
  lowered.inputs.push_back(ctx.add_const_int32(out_name + "/channel_multiplier", multipliers));
  lowered.inputs.push_back(ctx.add_const_int32(out_name + "/channel_shift", shifts));
}

}  // namespace mlonmcu::ops::check
