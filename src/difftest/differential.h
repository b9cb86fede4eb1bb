// The differential test: every case is written as a .tflite file by the model builder, run
// through TensorFlow Lite Micro on the host (the ground truth, backends/tflmi/tflm_reference.h)
// and, read back by MLonMCU's own frontend, through the built-in backends on a target; every
// output byte must be equal. On the host `interp` runs in this process (the runtime the tool
// links), `aot` as a program of all cases; other targets run one program per backend.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "difftest/op_cases.h"

namespace mlonmcu::difftest {

namespace fs = std::filesystem;

struct DiffSettings {
  fs::path tflm_root;  // TensorFlow Lite Micro checkout (with its downloads)
  fs::path cache_dir;  // compiled libraries and the TFLM runner, shared across runs
  fs::path work_dir;   // models, batch programs
  std::vector<std::string> backends = {"interp", "aot"};
  std::string target = "host_x86";
};

struct CaseOutcome {
  std::string name;
  std::string op;
  std::string variant;
  std::string backend;
  bool passed = false;
  std::string detail;  // why it failed: TFLM refused it, our backend refused it, first difference
};

// One outcome per case and backend. Throws Error(Toolchain) when TFLM does not build.
std::vector<CaseOutcome> run_differential(const std::vector<Case>& cases, const DiffSettings& settings);

}  // namespace mlonmcu::difftest
