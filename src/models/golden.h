// Golden data of a model: inputs (converted to the model's input dtype) and expected outputs,
// read from raw little-endian .bin files per sample, or .npy / .npz.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ir/graph.h"
#include "models/model_info.h"

namespace mlonmcu::models {

using Bytes = std::vector<uint8_t>;

struct GoldenData {
  // [sample][input] bytes in the model input tensor's dtype and size.
  std::vector<std::vector<Bytes>> inputs;
  // [sample][output] raw bytes in the model output's dtype: bit-exact targets (output_tflm/).
  std::optional<std::vector<std::vector<Bytes>>> exact_outputs;
  // [sample][output] float32 reference values (dequantized), e.g. desktop TFLite's.
  std::optional<std::vector<std::vector<std::vector<float>>>> reference_outputs;
  size_t num_samples() const { return inputs.size(); }
};

// Loads and converts golden data for the graph's inputs/outputs. Stored float32 or uint8 data
// is quantized with the definition's (or else the model's) parameters: q = round(x/scale)+zp,
// clamped. Throws Error(Data) for files of the wrong size or type, naming file, expected and
// actual size.
GoldenData load_golden(const ModelInfo& info, const ir::Graph& graph);

// Generates deterministic inputs when a model has no golden data (seeded; same every time).
GoldenData synthetic_inputs(const ir::Graph& graph, size_t num_samples);

}  // namespace mlonmcu::models
