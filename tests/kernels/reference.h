// Independent reference arithmetic for the kernel tests: written from TFLite's documented
// semantics with 64-bit integers and explicit padding, not from the kernels' code.
#pragma once

#include <cstdint>
#include <vector>

namespace mlonmcu::test {

// floor(a / b) for b > 0.
inline int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// TFLite's default ("double rounding") requantization of x by multiplier * 2^shift:
// 1) x * 2^max(shift,0) * multiplier / 2^31, halves rounded up (toward +infinity);
// 2) divided by 2^max(-shift,0), halves rounded away from zero.
inline int32_t ref_requantize(int32_t x, int32_t multiplier, int32_t shift) {
  const int64_t left = shift > 0 ? shift : 0;
  const int64_t right = shift > 0 ? 0 : -shift;
  const int64_t shifted = static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(x) << left));
  if (shifted == INT32_MIN && multiplier == INT32_MIN) return INT32_MAX;
  const int64_t high = floor_div(shifted * multiplier + (int64_t{1} << 30), int64_t{1} << 31);
  if (right == 0) return static_cast<int32_t>(high);
  const int64_t d = int64_t{1} << right;
  const int64_t mag = high >= 0 ? high : -high;
  const int64_t q = (mag + d / 2) / d;  // half away from zero on the magnitude
  return static_cast<int32_t>(high >= 0 ? q : -q);
}

inline int32_t clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

}  // namespace mlonmcu::test
