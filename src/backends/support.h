// Whether each backend can run a model, as its LOAD check decides (for the built-in backends the
// one op registry, src/ops/registry.cc; for tflmi its kernel table): for `mlonmcu models
// --detailed`, without running anything.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"
#include "ir/graph.h"

namespace mlonmcu::backends {

struct BackendSupport {
  enum class State {
    Yes,      // the LOAD check passes
    Missing,  // the model is fine for it, but a framework or setting it needs is missing
    No,       // it cannot run the model (an op, dtype or option; or the file type)
  };
  std::string backend;
  State state = State::No;
  std::string detail;  // the check's message for Missing and No
};

// Every registered backend's verdict on the model, with the environment's config.
std::vector<BackendSupport> backend_support(const ir::Graph& graph, const std::filesystem::path& model_file,
                                            const config::Config& cfg);

}  // namespace mlonmcu::backends
