// Which kernel files a set of kernel functions needs: the C sources that define them and every
// kernel function those call, and every header they and the public kernel headers include.
// Found by reading src/kernels, so a kernel added there is picked up without a list to keep
// in step: what `mlonmcu export` copies and what the generated code includes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mlonmcu::backends::aot {

struct KernelFiles {
  std::vector<std::string> public_headers;  // include names: "mlonmcu/kernels/conv.h"
  // Paths relative to src/kernels, sorted: "conv2d_s8.c", "include/mlonmcu/kernels/conv.h"
  std::vector<std::filesystem::path> sources;
  std::vector<std::filesystem::path> headers;
};

// Throws Internal when a function is defined in no kernel source or declared in no header.
KernelFiles kernel_files_for(const std::vector<std::string>& functions);

}  // namespace mlonmcu::backends::aot
