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

// The harness reads its samples from this file in its working directory: a relative name, so
// the firmware does not depend on where the environment lives (ROM and instruction counts would
// change with the length of an absolute path).
inline constexpr const char* kInputFileName = "mlif_inputs.bin";
inline constexpr const char* kConfigHeaderName = "mlif_config.h";

// The generated files of a program: mlif_config.h (counts, sizes) and the samples file.
struct ProgramFiles {
  std::string config_header;
  Bytes inputs;
};
// Throws Error(Data) when the samples are empty or differ in shape.
ProgramFiles program_files(const std::vector<std::vector<Bytes>>& samples, size_t num_outputs,
                           const ProgramOptions& options);

// What the target must compile; `dir` is the compile directory holding the ProgramFiles.
targets::CompileRequest program_request(const backends::BackendOutput& backend, const ProgramOptions& options,
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
