// An unpacked Model Library Format (MLF) directory as TVM v0.17.0 writes it (version 7):
//   metadata.json                          executor, workspace and constant bytes, I/O names and sizes
//   codegen/host/src/*.c                   the generated operators (+ AOT entry point, USMP pools)
//   codegen/host/include/tvmgen_<m>.h      AOT: struct tvmgen_<m>_inputs/outputs, tvmgen_<m>_run()
//   runtime/                               AOT: TVM's standalone C runtime (CRT)
//   executor-config/graph/default.graph    graph executor: the graph as JSON
// Everything a backend needs to know is read here once, so a foreign or damaged archive fails
// with one message before anything is compiled.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mlonmcu::backends::tvm {

namespace fs = std::filesystem;

struct MlfTensor {
  std::string name;   // as in the model ("input_1")
  std::string field;  // AOT: the member of struct tvmgen_<m>_inputs/outputs (a C identifier)
  std::string dtype;  // "int8"
  int64_t bytes = 0;
};

struct MlfOperatorCall {
  std::string function;  // "tvmgen_default_fused_nn_conv2d_add_..."
};

struct Mlf {
  fs::path root;
  std::string module = "default";  // tvmc --module-name; prefixes every symbol (tvmgen_default_)
  std::string executor;            // "aot" or "graph"
  int64_t workspace_bytes = 0;     // metadata: main's workspace_size_bytes
  int64_t constants_bytes = 0;     // metadata: main's constants_size_bytes (USMP's constant pool)
  std::vector<MlfTensor> inputs, outputs;
  std::vector<fs::path> sources;   // codegen/host/src/*.c, sorted
  bool usmp = false;               // AOT: workspace in static pools, no TVMBackendAllocWorkspace calls
  std::vector<std::string> operators;  // operator functions in the order the executor calls them

  std::string prefix() const { return "tvmgen_" + module; }
  fs::path include_dir() const { return root / "codegen" / "host" / "include"; }
  fs::path crt_dir() const { return root / "runtime"; }  // absent in graph-executor MLFs
  fs::path graph_json() const { return root / "executor-config" / "graph" / "default.graph"; }
};

// Reads an unpacked MLF. `what` names it in messages (the archive's path). Throws Error(Model)
// for a directory that is no MLF of TVM 0.17 (no or unreadable metadata.json, another version,
// missing generated code, header or graph).
Mlf read_mlf(const fs::path& root, const std::string& what);

}  // namespace mlonmcu::backends::tvm
