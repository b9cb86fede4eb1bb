// Feature `validate`: compares a run's outputs with the model's golden data.
//  - exact golden outputs (output_tflm/): byte for byte for integer outputs, or within the
//    backend's tolerance in LSB (TVM rounds differently from TFLite-Micro) with the same top-1
//    class for class scores; float outputs within validate.atol + validate.rtol * |expected|;
//  - reference outputs (float32, e.g. desktop TFLite): top-1 agreement, and the largest
//    difference, in LSB of the output's quantization for integer outputs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "models/golden.h"

namespace mlonmcu::session {

struct ValidationResult {
  bool passed = false;
  std::string summary;                    // "10/10 samples bit-exact", "sample 3 output 0: 2 bytes differ"
  std::optional<double> max_diff;         // vs exact outputs (LSB for ints, absolute for floats)
  std::optional<bool> top1_agrees;        // vs reference outputs
  std::optional<double> reference_max_diff;  // vs reference outputs, LSB for ints
  size_t exact_samples = 0;               // samples whose outputs equal the exact outputs byte for byte
  size_t samples = 0;                     // samples compared with exact outputs
};

struct Tolerance {
  double atol = 1e-5;
  double rtol = 1e-5;
  int64_t lsb = 0;  // integer outputs: largest difference to the exact outputs that passes
};

ValidationResult validate_outputs(const ir::Graph& graph, const models::GoldenData& golden,
                                  const std::vector<std::vector<models::Bytes>>& outputs,
                                  const Tolerance& tolerance);

}  // namespace mlonmcu::session
