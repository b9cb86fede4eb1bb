// A backend turns the graph IR into C code for a target: sources that implement the harness's
// model API (platform/mlif/mlif_model.h). Built in: `interp` (serialized model + generic
// interpreter runtime) and `aot` (the model as plain C calling the kernels); external frameworks:
// tflmi (TFLite-Micro), tvmaot, tvmaotplus, tvmrt (microTVM). The BUILD stage's output is kept in
// the run's directory. To add one: a folder under backends/ with a class implementing Backend,
// and one line in backends/registry.cc.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "ir/graph.h"
#include "lowering/lowered_graph.h"
#include "targets/library.h"

namespace mlonmcu::backends {

namespace fs = std::filesystem;

// One executed op, for per-layer reports.
using LayerInfo = lowering::LayerInfo;

struct BackendOutput {
  std::vector<fs::path> sources;         // generated C/C++ files (in the run's build dir)
  std::vector<fs::path> include_dirs;
  std::vector<std::string> defines;      // for the program's sources ("NAME" / "NAME=VALUE")
  std::vector<targets::Library> libraries;  // runtime, kernels, frameworks: built once, shared
  int64_t workspace_bytes = 0;           // arena (activations) of the memory plan
  int64_t workspace_lower_bound = -1;    // whole-tensor lower bound of the planned graph
  std::vector<LayerInfo> layers;
};

// What a backend knows about the run it checks and builds for.
struct BuildContext {
  config::Config config;
  std::vector<std::string> features;  // the run's features (only those this backend uses)
  std::string target;                 // target name (TFLite-Micro measures its arena there)
  fs::path model_file;                // the model as given (external frameworks embed it as is)
  fs::path cache_dir;                 // environment's deps/ (libraries, measurements); may be empty
  bool has(const std::string& feature) const;
};

// A feature that changes how a backend builds (its kernel library, say). Backends that do not
// use it drop it from their runs' Features instead of failing them.
struct FeatureInfo {
  std::string name;
  std::string help;
};

// A framework a backend needs besides the target's tools (a TFLite-Micro checkout): whether it
// is there and how to get it, for `mlonmcu setup`.
struct Requirement {
  std::string name;
  bool found = false;
  std::string detail;  // where it was looked for, or what is missing
  std::string how_to_get;
  // Requirements of one non-empty group are alternatives (tvmc or MLF archives): one found is enough.
  std::string group = {};
};

// The features of the MLonMCU kernels the built-in backends (interp, aot) call: `refkernels`,
// the reference kernels instead of the optimized ones (the session turns it into
// kernels.variant=reference).
std::vector<FeatureInfo> kernel_features();

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  // The report's Framework column: whose code runs the model.
  virtual std::string framework() const { return "mlonmcu"; }
  virtual void declare_config(config::Registry& registry) const = 0;
  virtual std::vector<FeatureInfo> features() const { return {}; }
  // Whether build() depends on the target (ctx.target); if not, one BUILD serves every target.
  virtual bool builds_per_target() const { return false; }
  virtual std::vector<Requirement> requirements(const config::Config& cfg) const { return {}; }
  // How many LSB an integer output may differ from TFLite-Micro's (output_tflm/) for `validate`:
  // 0 for the backends that compute what its reference kernels compute.
  virtual int64_t tolerance_lsb(const config::Config& cfg) const {
    (void)cfg;
    return 0;
  }
  // What BUILD reads besides the model file and the backend's config values, for the BUILD's
  // cache key so that a change there builds again: a labelled digest or identity (an MLF
  // archive, an installed framework), or a folder whose files the stage hashes itself (aot
  // copies its kernels for export). Throws like check() when the input cannot be found.
  struct BuildInput {
    std::string label;
    std::string digest;
    fs::path dir;  // when set: every file under it, instead of the digest
  };
  virtual std::vector<BuildInput> build_inputs(const BuildContext& ctx) const {
    (void)ctx;
    return {};
  }
  // LOAD stage: throws Error(Unsupported) naming op, option and backend, or Error(Toolchain)
  // when a framework it needs is missing.
  virtual void check(const ir::Graph& graph, const BuildContext& ctx) const = 0;
  // BUILD stage: writes sources into out_dir.
  virtual BackendOutput build(const ir::Graph& graph, const BuildContext& ctx, const fs::path& out_dir) const = 0;
};

std::vector<std::string> backend_names();
std::unique_ptr<Backend> make_backend(const std::string& name);  // throws Usage for unknown
void declare_backend_configs(config::Registry& registry);
// Every backend feature, once, with the backends that use it named in the help.
std::vector<FeatureInfo> backend_features();
// `features` without the backend features that `backend` does not use.
std::vector<std::string> features_for_backend(const std::string& backend, const std::vector<std::string>& features);
std::vector<std::string> features_for_backend(const Backend& backend, const std::vector<std::string>& features);

}  // namespace mlonmcu::backends
