// The TFLite demo models' golden outputs computed with TensorFlow Lite Micro on the host
// (tflm_reference.h): what modelbuilder/demo_golden_tflm.inc keeps. Used by the generator
// (bench/gen_demo_golden.cc) and by the test that keeps the data from going stale.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "backends/tflmi/tflm_checkout.h"

namespace mlonmcu::backends::tflm {

struct DemoOutputs {
  std::string model;
  std::vector<std::vector<uint8_t>> samples;  // [sample] the bytes of the model's one output
};

// Every TFLite demo model with its input samples, run through TFLM; throws Error when TFLM
// does not build or refuses a model (a demo model must run on TFLM).
std::vector<DemoOutputs> compute_demo_outputs(const Checkout& checkout, const fs::path& cache_dir,
                                              const fs::path& work_dir);

// The text of demo_golden_tflm.inc for these outputs.
std::string demo_golden_inc(const std::vector<DemoOutputs>& outputs);

}  // namespace mlonmcu::backends::tflm
