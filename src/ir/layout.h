// Dense 4-D layout changes (ONNX's NCHW / OIHW and the kernels' NHWC / OHWI / 1HWC), shared by
// the ONNX reader and writer so that the two directions are one piece of code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mlonmcu::ir {

// Dimension i of the result is dimension perm[i] of `dims`.
using Permutation = std::array<int, 4>;
inline constexpr Permutation kNchwToNhwc = {0, 2, 3, 1};  // also OIHW -> OHWI
inline constexpr Permutation kNhwcToNchw = {0, 3, 1, 2};  // also OHWI -> OIHW
inline constexpr Permutation kMihwToHwm = {1, 2, 3, 0};   // depthwise [M,1,kh,kw] -> [1,kh,kw,M]
inline constexpr Permutation kHwmToMihw = {3, 0, 1, 2};   // and back

// `bytes` holds dims[0]*...*dims[3] elements of element_size bytes, row-major; returns them
// transposed by perm.
std::vector<uint8_t> permute4(const std::vector<uint8_t>& bytes, const std::array<int64_t, 4>& dims,
                              const Permutation& perm, size_t element_size);

}  // namespace mlonmcu::ir
