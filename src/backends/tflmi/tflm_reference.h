// TensorFlow Lite Micro on the host as the ground truth: .tflite models with given inputs run
// through TFLM's interpreter with its reference kernels (every kernel of tflm_sources.cc), and
// the raw output bytes come back. Used by the differential tests against the built-in backends
// and to make golden outputs. The runner program (mcu/tflm_runner.cc) is built once from the
// cached TFLM libraries and kept in <cache_dir>/tflm_reference/ under a content hash of what it
// is made of; one process runs a whole batch of models.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "backends/tflmi/tflm_checkout.h"
#include "common/case_report.h"

namespace mlonmcu::backends::tflm {

using Bytes = std::vector<uint8_t>;

struct ReferenceCase {
  fs::path model;            // .tflite file
  std::vector<Bytes> inputs;  // raw bytes per model input, in the model's dtypes
};

// error: which step TFLM refused ("AllocateTensors failed", a crash).
using ReferenceResult = CaseRun;

class Reference {
 public:
  // Builds the runner (or takes it from the cache); throws Error(Toolchain) when TFLM does not
  // compile on the host. work_dir holds the batch files.
  Reference(const Checkout& checkout, const fs::path& cache_dir, const fs::path& work_dir);

  // One result per case, in order. A case that crashes TFLM fails alone: the batch is run
  // again case by case to find it.
  std::vector<ReferenceResult> run(const std::vector<ReferenceCase>& cases) const;

  const fs::path& program() const { return program_; }

 private:
  std::vector<ReferenceResult> run_batch(const std::vector<ReferenceCase>& cases, size_t first,
                                         size_t count) const;
  fs::path program_;
  fs::path work_dir_;
};

}  // namespace mlonmcu::backends::tflm
