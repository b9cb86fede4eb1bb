// Many models in one program for a target: each built as the `interp` backend builds it (its
// blob, run by the interpreter runtime) or as the `aot` backend does (its generated C, under a
// prefix of its own), with its input bytes as constants; main() runs every model once and
// prints its outputs in hex. One compile and one simulator run check a whole batch of
// differential cases on a target, instead of one program per case.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/case_report.h"
#include "ir/graph.h"

namespace mlonmcu::difftest {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

struct BatchModel {
  ir::Graph graph;            // as the frontend read it
  std::vector<Bytes> inputs;  // one sample
};

// error: the runtime's status, or why the model could not be built.
using BatchOutcome = CaseRun;

struct BatchRequest {
  std::string backend;  // "interp" or "aot"
  std::string target;   // a target name
  fs::path work_dir;
  fs::path cache_dir;  // compiled libraries (environment deps/); may be empty
};

// One outcome per model. A model the backend refuses (Unsupported) fails alone; a crash of the
// program fails the whole batch with the target's message.
std::vector<BatchOutcome> run_batch(const std::vector<BatchModel>& models, const BatchRequest& request);

}  // namespace mlonmcu::difftest
