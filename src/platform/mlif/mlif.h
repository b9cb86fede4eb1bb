// The platform (MLIF): turns a backend's output plus the input samples into a program for a
// target (harness + generated data + runtime sources), and reads back what the program printed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "targets/target.h"

namespace mlonmcu::platform {

using Bytes = std::vector<uint8_t>;

struct ProgramOptions {
  int repeat = 1;              // inferences per sample (feature benchmark: benchmark.num)
  bool layer_markers = false;  // per-layer marker calls (feature layer_profile)
  bool stack_paint = false;    // measure peak stack (bare-metal targets)
};

// Writes mlif_config.h and the input samples (mlif_inputs.bin) into dir and returns what the target must compile.
targets::CompileRequest prepare_program(const backends::BackendOutput& backend,
                                        const std::vector<std::vector<Bytes>>& samples,
                                        size_t num_outputs, const ProgramOptions& options,
                                        const std::filesystem::path& dir);

struct ProgramOutput {
  std::vector<std::vector<Bytes>> outputs;  // [sample][output]
  int64_t inferences = 0;
  std::optional<int64_t> stack_bytes;
};

// Parses the harness protocol; throws Error(Target) on MLIF_ERROR lines or missing output.
ProgramOutput parse_program_output(const std::string& text, size_t num_samples, size_t num_outputs,
                                   const std::string& target);

}  // namespace mlonmcu::platform
