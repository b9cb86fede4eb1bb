// What CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED share in their lowering: the dtype
// combinations of input, filter, bias and output the kernels compute, and the per-channel
// requantization multipliers that become extra constant inputs of the lowered op.
#pragma once

#include <string>
#include <vector>

#include "ops/lower.h"
#include "ops/lowering_checks.h"

namespace mlonmcu::ops::check {

// float32 throughout, or int8 input/filter/output with an int32 bias and per-tensor int8
// input and output quantization; Unsupported otherwise. The filter's scales are the caller's.
void expect_filter_op_dtypes(const OpRef& ref, const ir::Tensor& in, const ir::Tensor& filter,
                             const ir::Tensor* bias, const ir::Tensor& out);

// Appends one multiplier and one shift per filter scale (from double(input_scale) *
// double(filter_scale) / double(output_scale), as TFLite-Micro's per-channel Prepare) as two
// constant int32 inputs of `lowered`.
void add_channel_multipliers(LowerContext& ctx, LoweredOp& lowered, std::string out_name,
                             float input_scale, const std::vector<float>& filter_scales,
                             float output_scale);

}  // namespace mlonmcu::ops::check
