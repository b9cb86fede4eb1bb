// The arena a TFLite-Micro model needs on a target, measured by TFLM itself on that target
// (mcu/tflm_probe.cc, compiled with the run's own libraries and flags, run on the target's
// simulator or the host). Struct sizes and CMSIS-NN's scratch buffers depend on the core, so a
// 64-bit host dry run over- or under-estimates it (aww: 24,064 B on x86-64 with the portable
// CMSIS-NN paths vs 22,820 B on Cortex-M4 and 27,348 B with Helium on Cortex-M55).
// Results are cached in deps/tflmi_arena/ under a content hash of everything the program is
// built from (model, generated files, library digests, target and its config).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"
#include "targets/library.h"

namespace mlonmcu::backends::tflm {

struct ArenaProbe {
  std::string target;
  config::Config config;
  std::vector<std::filesystem::path> sources;  // model data, generated files, tflm_model.cc
  std::vector<std::filesystem::path> include_dirs;
  std::vector<std::string> defines;
  std::vector<targets::Library> libraries;
  std::filesystem::path work_dir;   // where the probe program is built and run
  std::filesystem::path cache_dir;  // environment deps/; empty: no cache
};

struct ArenaSize {
  int64_t used = 0;    // TFLM's arena_used_bytes() after AllocateTensors
  int64_t needed = 0;  // the smallest 16-byte multiple AllocateTensors accepts (>= used)
};

// Throws Error(Toolchain/Target) when the probe does not build or run, Error(Unsupported) when
// TFLM cannot prepare the model even with all free RAM.
ArenaSize measure_arena(const ArenaProbe& probe);

}  // namespace mlonmcu::backends::tflm
