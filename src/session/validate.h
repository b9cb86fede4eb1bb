// Feature `validate`: compares a run's outputs with the model's golden data.
//  - exact golden outputs (output_tflm/): byte for byte for integer outputs; float outputs within
//    validate.atol + validate.rtol * |expected|;
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
};

struct Tolerance {
  double atol = 1e-5;
  double rtol = 1e-5;
};

ValidationResult validate_outputs(const ir::Graph& graph, const models::GoldenData& golden,
                                  const std::vector<std::vector<models::Bytes>>& outputs,
                                  const Tolerance& tolerance);

}  // namespace mlonmcu::session
