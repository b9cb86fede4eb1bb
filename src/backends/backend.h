// A backend turns the graph IR into C code for a target: sources that implement the harness's
// model API (platform/mlif/mlif_model.h). Built in: `interp` (serialized model + generic
// interpreter runtime) and `aot` (the model as plain C calling the kernels). The BUILD stage's
// output is kept in the run's directory. To add one: a folder under backends/ with a class
// implementing Backend, and one line in backends/registry.cc.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "ir/graph.h"
#include "lowering/lowered_graph.h"

namespace mlonmcu::backends {

namespace fs = std::filesystem;

// One executed op, for per-layer reports.
using LayerInfo = lowering::LayerInfo;

struct BackendOutput {
  std::vector<fs::path> sources;         // generated C files (in the run's build dir)
  std::vector<fs::path> include_dirs;
  std::vector<fs::path> library_sources; // runtime + kernels, shared by all runs
  std::vector<fs::path> library_include_dirs;
  int64_t workspace_bytes = 0;           // arena (activations) of the memory plan
  int64_t workspace_lower_bound = -1;    // whole-tensor lower bound of the planned graph
  std::vector<LayerInfo> layers;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual void declare_config(config::Registry& registry) const = 0;
  // LOAD stage: throws Error(Unsupported) naming op, option and backend.
  virtual void check(const ir::Graph& graph) const = 0;
  // BUILD stage: writes sources into out_dir.
  virtual BackendOutput build(const ir::Graph& graph, const config::Config& cfg,
                              const fs::path& out_dir) const = 0;
};

std::vector<std::string> backend_names();
std::unique_ptr<Backend> make_backend(const std::string& name);  // throws Usage for unknown
void declare_backend_configs(config::Registry& registry);

}  // namespace mlonmcu::backends
