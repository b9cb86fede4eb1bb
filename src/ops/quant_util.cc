#include "ops/quant_util.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.h"

namespace mlonmcu::ops {

Multiplier quantize_multiplier(double real_multiplier, LargeShift large_shift) {
  Multiplier m;
  if (real_multiplier == 0.0) return m;
  int shift = 0;
  const double q = std::frexp(real_multiplier, &shift);
  auto q_fixed = static_cast<int64_t>(std::round(q * static_cast<double>(1LL << 31)));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++shift;
  }
  if (shift < -31) {
    shift = 0;
    q_fixed = 0;
  }
  if (shift > 30 && large_shift == LargeShift::Saturate) {
    shift = 30;
    q_fixed = (1LL << 31) - 1;
  }
  m.multiplier = static_cast<int32_t>(q_fixed);
  m.shift = shift;
  return m;
}

Multiplier quantize_multiplier_smaller_than_one(double real_multiplier) {
  if (!(real_multiplier < 1.0) || !(real_multiplier >= 0.0))
    throw Error(ErrorKind::Unsupported, "quantization multiplier outside [0, 1)");
  Multiplier m = quantize_multiplier(real_multiplier);
  if (m.shift > 0) throw Error(ErrorKind::Internal, "multiplier < 1 with a positive shift");
  return m;
}

QuantRange activation_range_quantized(ir::Activation act, float scale, int32_t zero_point,
                                      int32_t qmin, int32_t qmax) {
  auto quantize = [&](float f) {
    return zero_point + static_cast<int32_t>(std::round(f / scale));
  };
  switch (act) {
    case ir::Activation::Relu: return {std::max(qmin, quantize(0.0f)), qmax};
    case ir::Activation::Relu6:
      return {std::max(qmin, quantize(0.0f)), std::min(qmax, quantize(6.0f))};
    case ir::Activation::ReluN1To1:
      return {std::max(qmin, quantize(-1.0f)), std::min(qmax, quantize(1.0f))};
    case ir::Activation::None: return {qmin, qmax};
    default:
      throw Error(ErrorKind::Unsupported,
                  std::string("fused activation ") + ir::activation_name(act));
  }
}

FloatRange activation_range_float(ir::Activation act) {
  switch (act) {
    case ir::Activation::Relu: return {0.0f, std::numeric_limits<float>::max()};
    case ir::Activation::Relu6: return {0.0f, 6.0f};
    case ir::Activation::ReluN1To1: return {-1.0f, 1.0f};
    case ir::Activation::None:
      return {std::numeric_limits<float>::lowest(), std::numeric_limits<float>::max()};
    default:
      throw Error(ErrorKind::Unsupported,
                  std::string("fused activation ") + ir::activation_name(act));
  }
}

int32_t input_radius(int32_t integer_bits, int32_t left_shift) {
  const double max_input_rescaled = 1.0 * static_cast<double>((1 << integer_bits) - 1) *
                                    static_cast<double>(1LL << (31 - integer_bits)) /
                                    std::ldexp(1.0, left_shift);
  return static_cast<int32_t>(std::floor(max_input_rescaled));
}

}  // namespace mlonmcu::ops
