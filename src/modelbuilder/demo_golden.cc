#include "modelbuilder/demo_golden.h"

#include "common/error.h"
#include "common/hex.h"

namespace mlonmcu::modelbuilder {

namespace {

struct Kept {
  const char* name;
  std::vector<const char*> samples;  // hex of the output bytes
};

const std::vector<Kept>& kept() {
  static const std::vector<Kept> data = {
#include "modelbuilder/demo_golden_tflm.inc"
  };
  return data;
}

}  // namespace

std::optional<std::vector<std::vector<uint8_t>>> demo_tflm_outputs(const std::string& name) {
  for (const Kept& k : kept()) {
    if (name != k.name) continue;
    std::vector<std::vector<uint8_t>> out;
    for (const char* hex : k.samples) {
      auto bytes = decode_hex(hex);
      if (!bytes) throw Error(ErrorKind::Internal, "demo_golden_tflm.inc: bad hex for " + name);
      out.push_back(std::move(*bytes));
    }
    return out;
  }
  return std::nullopt;
}

std::vector<std::string> demo_tflm_output_models() {
  std::vector<std::string> names;
  for (const Kept& k : kept()) names.emplace_back(k.name);
  return names;
}

}  // namespace mlonmcu::modelbuilder
