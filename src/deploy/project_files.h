// The texts of an exported folder besides the generated model: CMakeLists.txt, README.md and
// the example program.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/aot/manifest.h"

namespace mlonmcu::deploy {

std::string cmake_lists(const backends::aot::Manifest& m);
std::string readme(const backends::aot::Manifest& m, const std::string& session,
                   const std::string& run);
std::string example_main(const backends::aot::Manifest& m);
// One input sample as C arrays sample_input0.. (the example's data).
std::string sample_input_header(const std::vector<std::vector<uint8_t>>& inputs);

}  // namespace mlonmcu::deploy
