// Golden outputs for models that come without any and that no reference in the project runs
// (the ONNX demo models, test zoos): every input sample is run in-process through the interp
// backend's lowering, blob and C runtime on the host, and the raw output bytes are written to
// <model dir>/output_mlonmcu/<i>.bin. `validate` then checks that every target computes exactly
// what the host reference computes (compilers, ISAs, memory plans); bit-exactness with
// TFLite-Micro itself is checked on the models that carry output_tflm/ (the TFLite demo models
// and the shared zoo).
#pragma once

#include <filesystem>

#include "models/model_info.h"

namespace mlonmcu::backends::interp {

// Returns the number of samples written; throws like the frontend/golden loader on bad input.
size_t write_reference_outputs(const models::ModelInfo& info);

}  // namespace mlonmcu::backends::interp
