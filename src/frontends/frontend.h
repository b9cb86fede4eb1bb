// A frontend reads a model file into the graph IR. It never trusts the file: every offset,
// size and index is checked, and a bad file is one Error(Model) naming the file and the problem.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::frontends {

ir::Graph load_tflite(const std::filesystem::path& path);
ir::Graph parse_tflite(const std::vector<uint8_t>& bytes, const std::string& what = "model");

// ONNX (opsets 11-17): float, QOperator and QDQ models; rank-4 values become NHWC.
ir::Graph load_onnx(const std::filesystem::path& path);
ir::Graph parse_onnx(const std::vector<uint8_t>& bytes, const std::string& what = "model");

// Picks the frontend from the file extension; throws Usage for an unknown kind.
ir::Graph load_model(const std::filesystem::path& path);

}  // namespace mlonmcu::frontends
