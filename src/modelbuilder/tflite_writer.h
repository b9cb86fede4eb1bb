// Writes a graph IR as a .tflite flatbuffer: the project's own models (kernel edge-case tests,
// the README demo) are built in C++ with this, so nothing depends on an external converter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::modelbuilder {

std::vector<uint8_t> write_tflite(const ir::Graph& graph);
void write_tflite_file(const ir::Graph& graph, const std::filesystem::path& path);

}  // namespace mlonmcu::modelbuilder
