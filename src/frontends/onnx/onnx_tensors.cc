// ONNX tensors as IR data: TensorProto decoding (raw_data or the typed repeated fields, every
// size checked against the dims), dtype mapping, and the NCHW → NHWC layout helpers.
#include <fmt/format.h>

#include <cstring>

#include "common/error.h"
#include "frontends/onnx/onnx_import.h"
#include "ir/layout.h"

namespace mlonmcu::frontends::onnx_import {

namespace {

// Constants live in memory and backends index with 32-bit arithmetic: anything larger is not
// a model for a microcontroller (and a hostile dims field cannot make us allocate it).
constexpr int64_t kMaxTensorBytes = int64_t{1} << 31;

template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename Dst, typename Field>
void append_converted(std::vector<uint8_t>& out, const Field& field) {
  out.resize(static_cast<size_t>(field.size()) * sizeof(Dst));
  for (int i = 0; i < field.size(); ++i) {
    const Dst v = static_cast<Dst>(field.Get(i));
    std::memcpy(out.data() + static_cast<size_t>(i) * sizeof(Dst), &v, sizeof(Dst));
  }
}

}  // namespace

std::optional<ir::DType> dtype_of(int32_t elem_type) {
  switch (elem_type) {
    case onnx::TensorProto_DataType_FLOAT: return ir::DType::Float32;
    case onnx::TensorProto_DataType_INT8: return ir::DType::Int8;
    case onnx::TensorProto_DataType_UINT8: return ir::DType::UInt8;
    case onnx::TensorProto_DataType_INT16: return ir::DType::Int16;
    case onnx::TensorProto_DataType_INT32: return ir::DType::Int32;
    case onnx::TensorProto_DataType_INT64: return ir::DType::Int64;
    case onnx::TensorProto_DataType_BOOL: return ir::DType::Bool;
    default: return std::nullopt;
  }
}

int64_t Constant::elements() const {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

namespace {

template <typename T>
std::vector<T> converted(const Constant& c) {
  const size_t size = dtype_size(c.dtype);
  std::vector<T> out(c.bytes.size() / size);
  for (size_t i = 0; i < out.size(); ++i) {
    const uint8_t* p = c.bytes.data() + i * size;
    switch (c.dtype) {
      case ir::DType::Float32: out[i] = static_cast<T>(load<float>(p)); break;
      case ir::DType::Int8: out[i] = static_cast<T>(load<int8_t>(p)); break;
      case ir::DType::UInt8:
      case ir::DType::Bool: out[i] = static_cast<T>(load<uint8_t>(p)); break;
      case ir::DType::Int16: out[i] = static_cast<T>(load<int16_t>(p)); break;
      case ir::DType::Int32: out[i] = static_cast<T>(load<int32_t>(p)); break;
      case ir::DType::Int64: out[i] = static_cast<T>(load<int64_t>(p)); break;
      default: break;  // dtype_of() gives compute dtypes only
    }
  }
  return out;
}

}  // namespace

std::vector<float> Constant::floats() const { return converted<float>(*this); }

std::vector<int64_t> Constant::ints() const { return converted<int64_t>(*this); }

Constant read_tensor_proto(const onnx::TensorProto& t, const std::string& what) {
  const std::string label = fmt::format("{}: tensor '{}'", what, t.name());
  const auto dtype = dtype_of(t.data_type());
  if (!dtype)
    throw Error(ErrorKind::Unsupported,
                fmt::format("{} has data type {} ({}), not supported", label, t.data_type(),
                            onnx::TensorProto_DataType_Name(t.data_type())));
  if (t.data_location() == onnx::TensorProto_DataLocation_EXTERNAL || t.external_data_size() > 0)
    throw Error(ErrorKind::Unsupported, label + " keeps its data in an external file (not supported)");
  Constant c;
  c.dtype = *dtype;
  int64_t elements = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && elements > kMaxTensorBytes / d))
      throw Error(ErrorKind::Model, fmt::format("{} has bad dims", label));
    elements *= d;
    c.dims.push_back(d);
  }
  const int64_t size = static_cast<int64_t>(dtype_size(c.dtype));
  if (elements * size > kMaxTensorBytes) throw Error(ErrorKind::Model, label + " is too large");
  if (t.has_raw_data()) {
    c.bytes.assign(t.raw_data().begin(), t.raw_data().end());
  } else {
    switch (c.dtype) {
      case ir::DType::Float32: append_converted<float>(c.bytes, t.float_data()); break;
      case ir::DType::Int64: append_converted<int64_t>(c.bytes, t.int64_data()); break;
      case ir::DType::Int32: append_converted<int32_t>(c.bytes, t.int32_data()); break;
      case ir::DType::Int16: append_converted<int16_t>(c.bytes, t.int32_data()); break;
      case ir::DType::Int8: append_converted<int8_t>(c.bytes, t.int32_data()); break;
      case ir::DType::UInt8:
      case ir::DType::Bool: append_converted<uint8_t>(c.bytes, t.int32_data()); break;
      default: break;  // dtype_of() gives compute dtypes only
    }
  }
  if (static_cast<int64_t>(c.bytes.size()) != elements * size)
    throw Error(ErrorKind::Model, fmt::format("{} holds {} bytes for dims of {} elements ({} bytes)",
                                              label, c.bytes.size(), elements, elements * size));
  return c;
}

std::vector<int32_t> ir_layout(const std::vector<int32_t>& d) {
  if (d.size() != 4) return d;
  return {d[0], d[2], d[3], d[1]};
}

int32_t ir_axis(int64_t axis, size_t rank) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < 0) axis += r;
  if (rank != 4) return static_cast<int32_t>(axis);
  static constexpr int32_t kNhwcPosition[4] = {0, 3, 1, 2};  // N, C, H, W → position in NHWC
  return axis >= 0 && axis < 4 ? kNhwcPosition[axis] : static_cast<int32_t>(axis);
}

std::vector<uint8_t> nchw_to_nhwc(const std::vector<uint8_t>& bytes, const std::vector<int64_t>& dims,
                                  size_t element_size) {
  if (dims.size() != 4) return bytes;
  return ir::permute4(bytes, {dims[0], dims[1], dims[2], dims[3]}, ir::kNchwToNhwc, element_size);
}

}  // namespace mlonmcu::frontends::onnx_import
