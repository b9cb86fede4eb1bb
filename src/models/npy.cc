#include "models/npy.h"

#include <cstring>

#include "common/error.h"

namespace mlonmcu::models {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& problem) {
  throw Error(ErrorKind::Data, what + ": not a readable .npy array: " + problem);
}

// Value of `key` in the header dict, e.g. "'<f4'" or "(1, 49, 10, 1)" (raw text).
std::string dict_value(const std::string& header, const std::string& key, const std::string& what) {
  const std::string quoted = "'" + key + "'";
  size_t pos = header.find(quoted);
  if (pos == std::string::npos) fail(what, "header lacks " + key);
  pos = header.find(':', pos + quoted.size());
  if (pos == std::string::npos) fail(what, "malformed header");
  ++pos;
  while (pos < header.size() && header[pos] == ' ') ++pos;
  if (pos >= header.size()) fail(what, "malformed header");
  size_t end = pos;
  if (header[pos] == '(') {
    end = header.find(')', pos);
    if (end == std::string::npos) fail(what, "malformed shape");
    return header.substr(pos, end - pos + 1);
  }
  if (header[pos] == '\'') {
    end = header.find('\'', pos + 1);
    if (end == std::string::npos) fail(what, "malformed string");
    return header.substr(pos + 1, end - pos - 1);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  return header.substr(pos, end - pos);
}

std::vector<int64_t> parse_shape(const std::string& text, const std::string& what) {
  std::vector<int64_t> shape;
  size_t pos = 1;  // after '('
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == ',')) ++pos;
    if (pos >= text.size() || text[pos] == ')') break;
    int64_t value = 0;
    bool digits = false;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      value = value * 10 + (text[pos] - '0');
      if (value > (int64_t{1} << 40)) fail(what, "dimension too large");
      digits = true;
      ++pos;
    }
    if (!digits) fail(what, "malformed shape " + text);
    shape.push_back(value);
  }
  return shape;
}

}  // namespace

int64_t NpyArray::num_elements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& what) {
  static const uint8_t kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0) fail(what, "no NUMPY magic");
  const uint8_t major = bytes[6];
  size_t header_len = 0, header_start = 0;
  if (major == 1) {
    header_len = bytes[8] | (bytes[9] << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) fail(what, "truncated header");
    header_len = bytes[8] | (bytes[9] << 8) | (static_cast<size_t>(bytes[10]) << 16) |
                 (static_cast<size_t>(bytes[11]) << 24);
    header_start = 12;
  } else {
    fail(what, "unknown format version " + std::to_string(major));
  }
  if (header_len > bytes.size() - header_start) fail(what, "truncated header");
  const std::string header(reinterpret_cast<const char*>(bytes.data() + header_start), header_len);

  const std::string descr = dict_value(header, "descr", what);
  const std::string fortran = dict_value(header, "fortran_order", what);
  NpyArray out;
  out.shape = parse_shape(dict_value(header, "shape", what), what);
  bool from_f64 = false;
  if (descr == "<f4") out.dtype = ir::DType::Float32;
  else if (descr == "<f8") from_f64 = true;
  else if (descr == "|i1" || descr == "i1") out.dtype = ir::DType::Int8;
  else if (descr == "|u1" || descr == "u1") out.dtype = ir::DType::UInt8;
  else if (descr == "<i2") out.dtype = ir::DType::Int16;
  else if (descr == "<i4") out.dtype = ir::DType::Int32;
  else if (descr == "<i8") out.dtype = ir::DType::Int64;
  else if (descr == "|b1") out.dtype = ir::DType::Bool;
  else fail(what, "unsupported dtype '" + descr + "'");

  int64_t elements = 1;
  for (int64_t d : out.shape) {
    elements *= d;
    if (elements > (int64_t{1} << 31)) fail(what, "array too large");
  }
  // Fortran order only changes the layout when two or more dimensions exceed 1.
  int non_trivial = 0;
  for (int64_t d : out.shape) non_trivial += d > 1 ? 1 : 0;
  if (fortran.find("True") != std::string::npos && non_trivial > 1) {
    fail(what, "Fortran-ordered arrays are not supported");
  }
  const size_t item = from_f64 ? 8 : ir::dtype_size(out.dtype);
  const size_t payload = bytes.size() - header_start - header_len;
  if (payload != static_cast<size_t>(elements) * item) {
    fail(what, std::to_string(payload) + " data bytes, shape and dtype need " +
                   std::to_string(static_cast<size_t>(elements) * item));
  }
  const uint8_t* data = bytes.data() + header_start + header_len;
  if (from_f64) {
    out.dtype = ir::DType::Float32;
    out.data.resize(static_cast<size_t>(elements) * 4);
    for (int64_t i = 0; i < elements; ++i) {
      double d;
      std::memcpy(&d, data + i * 8, 8);
      const auto f = static_cast<float>(d);
      std::memcpy(out.data.data() + i * 4, &f, 4);
    }
  } else {
    out.data.assign(data, data + payload);
  }
  return out;
}

std::vector<uint8_t> write_npy(const NpyArray& array) {
  const char* descr = nullptr;
  switch (array.dtype) {
    case ir::DType::Float32: descr = "<f4"; break;
    case ir::DType::Int8: descr = "|i1"; break;
    case ir::DType::UInt8: descr = "|u1"; break;
    case ir::DType::Int16: descr = "<i2"; break;
    case ir::DType::Int32: descr = "<i4"; break;
    case ir::DType::Int64: descr = "<i8"; break;
    case ir::DType::Bool: descr = "|b1"; break;
    default: throw Error(ErrorKind::Internal, "write_npy: no .npy dtype for " + std::string(ir::dtype_name(array.dtype)));
  }
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i) shape += std::to_string(array.shape[i]) + (i + 1 < array.shape.size() ? ", " : "");
  if (array.shape.size() == 1) shape += ",";
  shape += ")";
  std::string header = "{'descr': '" + std::string(descr) + "', 'fortran_order': False, 'shape': " + shape + ", }";
  const size_t unpadded = 10 + header.size() + 1;  // magic, version, length, header, newline
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  // One allocation and memcpy: GCC 12 warns (array-bounds) on growing a vector from a braced list.
  const uint8_t start[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<uint8_t>(header.size() & 0xff),
                             static_cast<uint8_t>(header.size() >> 8)};
  std::vector<uint8_t> out(sizeof start + header.size() + array.data.size());
  std::memcpy(out.data(), start, sizeof start);
  std::memcpy(out.data() + sizeof start, header.data(), header.size());
  if (!array.data.empty()) std::memcpy(out.data() + sizeof start + header.size(), array.data.data(), array.data.size());
  return out;
}

}  // namespace mlonmcu::models
