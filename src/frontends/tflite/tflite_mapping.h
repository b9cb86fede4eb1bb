// Mapping between TFLite's enums (builtin operator codes, tensor types, activations, padding)
// and the graph IR. Shared by the TFLite reader (frontends) and writer (modelbuilder) so the
// two directions cannot drift apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ir/graph.h"

namespace mlonmcu::tflite_format {

// TFLite's builtin code for CUSTOM operators.
inline constexpr int32_t kCustomBuiltinCode = 32;
// Codes above this do not fit OperatorCode.deprecated_builtin_code (a signed byte).
inline constexpr int32_t kPlaceholderForGreaterOpCodes = 127;

// The IR op for a builtin code, or nothing when MLonMCU does not know the op.
std::optional<ir::OpType> op_type_from_builtin(int32_t code);
// The IR op of a custom op's code ("TFLite_Detection_PostProcess"), or nothing.
std::optional<ir::OpType> op_type_from_custom(const std::string& custom_code);
// The builtin code of an IR op; nothing for OpType::Unknown and custom ops.
std::optional<int32_t> builtin_from_op_type(ir::OpType type);
// "HARD_SWISH" for builtin codes the schema names, otherwise "BUILTIN_<code>".
std::string builtin_name(int32_t code);
// Inverse of builtin_name for the names the schema knows.
std::optional<int32_t> builtin_from_name(const std::string& name);

// TFLite TensorType value -> IR dtype; nothing for types the IR cannot hold (FLOAT16, STRING…).
std::optional<ir::DType> dtype_from_tensor_type(int32_t type);
int8_t tensor_type_from_dtype(ir::DType dtype);
// Name of a TensorType value for messages ("FLOAT16", or "type 42").
std::string tensor_type_name(int32_t type);

std::optional<ir::Activation> activation_from_tflite(int32_t act);
int8_t activation_to_tflite(ir::Activation act);

std::optional<ir::Padding> padding_from_tflite(int32_t padding);
int8_t padding_to_tflite(ir::Padding padding);

}  // namespace mlonmcu::tflite_format
