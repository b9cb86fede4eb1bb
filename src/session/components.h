// What the stage tasks run: backends, targets and the model loader, by name. The built-in
// registries by default; tests substitute fakes that succeed, fail, hang or get killed, so the
// real scheduler runs without compilers or simulators.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "backends/backend.h"
#include "ir/graph.h"
#include "models/golden.h"
#include "models/model_info.h"
#include "targets/target.h"

namespace mlonmcu::session {

struct LoadedModel {
  ir::Graph graph;
  models::GoldenData golden;  // synthetic inputs when the model has no usable golden data
  bool has_golden_inputs = false;
  std::string golden_problem;  // why golden data could not be used (matters only with validate)
};

class Components {
 public:
  virtual ~Components() = default;
  virtual std::unique_ptr<backends::Backend> backend(const std::string& name) const;
  virtual std::unique_ptr<targets::Target> target(const std::string& name) const;
  // Reads the model and its golden data; a golden data problem is kept in golden_problem.
  virtual LoadedModel load(const models::ModelInfo& model) const;
};

const Components& builtin_components();

}  // namespace mlonmcu::session
