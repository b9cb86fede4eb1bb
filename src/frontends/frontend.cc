#include "frontends/frontend.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "common/error.h"

namespace mlonmcu::frontends {

namespace {

std::vector<uint8_t> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw Error(ErrorKind::Io, path.string() + ": no such model file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, path.string() + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorKind::Io, path.string() + ": read error");
  return bytes;
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

ir::Graph load_tflite(const std::filesystem::path& path) {
  ir::Graph graph = parse_tflite(read_file(path), path.string());
  // The file name says more about the model than TFLite's usual subgraph name ("main").
  graph.name = path.stem().string();
  return graph;
}

ir::Graph load_onnx(const std::filesystem::path& path) {
  ir::Graph graph = parse_onnx(read_file(path), path.string());
  graph.name = path.stem().string();
  return graph;
}

ir::Graph load_model(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".tflite") return load_tflite(path);
  if (ext == ".onnx") return load_onnx(path);
  throw Error(ErrorKind::Usage, path.string() + ": unknown model format '" + ext +
                                    "' (supported: .tflite, .onnx)");
}

}  // namespace mlonmcu::frontends
