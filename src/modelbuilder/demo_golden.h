// TensorFlow Lite Micro's outputs for the TFLite demo models (demo_models.h) on their input
// samples (models::synthetic_inputs), kept as data in demo_golden_tflm.inc so that `mlonmcu
// init` writes output_tflm/ without TFLM: the demo's `validate` then checks the tool against
// TFLM, not against itself. Regenerate with `build/bench/gen_demo_golden` after changing a demo
// model or its inputs; tests/backends/demo_golden_test.cc recomputes them with TFLM and fails
// when they differ.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::modelbuilder {

// [sample] the bytes of the model's one output; nullopt for a model without kept outputs.
std::optional<std::vector<std::vector<uint8_t>>> demo_tflm_outputs(const std::string& name);

// The names of the models with kept outputs, in the data's order.
std::vector<std::string> demo_tflm_output_models();

}  // namespace mlonmcu::modelbuilder
