// One network exported as TFLite and as ONNX (float, QOperator, QDQ) in a zoo, run side by side
// in one session on the host, rv32 and Cortex-M4 with both built-in backends: every ONNX run
// must reproduce onnxruntime's outputs (output_onnxruntime/: int8 exactly, float within the
// validation tolerance), the TFLite twin MLonMCU's host reference.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include <nlohmann/json.hpp>

#include "backends/interp/reference_outputs.h"
#include "common/process.h"
#include "frontends/onnx_oracle.h"
#include "models/golden.h"
#include "models/model_info.h"
#include "modelbuilder/onnx_writer.h"
#include "modelbuilder/tflite_writer.h"

namespace mlonmcu {
namespace {

namespace fs = std::filesystem;
using modelbuilder::OnnxStyle;

struct ZooModel {
  std::string name;
  ir::DType dtype;
  std::optional<OnnxStyle> onnx;
};

// onnxruntime's outputs for a sample, to be written to `golden` once the batch has run.
struct PendingGolden {
  size_t job;
  fs::path golden;
};

void write_zoo_model(const fs::path& zoo, const ZooModel& m, test::OnnxruntimeBatch& oracle,
                     std::vector<PendingGolden>& pending) {
  const ir::Graph g = test::onnx_test_net("convnet", m.dtype);
  const fs::path dir = zoo / m.name;
  fs::create_directories(dir / "input");
  const fs::path file = dir / (m.name + (m.onnx ? ".onnx" : ".tflite"));
  if (m.onnx)
    modelbuilder::write_onnx_file(g, *m.onnx, file);
  else
    modelbuilder::write_tflite_file(g, file);
  const ir::Tensor& in = g.tensors[static_cast<size_t>(g.inputs[0])];
  const models::GoldenData samples = models::synthetic_inputs(g, 2);
  for (size_t s = 0; s < samples.num_samples(); ++s) {
    const test::Bytes bytes = m.onnx ? modelbuilder::nhwc_to_nchw(samples.inputs[s][0], in.shape, ir::dtype_size(in.dtype))
                                     : samples.inputs[s][0];
    test::write_bytes(dir / "input" / (std::to_string(s) + ".bin"), bytes);
    if (m.onnx)
      pending.push_back({oracle.add(file, {bytes}), dir / "output_onnxruntime" / (std::to_string(s) + ".bin")});
  }
  if (!m.onnx) backends::interp::write_reference_outputs(models::read_model_info(file));
}

TEST(OnnxFlow, SameNetworkAsTfliteAndOnnxOnEveryTarget) {
  for (const char* tool : {"arm-none-eabi-gcc", "qemu-system-arm", "riscv64-unknown-elf-gcc", "qemu-system-riscv32"})
    if (find_program(tool).empty()) GTEST_SKIP() << "no " << tool << " (scripts/install_deps.sh installs it)";
  if (const std::string why = test::onnxruntime_missing(); !why.empty()) GTEST_SKIP() << why;
  const fs::path root = fs::temp_directory_path() / ("mlonmcu_onnx_flow_" + std::to_string(getpid()));
  fs::remove_all(root);
  const std::vector<ZooModel> zoo = {{"net_tflite", ir::DType::Int8, std::nullopt},
                                     {"net_qop", ir::DType::Int8, OnnxStyle::QOperator},
                                     {"net_qdq", ir::DType::Int8, OnnxStyle::QDQ},
                                     {"net_float", ir::DType::Float32, OnnxStyle::Float}};
  test::OnnxruntimeBatch oracle(root / "ort_work");
  std::vector<PendingGolden> pending;
  for (const ZooModel& m : zoo) write_zoo_model(root / "zoo", m, oracle, pending);
  oracle.run();
  for (const PendingGolden& p : pending) {
    fs::create_directories(p.golden.parent_path());
    test::write_bytes(p.golden, oracle.outputs(p.job).at(0));
  }

  ProcessOptions options;
  options.timeout = std::chrono::seconds(600);
  options.extra_env = {"HOME=" + root.string()};
  const std::string home = (root / "env").string();
  ASSERT_TRUE(run_process({MLONMCU_CLI_PATH, "init", home, "--no-demo-models", "--models", (root / "zoo").string()}, options).ok());
  // The targets' runtime libraries are built once per test cache dir (plain and sanitizer
  // builds share it); the session's own task cache stays private.
  const fs::path shared_deps = fs::path(MLONMCU_TEST_CACHE_DIR) / "builtin_deps";
  for (const char* entry : {"host_x86", "rv32_qemu", "cm4_qemu", ".locks"}) {
    fs::create_directories(shared_deps / entry);
    fs::create_directories(fs::path(home) / "deps");
    fs::create_directory_symlink(shared_deps / entry, fs::path(home) / "deps" / entry);
  }
  const ProcessResult r = run_process({MLONMCU_CLI_PATH, "--home", home, "flow", "run", "net_tflite", "net_qop", "net_qdq",
                                       "net_float", "-b", "interp", "-b", "aot", "-t", "host_x86", "-t", "rv32_qemu",
                                       "-t", "cm4_qemu", "-f", "validate", "--parallel", "2"},
                                      options);
  ASSERT_TRUE(r.ok()) << r.out << r.err;
  std::ifstream in(fs::path(home) / "temp" / "sessions" / "0" / "report.json");
  const nlohmann::json rows = nlohmann::json::parse(in);
  ASSERT_EQ(rows.size(), 24u);
  for (const auto& row : rows) {
    const std::string key = row["Model"].get<std::string>() + "/" + row["Backend"].get<std::string>() + "/" +
                            row["Target"].get<std::string>();
    EXPECT_EQ(row["Validation"], true) << key;
  }
  // The golden data the ONNX runs were checked against is onnxruntime's.
  const auto info = models::read_model_info(root / "zoo" / "net_qdq" / "net_qdq.onnx");
  ASSERT_TRUE(info.exact_output_dir.has_value());
  EXPECT_EQ(info.exact_output_dir->filename(), "output_onnxruntime");
  fs::remove_all(root);
}

}  // namespace
}  // namespace mlonmcu
