// Entry of the ONNX frontend: protobuf decoding of an untrusted file, then the Importer.
#include <fmt/format.h>

#include "common/error.h"
#include "frontends/frontend.h"
#include "frontends/onnx/onnx_import.h"

namespace mlonmcu::frontends {

ir::Graph parse_onnx(const std::vector<uint8_t>& bytes, const std::string& what) {
  if (bytes.empty()) throw Error(ErrorKind::Model, what + ": not an ONNX model (empty file)");
  if (bytes.size() > (size_t{1} << 31))
    throw Error(ErrorKind::Model, what + ": larger than 2 GB (protobuf's limit)");
  onnx::ModelProto model;
  if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    throw Error(ErrorKind::Model,
                fmt::format("{}: not an ONNX model or truncated ({} bytes do not decode as a "
                            "protobuf ModelProto)", what, bytes.size()));
  return onnx_import::Importer(std::move(model), what).run();
}

}  // namespace mlonmcu::frontends
