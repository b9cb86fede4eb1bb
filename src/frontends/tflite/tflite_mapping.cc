#include "frontends/tflite/tflite_mapping.h"

#include <array>
#include <map>
#include <utility>

#include "tflite_schema_generated.h"

namespace mlonmcu::tflite_format {

namespace {

using tflite::BuiltinOperator;

bool in_schema_range(int32_t code) {
  return code >= static_cast<int32_t>(BuiltinOperator::MIN) &&
         code <= static_cast<int32_t>(BuiltinOperator::MAX);
}

}  // namespace

// Every IR op by its name: a builtin's name maps its code, a custom op's its custom code.
static const std::map<std::string, ir::OpType>& ops_by_name() {
  static const std::map<std::string, ir::OpType> table = [] {
    std::map<std::string, ir::OpType> t;
#define MLONMCU_OP_TYPE(type, name) t.emplace(name, ir::OpType::type);
#include "ir/op_types.def"
#undef MLONMCU_OP_TYPE
    return t;
  }();
  return table;
}

std::optional<ir::OpType> op_type_from_builtin(int32_t code) {
  if (code == kCustomBuiltinCode || !in_schema_range(code)) return std::nullopt;
  const auto it = ops_by_name().find(tflite::EnumNameBuiltinOperator(static_cast<BuiltinOperator>(code)));
  return it == ops_by_name().end() ? std::nullopt : std::optional<ir::OpType>(it->second);
}

std::optional<ir::OpType> op_type_from_custom(const std::string& custom_code) {
  const auto it = ops_by_name().find(custom_code);
  if (it == ops_by_name().end() || builtin_from_name(custom_code)) return std::nullopt;
  return it->second;
}

std::optional<int32_t> builtin_from_op_type(ir::OpType type) {
  if (type == ir::OpType::Unknown) return std::nullopt;
  return builtin_from_name(ir::op_type_name(type));
}

std::string builtin_name(int32_t code) {
  if (in_schema_range(code)) {
    const char* name = tflite::EnumNameBuiltinOperator(static_cast<BuiltinOperator>(code));
    if (name != nullptr && name[0] != '\0') return name;
  }
  return "BUILTIN_" + std::to_string(code);
}

std::optional<int32_t> builtin_from_name(const std::string& name) {
  for (BuiltinOperator op : tflite::EnumValuesBuiltinOperator()) {
    if (name == tflite::EnumNameBuiltinOperator(op)) return static_cast<int32_t>(op);
  }
  return std::nullopt;
}

namespace {

// TensorType <-> IR dtype, for every type TFLite-Micro can load (it sizes all but STRING,
// VARIANT and INT2, so those fail its loader too).
constexpr std::array<std::pair<tflite::TensorType, ir::DType>, 17> kDTypes = {{
    {tflite::TensorType::FLOAT32, ir::DType::Float32},
    {tflite::TensorType::INT8, ir::DType::Int8},
    {tflite::TensorType::UINT8, ir::DType::UInt8},
    {tflite::TensorType::INT16, ir::DType::Int16},
    {tflite::TensorType::INT32, ir::DType::Int32},
    {tflite::TensorType::INT64, ir::DType::Int64},
    {tflite::TensorType::BOOL, ir::DType::Bool},
    {tflite::TensorType::FLOAT16, ir::DType::Float16},
    {tflite::TensorType::BFLOAT16, ir::DType::BFloat16},
    {tflite::TensorType::FLOAT64, ir::DType::Float64},
    {tflite::TensorType::UINT16, ir::DType::UInt16},
    {tflite::TensorType::UINT32, ir::DType::UInt32},
    {tflite::TensorType::UINT64, ir::DType::UInt64},
    {tflite::TensorType::COMPLEX64, ir::DType::Complex64},
    {tflite::TensorType::COMPLEX128, ir::DType::Complex128},
    {tflite::TensorType::RESOURCE, ir::DType::Resource},
    {tflite::TensorType::INT4, ir::DType::Int4},
}};

}  // namespace

std::optional<ir::DType> dtype_from_tensor_type(int32_t type) {
  for (const auto& [tflite_type, dtype] : kDTypes)
    if (static_cast<int32_t>(tflite_type) == type) return dtype;
  return std::nullopt;
}

int8_t tensor_type_from_dtype(ir::DType dtype) {
  for (const auto& [tflite_type, known] : kDTypes)
    if (known == dtype) return static_cast<int8_t>(tflite_type);
  return static_cast<int8_t>(tflite::TensorType::FLOAT32);
}

std::string tensor_type_name(int32_t type) {
  if (type >= static_cast<int32_t>(tflite::TensorType::MIN) &&
      type <= static_cast<int32_t>(tflite::TensorType::MAX)) {
    return tflite::EnumNameTensorType(static_cast<tflite::TensorType>(type));
  }
  return "type " + std::to_string(type);
}

std::optional<ir::Activation> activation_from_tflite(int32_t act) {
  switch (static_cast<tflite::ActivationFunctionType>(act)) {
    case tflite::ActivationFunctionType::NONE: return ir::Activation::None;
    case tflite::ActivationFunctionType::RELU: return ir::Activation::Relu;
    case tflite::ActivationFunctionType::RELU_N1_TO_1: return ir::Activation::ReluN1To1;
    case tflite::ActivationFunctionType::RELU6: return ir::Activation::Relu6;
    case tflite::ActivationFunctionType::TANH: return ir::Activation::Tanh;
    case tflite::ActivationFunctionType::SIGN_BIT: return ir::Activation::SignBit;
    default: return std::nullopt;
  }
}

int8_t activation_to_tflite(ir::Activation act) {
  tflite::ActivationFunctionType out = tflite::ActivationFunctionType::NONE;
  switch (act) {
    case ir::Activation::None: out = tflite::ActivationFunctionType::NONE; break;
    case ir::Activation::Relu: out = tflite::ActivationFunctionType::RELU; break;
    case ir::Activation::ReluN1To1: out = tflite::ActivationFunctionType::RELU_N1_TO_1; break;
    case ir::Activation::Relu6: out = tflite::ActivationFunctionType::RELU6; break;
    case ir::Activation::Tanh: out = tflite::ActivationFunctionType::TANH; break;
    case ir::Activation::SignBit: out = tflite::ActivationFunctionType::SIGN_BIT; break;
  }
  return static_cast<int8_t>(out);
}

std::optional<ir::Padding> padding_from_tflite(int32_t padding) {
  switch (static_cast<tflite::Padding>(padding)) {
    case tflite::Padding::SAME: return ir::Padding::Same;
    case tflite::Padding::VALID: return ir::Padding::Valid;
    default: return std::nullopt;
  }
}

int8_t padding_to_tflite(ir::Padding padding) {
  return static_cast<int8_t>(padding == ir::Padding::Same ? tflite::Padding::SAME
                                                          : tflite::Padding::VALID);
}

}  // namespace mlonmcu::tflite_format
