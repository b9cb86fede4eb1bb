#include "ir/graph.h"

namespace mlonmcu::ir {

const char* dtype_name(DType dtype) {
  switch (dtype) {
    case DType::Float32: return "float32";
    case DType::Int8: return "int8";
    case DType::UInt8: return "uint8";
    case DType::Int16: return "int16";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
    case DType::Float16: return "float16";
    case DType::BFloat16: return "bfloat16";
    case DType::Float64: return "float64";
    case DType::UInt16: return "uint16";
    case DType::UInt32: return "uint32";
    case DType::UInt64: return "uint64";
    case DType::Complex64: return "complex64";
    case DType::Complex128: return "complex128";
    case DType::Resource: return "resource";
    case DType::Int4: return "int4";
  }
  return "?";
}

size_t dtype_size(DType dtype) {
  switch (dtype) {
    case DType::Float32: return 4;
    case DType::Int8: return 1;
    case DType::UInt8: return 1;
    case DType::Int16: return 2;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Bool: return 1;
    case DType::Float16: return 2;
    case DType::BFloat16: return 2;
    case DType::Float64: return 8;
    case DType::UInt16: return 2;
    case DType::UInt32: return 4;
    case DType::UInt64: return 8;
    case DType::Complex64: return 8;
    case DType::Complex128: return 16;
    case DType::Resource: return 4;
    case DType::Int4: return 1;
  }
  return 1;
}

int64_t Tensor::num_elements() const {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

const char* op_type_name(OpType type) {
  switch (type) {
#define MLONMCU_OP_TYPE(type, name) \
  case OpType::type: return name;
#include "ir/op_types.def"
#undef MLONMCU_OP_TYPE
    case OpType::Unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

const char* activation_name(Activation act) {
  switch (act) {
    case Activation::None: return "NONE";
    case Activation::Relu: return "RELU";
    case Activation::ReluN1To1: return "RELU_N1_TO_1";
    case Activation::Relu6: return "RELU6";
    case Activation::Tanh: return "TANH";
    case Activation::SignBit: return "SIGN_BIT";
  }
  return "?";
}

}  // namespace mlonmcu::ir
