#include "common/c_writer.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu {

std::string c_byte_array(const std::string& name, const std::vector<uint8_t>& bytes,
                         bool is_const, bool is_static, int alignment) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 5 + 256);
  const size_t n = bytes.empty() ? 1 : bytes.size();  // C has no zero-length arrays
  out += fmt::format("{}{}uint8_t {}[{}] __attribute__((aligned({}))) = {{", is_static ? "static " : "",
                     is_const ? "const " : "", name, n, alignment);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 16 == 0) out += "\n  ";
    out += "0x";
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
    out += ',';
  }
  if (bytes.empty()) out += "0";
  out += "\n};\n";
  return out;
}

namespace {

void write_file(const std::string& path, const char* data, size_t size) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary);
    if (!f) throw Error(ErrorKind::Io, "cannot write " + path);
    f.write(data, static_cast<std::streamsize>(size));
    if (!f.flush()) throw Error(ErrorKind::Io, "cannot write " + path + " (disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw Error(ErrorKind::Io, "cannot write " + path + ": " + ec.message());
}

}  // namespace

void write_binary_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  write_file(path, reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void write_text_file(const std::string& path, const std::string& text) {
  write_file(path, text.data(), text.size());
}

}  // namespace mlonmcu
