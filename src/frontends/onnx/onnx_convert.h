// Building blocks shared by the float and the quantized converters: convolution and fully
// connected layers with weights in IR layout, window padding, reshapes across the layout
// change. Each emits IR ops through the Importer.
#pragma once

#include <optional>

#include "frontends/onnx/onnx_import.h"

namespace mlonmcu::frontends::onnx_import {

// The quantization-related parts of a conv/FC layer; all empty for float.
struct LayerQuant {
  ir::Quantization weight;  // per tensor or per output channel (ONNX axis 0)
  ir::Quantization output;
  ir::Requantization requant = ir::Requantization::FixedPoint;
};

// Conv (also grouped and depthwise) from ONNX weights [M, C/group, kH, kW]; explicit pads
// that are not TFLite's SAME/VALID become a PAD op in front. Returns the output tensor.
int32_t emit_conv(Importer& im, const onnx::NodeProto& node, int32_t x, const Constant& w,
                  const Constant* bias, ir::DType out_dtype, const LayerQuant& q);

// Fully connected from a filter given as [N, K] (already transposed/scaled) and a bias of N.
int32_t emit_fully_connected(Importer& im, const onnx::NodeProto& node, int32_t x,
                             ir::DType w_dtype, int32_t n, int32_t k, std::vector<uint8_t> filter,
                             std::optional<std::vector<uint8_t>> bias, ir::DType out_dtype,
                             const LayerQuant& q);

// MaxPool / AveragePool / GlobalAveragePool on an IR value (int8 pooling keeps the input's
// quantization, as ONNX's QDQ pooling with equal scales does).
void emit_pool(Importer& im, const onnx::NodeProto& node, ir::OpType type, int32_t x, bool global,
               const ir::Quantization& out_quant);

// A reshape from the value x to node output 0 (ONNX order), through transposes when either
// side is a rank-4 (NHWC in the IR) value whose byte order differs from NCHW.
void emit_reshape(Importer& im, const onnx::NodeProto& node, int32_t x);

// Transpose of the value x as the node's perm says (composed with the layout change for rank 4).
void emit_transpose(Importer& im, const onnx::NodeProto& node, int32_t x);

// The const tensor that an elementwise op reads, broadcast to `rank` dims in IR layout.
int32_t elementwise_constant(Importer& im, const onnx::NodeProto& node, int k, size_t rank);

// Elements of a Constant as a typed vector (for weights).
std::vector<uint8_t> float_bytes(const std::vector<float>& v);

}  // namespace mlonmcu::frontends::onnx_import
