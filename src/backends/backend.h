// A backend turns the graph IR into C code for a target: sources that implement the harness's
// model API (platform/mlif/mlif_model.h). Built in: `interp` (serialized model + generic
// interpreter runtime). The BUILD stage's output is kept in the run's directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "ir/graph.h"
#include "targets/library.h"

namespace mlonmcu::backends {

namespace fs = std::filesystem;

// One executed op, for per-layer reports.
struct LayerInfo {
  std::string op;      // "CONV_2D"
  std::string shapes;  // "1x49x10x1 -> 1x25x5x64"
};

struct BackendOutput {
  std::vector<fs::path> sources;         // generated C/C++ files (in the run's build dir)
  std::vector<fs::path> include_dirs;
  std::vector<std::string> defines;      // for the program's sources ("NAME" / "NAME=VALUE")
  std::vector<targets::Library> libraries;  // runtime, kernels, frameworks: built once, shared
  int64_t workspace_bytes = 0;           // arena (activations) of the memory plan
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
