// Regenerates src/modelbuilder/demo_golden_tflm.inc, the demo zoo's golden outputs, with
// TensorFlow Lite Micro on the host (a dev tool, not a benchmark: run it after changing a demo
// model or its inputs; the demo golden test says when it is due). Usage:
//   gen_demo_golden [--tflm DIR] [--cache DIR] [--out FILE]
// --cache keeps TFLM's compiled libraries and runner (e.g. build-test-cache/tflmi_deps).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "backends/tflmi/demo_golden.h"
#include "common/c_writer.h"
#include "common/error.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

int main(int argc, char** argv) {
  fs::path tflm = fs::path(MLONMCU_SOURCE_DIR) / ".." / ".." / "shared" / "third_party" / "tflite-micro";
  fs::path out = fs::path(MLONMCU_SOURCE_DIR) / "modelbuilder" / "demo_golden_tflm.inc";
  const fs::path work = fs::temp_directory_path() / fmt::format("mlonmcu_gen_demo_golden_{}", ::getpid());
  fs::path cache = work / "cache";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--tflm") tflm = argv[i + 1];
    else if (flag == "--cache") cache = argv[i + 1];
    else if (flag == "--out") out = argv[i + 1];
    else {
      std::fprintf(stderr, "gen_demo_golden: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (argc % 2 == 0) {
    std::fprintf(stderr, "gen_demo_golden: %s needs a value\n", argv[argc - 1]);
    return 2;
  }
  try {
    const auto outputs = backends::tflm::compute_demo_outputs({tflm}, cache, work / "models");
    write_text_file(out.string(), backends::tflm::demo_golden_inc(outputs));
    for (const auto& d : outputs) std::printf("%s: %zu samples\n", d.model.c_str(), d.samples.size());
    std::printf("wrote %s\n", out.string().c_str());
  } catch (const Error& e) {
    std::fprintf(stderr, "gen_demo_golden: %s\n", e.what());
    fs::remove_all(work);
    return 1;
  }
  fs::remove_all(work);
  return 0;
}
