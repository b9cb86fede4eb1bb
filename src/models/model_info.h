// Models as users keep them: model directories in the public `mlonmcu-models` zoo layout
// (<dir>/<name>/<name>.tflite, definition.yml, golden data), model groups (modelgroups.yml),
// or a plain path to a model file.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::models {

namespace fs = std::filesystem;

// definition.yml's (de)quantize section: how stored golden data maps to the model's dtype.
struct QuantSpec {
  float scale = 1.0f;
  int32_t zero_shift = 0;
  ir::DType dtype = ir::DType::Float32;  // dtype named in the definition
};

struct TensorSpec {
  std::string name;
  std::vector<int32_t> shape;
  std::optional<ir::DType> dtype;
  std::optional<QuantSpec> quantize;    // inputs
  std::optional<QuantSpec> dequantize;  // outputs
};

struct ModelInfo {
  std::string name;
  fs::path model_file;                 // .tflite (or .onnx later)
  std::string frontend = "tflite";
  std::optional<fs::path> definition;  // definition.yml when present
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  std::optional<fs::path> input_dir;       // example_input.path
  std::optional<fs::path> output_dir;      // test_output_path (dequantized float reference)
  std::optional<fs::path> exact_output_dir;  // output_tflm/, output_onnxruntime/ or output_mlonmcu/: raw bytes, bit-exact
  // Why the model cannot be used (a broken definition.yml): its runs fail at LOAD with this,
  // the other models of the directory are not affected.
  std::optional<std::string> problem;
};

// Finds models: every <dir>/<name>/<name>.tflite (also <dir>/<name>/*.tflite named by the
// definition's network.filename). Sorted by name. A model whose definition cannot be read is
// listed with its `problem`.
std::vector<ModelInfo> discover_models(const std::vector<fs::path>& model_dirs);

// Reads <dir>/<name>/definition.yml and fills the specs; throws Error(Model/Data) on bad YAML.
ModelInfo read_model_info(const fs::path& model_file);

// Model groups from each dir's modelgroups.yml ("group: [model, ...]"), merged.
std::map<std::string, std::vector<std::string>> discover_groups(const std::vector<fs::path>& model_dirs);

// Resolves command-line names: a model name, a group name, or a path to a model file.
// Throws Error(Usage) for an unknown name, listing close matches.
std::vector<ModelInfo> resolve_models(const std::vector<std::string>& names,
                                      const std::vector<fs::path>& model_dirs);

}  // namespace mlonmcu::models
