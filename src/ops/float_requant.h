// Build-time side of the ONNX requantization kernels (kernels/float_requant.h), for ops whose
// IR `requant` is FloatHalfEven: float scales computed as onnxruntime computes them, and
// activation bounds rounded half to even.
#pragma once

#include <string>
#include <vector>

#include "ops/lower.h"
#include "ops/quant_util.h"

namespace mlonmcu::ops {

// (input_scale * weight_scale[c]) / output_scale in float, one per output channel (a
// per-tensor weight scale is repeated).
std::vector<float> onnx_output_scales(float input_scale, const std::vector<float>& weight_scales,
                                      float output_scale, int32_t channels);

// The int8 bounds of a fused activation, quantized as QuantizeLinear does.
QuantRange activation_range_half_even(ir::Activation act, float scale, int32_t zero_point);

// Appends the scales as the lowered op's input 3 (slots before it must be set).
void add_output_scales(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                       const std::vector<float>& scales);

}  // namespace mlonmcu::ops
