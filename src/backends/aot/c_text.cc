#include "backends/aot/c_text.h"

#include <fmt/format.h>

#include "common/error.h"

#include <cctype>
#include <cmath>
#include <cstring>

namespace mlonmcu::backends::aot {

const char* c_type(ir::DType dtype) {
  switch (dtype) {
    case ir::DType::Float32: return "float";
    case ir::DType::Int8: return "int8_t";
    case ir::DType::UInt8: return "uint8_t";
    case ir::DType::Int16: return "int16_t";
    case ir::DType::Int32: return "int32_t";
    case ir::DType::Int64: return "int64_t";
    case ir::DType::Bool: return "uint8_t";
    default: break;  // lowering admits no other dtype (ops::check_supported)
  }
  return "uint8_t";
}

std::string int_literal(int64_t v) {
  if (v == INT64_MIN) return "(-INT64_C(9223372036854775807) - 1)";
  if (v < INT32_MIN || v > INT32_MAX) return fmt::format("INT64_C({})", v);
  if (v == INT32_MIN) return "(-2147483647 - 1)";
  return std::to_string(v);
}

std::string float_literal(float f) {
  if (std::isnan(f)) return "NAN";
  if (std::isinf(f)) return f > 0 ? "INFINITY" : "-INFINITY";
  std::string s = fmt::format("{:.9g}", f);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string thousands(int64_t v) {
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string initializer(const ir::Tensor& t) {
  const size_t size = ir::dtype_size(t.dtype);
  const size_t n = t.data.size() / size;
  const size_t per_line = size == 1 ? 16 : 8;
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += i % per_line == 0 ? "\n   " : "";
    const uint8_t* p = t.data.data() + i * size;
    std::string v;
    switch (t.dtype) {
      case ir::DType::Float32: {
        float f;
        std::memcpy(&f, p, 4);
        v = float_literal(f);
        break;
      }
      case ir::DType::Int8: v = std::to_string(static_cast<int8_t>(*p)); break;
      case ir::DType::UInt8:
      case ir::DType::Bool: v = std::to_string(*p); break;
      case ir::DType::Int16: {
        int16_t x;
        std::memcpy(&x, p, 2);
        v = std::to_string(x);
        break;
      }
      case ir::DType::Int32: {
        int32_t x;
        std::memcpy(&x, p, 4);
        v = int_literal(x);
        break;
      }
      case ir::DType::Int64: {
        int64_t x;
        std::memcpy(&x, p, 8);
        v = int_literal(x);
        break;
      }
      default:  // lowering admits no other dtype (ops::check_supported)
        throw Error(ErrorKind::Internal, fmt::format("aot: constant '{}' has dtype {}", t.name,
                                                     ir::dtype_name(t.dtype)));
    }
    out += " " + v + ",";
  }
  return out + "\n";
}

std::string call_statement(const std::string& function, const std::vector<std::string>& args) {
  constexpr size_t kWidth = 100;
  const std::string head = "  " + function + "(";
  std::string out = head, line = head;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string piece = args[i] + (i + 1 < args.size() ? "," : ");");
    if (line.size() > head.size() && line.size() + 1 + piece.size() > kWidth) {
      out += "\n" + std::string(head.size(), ' ');
      line = std::string(head.size(), ' ');
    } else if (line.size() > head.size()) {
      out += " ";
      line += " ";
    }
    out += piece;
    line += piece;
  }
  if (args.empty()) out += ");";
  return out + "\n";
}

std::string upper_case(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::vector<ModelIo> model_ios(const ir::Graph& graph, bool outputs) {
  std::vector<ModelIo> out;
  const auto& list = outputs ? graph.outputs : graph.inputs;
  for (size_t i = 0; i < list.size(); ++i)
    out.push_back({fmt::format("{}{}", outputs ? "output" : "input", i), i, list[i]});
  return out;
}

}  // namespace mlonmcu::backends::aot
