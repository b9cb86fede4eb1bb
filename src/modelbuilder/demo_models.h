// The project's own demo model zoo, built in C++ (no converter needed): three small int8
// models and one float32 model, each with a few deterministic input samples, written in the
// `mlonmcu-models` layout so they work like any other model directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "modelbuilder/onnx_writer.h"

namespace mlonmcu::modelbuilder {

struct DemoModel {
  std::string name;
  std::string description;
  ir::Graph graph;
  size_t num_samples = 3;
  std::optional<OnnxStyle> onnx;  // written as <name>.onnx in this style instead of .tflite
};

// demo_convnet (conv, depthwise conv, avg pool, FC, softmax), demo_autoencoder (FC stack),
// demo_resnet (conv blocks with a residual ADD), demo_sine (float32 FC net), and as ONNX:
// demo_convnet_qop (QOperator), demo_convnet_qdq (QDQ), demo_sine_onnx (float).
std::vector<DemoModel> demo_models();

// Writes <dir>/<name>/<name>.tflite (or .onnx), definition.yml and input/<i>.bin for every demo model,
// output_tflm/<i>.bin for the TFLite ones (TFLM's outputs, demo_golden.h), plus <dir>/modelgroups.yml with the groups "demo" (the TFLite models) and "demo_onnx" (the ONNX
// models and their TFLite twins). Returns the model names.
std::vector<std::string> write_demo_models(const std::filesystem::path& dir);

}  // namespace mlonmcu::modelbuilder
