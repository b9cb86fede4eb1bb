// What a run's features ask of its program (one owner for the COMPILE task and for deciding
// which runs can share a program): inferences per sample, layer markers, stack painting, and
// how many golden samples it reads.
#pragma once

#include <cstddef>
#include <string>

#include "platform/mlif/mlif.h"
#include "session/matrix.h"

namespace mlonmcu::session {

struct ProgramSpec {
  platform::ProgramOptions options;
  size_t max_samples = 1;  // 0: all golden samples
  std::string text() const;  // for sharing decisions and cache keys
};

ProgramSpec program_spec(const RunSpec& run);
// Samples the program runs, of `available` golden (or synthetic) ones.
size_t program_sample_count(const ProgramSpec& spec, size_t available);

}  // namespace mlonmcu::session
