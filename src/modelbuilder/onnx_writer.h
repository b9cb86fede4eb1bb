// Writes a graph IR (as the model builder makes it: NHWC, TFLite-style ops) as an ONNX model
// (opset 13, NCHW), so the same network exists as .tflite and .onnx. Three styles:
//   Float      float32 graphs: Conv, Gemm, pooling, Add, Relu/Clip, Softmax, Reshape, ...
//   QOperator  int8 graphs: QLinearConv (also for fully connected layers, as a 1x1 conv),
//              int8 MaxPool/Reshape, and DequantizeLinear → float op → QuantizeLinear for ops
//              the standard domain has no QLinear form of (Add, AveragePool, Softmax, ...)
//   QDQ        int8 graphs: every op as DequantizeLinear → float op → QuantizeLinear, weights
//              and biases as int8/int32 initializers behind DequantizeLinear.
// Graph inputs and outputs keep the IR's dtypes; rank-4 ones are NCHW, so their data is the
// NHWC data transposed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mlonmcu::modelbuilder {

enum class OnnxStyle { Float, QOperator, QDQ };

const char* onnx_style_name(OnnxStyle style);

std::vector<uint8_t> write_onnx(const ir::Graph& graph, OnnxStyle style);
void write_onnx_file(const ir::Graph& graph, OnnxStyle style, const std::filesystem::path& path);

// NHWC tensor bytes → NCHW (what an ONNX input of a rank-4 IR input holds); other ranks as is.
std::vector<uint8_t> nhwc_to_nchw(const std::vector<uint8_t>& bytes, const std::vector<int32_t>& nhwc,
                                  size_t element_size);

}  // namespace mlonmcu::modelbuilder
