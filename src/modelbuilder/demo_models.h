// The project's own demo model zoo, built in C++ (no converter needed): three small int8
// models and one float32 model, each with a few deterministic input samples, written in the
// `mlonmcu-models` layout so they work like any other model directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::modelbuilder {

struct DemoModel {
  std::string name;
  std::string description;
  ir::Graph graph;
  size_t num_samples = 3;
};

// demo_convnet (conv, depthwise conv, avg pool, FC, softmax), demo_autoencoder (FC stack),
// demo_resnet (conv blocks with a residual ADD), demo_sine (float32 FC net).
std::vector<DemoModel> demo_models();

// Writes <dir>/<name>/<name>.tflite, definition.yml and input/<i>.bin for every demo model,
// plus <dir>/modelgroups.yml with the group "demo". Returns the model names.
std::vector<std::string> write_demo_models(const std::filesystem::path& dir);

}  // namespace mlonmcu::modelbuilder
