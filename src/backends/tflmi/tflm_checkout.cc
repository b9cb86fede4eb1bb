#include "backends/tflmi/tflm_checkout.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.h"

namespace mlonmcu::backends::tflm {

namespace {

constexpr const char* kSrcDirKey = "tflm.src_dir";

// One file per piece: if it is there, the piece is (the download step fetches whole trees).
struct Piece {
  const char* name;
  const char* file;  // relative to the downloads dir, or to the root for the checkout itself
  bool cmsis_nn;     // needed only by the cmsisnn feature
};

const std::vector<Piece>& downloads() {
  static const std::vector<Piece> pieces = {
      {"flatbuffers", "flatbuffers/include/flatbuffers/flatbuffers.h", false},
      {"gemmlowp", "gemmlowp/fixedpoint/fixedpoint.h", false},
      {"ruy", "ruy/ruy/profiler/instrumentation.h", false},
      {"CMSIS-NN (feature cmsisnn)", "cmsis_nn/Include/arm_nnfunctions.h", true},
      {"CMSIS (feature cmsisnn)", "cmsis/CMSIS/Core/Include/cmsis_compiler.h", true},
  };
  return pieces;
}

constexpr const char* kCheckoutFile = "tensorflow/lite/micro/micro_interpreter.h";

std::string download_hint(const fs::path& root) {
  return fmt::format(
      "cd {} && make -f tensorflow/lite/micro/tools/make/Makefile OPTIMIZED_KERNEL_DIR=cmsis_nn "
      "third_party_downloads",
      root.empty() ? "DIR" : root.string());
}

std::string clone_hint() {
  return fmt::format(
      "git clone https://github.com/tensorflow/tflite-micro DIR && git -C DIR checkout {} && {}; then set "
      "tflm.src_dir=DIR (absolute) in environment.yml's config list or with -c",
      kPinnedCommit, download_hint(""));
}

fs::path configured_root(const config::Config& cfg) { return fs::path(cfg.get_string(kSrcDirKey)); }

bool file_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

}  // namespace

void declare_config(config::Registry& registry) {
  registry.add({kSrcDirKey, config::Type::Path, "",
                "TensorFlow Lite Micro checkout after its download step, absolute path (backend tflmi; see `mlonmcu setup`)", {}, {},
                {}});
}

std::vector<Requirement> checkout_requirements(const config::Config& cfg) {
  const fs::path root = configured_root(cfg);
  std::vector<Requirement> out;
  Requirement checkout{"TensorFlow Lite Micro checkout (tflm.src_dir)", false, "", clone_hint()};
  if (root.empty()) {
    checkout.detail = "tflm.src_dir is not set";
  } else {
    checkout.found = file_exists(root / kCheckoutFile);
    checkout.detail = checkout.found ? root.string() : fmt::format("{} has no {}", root.string(), kCheckoutFile);
  }
  out.push_back(checkout);
  const Checkout c{root};
  for (const Piece& piece : downloads()) {
    const fs::path file = c.downloads() / piece.file;
    // Without the checkout, getting it (clone + download step) is the one thing to do.
    Requirement r{std::string("TFLM download: ") + piece.name, checkout.found && file_exists(file), "",
                  checkout.found ? download_hint(root) : ""};
    r.detail = checkout.found ? (c.downloads() / fs::path(piece.file).begin()->string()).string() : "needs the checkout";
    out.push_back(r);
  }
  return out;
}

Checkout find_checkout(const config::Config& cfg, bool with_cmsis_nn) {
  const fs::path root = configured_root(cfg);
  auto no_checkout = [](const std::string& why) {
    return Error(ErrorKind::Toolchain, fmt::format("tflmi needs a TensorFlow Lite Micro checkout: {}; get one with: {}",
                                                   why, clone_hint()));
  };
  if (root.empty()) throw no_checkout("tflm.src_dir is not set");
  if (!file_exists(root / kCheckoutFile)) throw no_checkout(fmt::format("{} has no {}", root.string(), kCheckoutFile));
  const Checkout checkout{root};
  std::vector<std::string> missing;
  for (const Piece& piece : downloads())
    if ((with_cmsis_nn || !piece.cmsis_nn) && !file_exists(checkout.downloads() / piece.file)) missing.push_back(piece.name);
  if (!missing.empty())
    throw Error(ErrorKind::Toolchain,
                fmt::format("tflmi: the TensorFlow Lite Micro checkout {} lacks its downloads {}; get them with: {}",
                            root.string(), fmt::join(missing, ", "), download_hint(root)));
  return checkout;
}

}  // namespace mlonmcu::backends::tflm
