// Quantized ONNX: QOperator ops (QLinearConv, QLinearMatMul, QuantizeLinear, DequantizeLinear)
// and QDQ patterns. Filled in by the next commit.
#include "frontends/onnx/onnx_convert.h"

namespace mlonmcu::frontends::onnx_import {

Converter find_quant_converter(const std::string&) { return nullptr; }

}  // namespace mlonmcu::frontends::onnx_import
