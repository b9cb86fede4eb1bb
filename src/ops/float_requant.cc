#include "ops/float_requant.h"

#include <algorithm>
#include <cmath>

namespace mlonmcu::ops {

std::vector<float> onnx_output_scales(float input_scale, const std::vector<float>& weight_scales,
                                      float output_scale, int32_t channels) {
  std::vector<float> out(static_cast<size_t>(channels));
  for (size_t c = 0; c < out.size(); ++c)
    out[c] = input_scale * weight_scales[weight_scales.size() == 1 ? 0 : c] / output_scale;
  return out;
}

QuantRange activation_range_half_even(ir::Activation act, float scale, int32_t zero_point) {
  auto quantize = [&](float f) {
    const float q = std::nearbyint(f / scale) + static_cast<float>(zero_point);
    return static_cast<int32_t>(std::clamp(q, -128.0f, 127.0f));
  };
  switch (act) {
    case ir::Activation::Relu: return {quantize(0.0f), 127};
    case ir::Activation::Relu6: return {quantize(0.0f), quantize(6.0f)};
    case ir::Activation::None: return {-128, 127};
    default: return activation_range_quantized(act, scale, zero_point, -128, 127);  // throws
  }
}

void add_output_scales(LowerContext& ctx, LoweredOp& lowered, const std::string& name,
                       const std::vector<float>& scales) {
  lowered.inputs.resize(3, -1);
  lowered.inputs.push_back(ctx.add_const_float(name + "/onnx_output_scales", scales));
}

}  // namespace mlonmcu::ops
