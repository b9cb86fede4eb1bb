// Runs a blob in this process with the same C runtime and kernels the targets compile: the
// fastest way to check a lowered model bit for bit (tests) and to make golden outputs for the
// project's own demo models.
#pragma once

#include <cstdint>
#include <vector>

#include "backends/interp/blob_writer.h"

namespace mlonmcu::backends::interp {

using Bytes = std::vector<uint8_t>;

// One inference: inputs in the model's input dtypes; returns the raw output tensors.
// Throws Error(Target) with the runtime's status on failure.
std::vector<Bytes> run_blob_in_process(const Blob& blob, const std::vector<Bytes>& inputs);

// One inference per sample after a single init, as the harness runs a model: variable tensors
// (an SVDF's state) carry over from one sample to the next. [sample][output].
std::vector<std::vector<Bytes>> run_blob_in_process(const Blob& blob,
                                                    const std::vector<std::vector<Bytes>>& samples);

const char* status_name(int status);

}  // namespace mlonmcu::backends::interp
