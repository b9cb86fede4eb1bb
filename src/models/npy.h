// NumPy .npy arrays (format versions 1-3): little-endian numeric dtypes, C order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::models {

struct NpyArray {
  ir::DType dtype = ir::DType::Float32;  // float64 arrays are converted to float32 on read
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;  // little-endian, dtype_size(dtype) bytes per element
  int64_t num_elements() const;
};

// Throws Error(Data) naming `what` for anything malformed or unsupported.
NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& what);

// A version 1.0 .npy file as numpy.save writes it (header padded so the data starts at a
// multiple of 64 bytes); the dtype must be one parse_npy reads.
std::vector<uint8_t> write_npy(const NpyArray& array);

}  // namespace mlonmcu::models
