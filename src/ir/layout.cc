#include "ir/layout.h"

#include <cstring>

namespace mlonmcu::ir {

std::vector<uint8_t> permute4(const std::vector<uint8_t>& bytes, const std::array<int64_t, 4>& dims,
                              const Permutation& perm, size_t element_size) {
  std::array<size_t, 4> in_stride{};
  size_t stride = 1;
  for (int d = 3; d >= 0; --d) {
    in_stride[static_cast<size_t>(d)] = stride;
    stride *= static_cast<size_t>(dims[static_cast<size_t>(d)]);
  }
  std::array<size_t, 4> out_dim{}, step{};
  for (size_t i = 0; i < 4; ++i) {
    out_dim[i] = static_cast<size_t>(dims[static_cast<size_t>(perm[i])]);
    step[i] = in_stride[static_cast<size_t>(perm[i])];
  }
  std::vector<uint8_t> out(bytes.size());
  uint8_t* to = out.data();
  for (size_t a = 0; a < out_dim[0]; ++a)
    for (size_t b = 0; b < out_dim[1]; ++b)
      for (size_t c = 0; c < out_dim[2]; ++c)
        for (size_t d = 0; d < out_dim[3]; ++d, to += element_size)
          std::memcpy(to, bytes.data() + (a * step[0] + b * step[1] + c * step[2] + d * step[3]) * element_size,
                      element_size);
  return out;
}

}  // namespace mlonmcu::ir
