// A TensorFlow Lite Micro checkout as a user has it after TFLM's download step: the sources and,
// under tensorflow/lite/micro/tools/make/downloads/, the third-party code its commit pins
// (flatbuffers, gemmlowp, ruy; CMSIS-NN and CMSIS for the cmsisnn feature). Configured with
// `tflm.src_dir` (environment.yml's config or -c). Only read, never written.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "config/config.h"

namespace mlonmcu::backends::tflm {

namespace fs = std::filesystem;

// The commit the project's source lists (tflm_sources.cc) and measurements were made with.
inline constexpr const char* kPinnedCommit = "90b983c2b3f1480642e040bbd2ddb37b998f3424";

struct Checkout {
  fs::path root;
  fs::path downloads() const { return root / "tensorflow" / "lite" / "micro" / "tools" / "make" / "downloads"; }
  fs::path cmsis_nn() const { return downloads() / "cmsis_nn"; }
  fs::path cmsis() const { return downloads() / "cmsis"; }
};

void declare_config(config::Registry& registry);

// What setup reports: the checkout, then each download, found or missing, with how to get it.
std::vector<Requirement> checkout_requirements(const config::Config& cfg);

// The configured checkout; throws Error(Toolchain) with setup's message when it or a download
// the run needs (CMSIS-NN and CMSIS with_cmsis_nn) is missing.
Checkout find_checkout(const config::Config& cfg, bool with_cmsis_nn);

}  // namespace mlonmcu::backends::tflm
