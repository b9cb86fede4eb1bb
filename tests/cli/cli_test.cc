// The built `mlonmcu` binary, run as a user would: exit codes, one-line errors, init/models/env.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/process.h"
#include "modelbuilder/builder.h"
#include "modelbuilder/tflite_writer.h"

namespace mlonmcu {
namespace {

namespace fs = std::filesystem;

size_t count_lines(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

bool shared_models_available() { return fs::is_directory(MLONMCU_SHARED_MODELS "/aww"); }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() / ("mlonmcu_cli_test_" + std::to_string(getpid())) / info->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "user");
  }
  void TearDown() override { fs::remove_all(root_); }

  // Runs the CLI with a private HOME and no MLONMCU_HOME, in the test's directory.
  ProcessResult cli(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"/usr/bin/env", "-u", "MLONMCU_HOME", "HOME=" + (root_ / "user").string(),
                                     MLONMCU_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.cwd = root_;
    options.timeout = std::chrono::seconds(300);
    return run_process(argv, options);
  }

  // An error is exactly one line, "mlonmcu: error: ...", containing `needle`.
  static void expect_one_line_error(const ProcessResult& r, int exit_code, const std::string& needle) {
    EXPECT_TRUE(r.exited) << r.describe();
    EXPECT_EQ(r.exit_code, exit_code) << r.err;
    EXPECT_EQ(count_lines(r.err), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("mlonmcu: error: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  }

  fs::path root_;
};

TEST_F(CliTest, InitCreatesEnvironmentYml) {
  const auto r = cli({"init", (root_ / "env").string(), "--name", "ci"});
  ASSERT_TRUE(r.ok()) << r.err;
  EXPECT_TRUE(fs::is_regular_file(root_ / "env" / "environment.yml"));
  EXPECT_TRUE(fs::is_directory(root_ / "env" / "temp" / "sessions"));
  EXPECT_NE(r.out.find("ci"), std::string::npos) << r.out;
  // The first environment becomes the user's default, so `env` finds it without --home.
  const auto env = cli({"env"});
  ASSERT_TRUE(env.ok()) << env.err;
  EXPECT_NE(env.out.find((root_ / "env").string()), std::string::npos) << env.out;
  EXPECT_NE(env.out.find("ci"), std::string::npos) << env.out;
}

TEST_F(CliTest, InitWithoutDirUsesHomeMlonmcu) {
  ASSERT_TRUE(cli({"init"}).ok());
  EXPECT_TRUE(fs::is_regular_file(root_ / "user" / "mlonmcu" / "environment.yml"));
}

TEST_F(CliTest, InitTwiceIsAUsageError) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  expect_one_line_error(cli({"init", "env"}), 2, "--force");
  EXPECT_TRUE(cli({"init", "env", "--force"}).ok());
}

TEST_F(CliTest, UnknownSubcommand) {
  expect_one_line_error(cli({"frobnicate"}), 2, "frobnicate");
}

TEST_F(CliTest, UnknownFlags) {
  expect_one_line_error(cli({"--frobnicate"}), 2, "--frobnicate");
  expect_one_line_error(cli({"models", "--frobnicate"}), 2, "--frobnicate");
  expect_one_line_error(cli({"flow", "run", "aww", "--frobnicate"}), 2, "--frobnicate");
}

TEST_F(CliTest, NoCommandAndBadStage) {
  expect_one_line_error(cli({}), 2, "no command");
  expect_one_line_error(cli({"flow", "fly", "aww"}), 2, "fly");
  expect_one_line_error(cli({"flow", "run"}), 2, "models");
}

TEST_F(CliTest, NoEnvironmentSaysHowToCreateOne) {
  expect_one_line_error(cli({"models"}), 2, "mlonmcu init");
  expect_one_line_error(cli({"--home", (root_ / "nowhere").string(), "env"}), 2, "nowhere");
}

TEST_F(CliTest, UnknownConfigKeyIsOneLineWithSuggestion) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  const auto r = cli({"--home", "env", "flow", "run", "any_model", "-c", "interp.arena_sise=4096"});
  expect_one_line_error(r, 2, "interp.arena_sise");
  EXPECT_NE(r.err.find("interp.arena_size"), std::string::npos) << r.err;
  expect_one_line_error(cli({"--home", "env", "flow", "run", "any_model", "-c", "novalue"}), 2, "key=value");
}

TEST_F(CliTest, UnknownModelIsOneLine) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  expect_one_line_error(cli({"--home", "env", "flow", "run", "no_such_model"}), 2, "no_such_model");
}

TEST_F(CliTest, BadParallelValue) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  expect_one_line_error(cli({"--home", "env", "flow", "run", "m", "--parallel", "0"}), 2, "--parallel");
}

TEST_F(CliTest, GlobalOptionsAlsoAfterTheCommand) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  const auto r = cli({"env", "--home", "env", "-v"});
  ASSERT_TRUE(r.ok()) << r.err;
  EXPECT_NE(r.out.find((root_ / "env").string()), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("[info]"), std::string::npos) << r.err;  // -v turned on info logging
}

TEST_F(CliTest, VersionAndHelp) {
  const auto v = cli({"--version"});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v.out.rfind("mlonmcu ", 0), 0u) << v.out;
  const auto h = cli({"flow", "--help"});
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h.out.find("--backend"), std::string::npos) << h.out;
}

TEST_F(CliTest, ModelsListsSharedModels) {
  if (!shared_models_available()) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;
  ASSERT_TRUE(cli({"init", "env", "--models", MLONMCU_SHARED_MODELS}).ok());
  const auto r = cli({"--home", "env", "models"});
  ASSERT_TRUE(r.ok()) << r.err;
  for (const char* name : {"aww", "vww", "resnet", "toycar", "sine_model"}) {
    EXPECT_NE(r.out.find(std::string("  ") + name + " "), std::string::npos) << name << "\n" << r.out;
  }
  // The five shared models plus the seven demo models (four TFLite, three ONNX) init writes.
  EXPECT_NE(r.out.find("Models (12)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("demo: demo_convnet, demo_autoencoder, demo_resnet, demo_sine"), std::string::npos) << r.out;

  const auto d = cli({"--home", "env", "models", "--detailed"});
  ASSERT_TRUE(d.ok()) << d.err;
  // aww's tensors as the model file states them (with definition.yml's conversion), its ops,
  // and its 10 golden samples.
  EXPECT_NE(d.out.find("input_1 1x49x10x1 int8 (scale 0.5748364 zero point 87) [definition: quantize from float32"),
            std::string::npos) << d.out;
  EXPECT_NE(d.out.find("Identity 1x12 int8"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("13 (CONV_2D x5, DEPTHWISE_CONV_2D x4, AVERAGE_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX)"),
            std::string::npos) << d.out;
  EXPECT_NE(d.out.find("10 input sample(s) in input/"), std::string::npos) << d.out;
  EXPECT_NE(d.out.find("output_tflm/"), std::string::npos) << d.out;
}

// The line of `text` that starts with `prefix`, or empty.
std::string line_starting(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

TEST_F(CliTest, ModelsDetailedReadsTensorsAndOpsFromTheModelAndAsksEveryBackend) {
  ASSERT_TRUE(cli({"init", "env", "--no-demo-models"}).ok());
  // Two models without definition.yml: a BATCH_MATMUL, and an ADD_N of more inputs than the
  // built-in kernels take (TFLite-Micro takes any number).
  {
    modelbuilder::GraphBuilder b("matmul");
    const int32_t x = b.input("a", ir::DType::Float32, {2, 3});
    const int32_t w = b.add_const_float("b", {3, 4}, std::vector<float>(12, 0.5f));
    const int32_t out = b.add_tensor("product", ir::DType::Float32, {2, 4});
    b.add_op(ir::OpType::BatchMatMul, {x, w}, {out}, ir::BatchMatMulOptions{});
    b.add_output(out);
    fs::create_directories(root_ / "env" / "models" / "matmul");
    modelbuilder::write_tflite_file(b.build(), root_ / "env" / "models" / "matmul" / "matmul.tflite");
  }
  {
    modelbuilder::GraphBuilder b("wide");
    std::vector<int32_t> inputs;
    for (int i = 0; i < 9; ++i) inputs.push_back(b.input("x" + std::to_string(i), ir::DType::Float32, {4}));
    const int32_t out = b.add_tensor("sum", ir::DType::Float32, {4});
    b.add_op(ir::OpType::AddN, inputs, {out});
    b.add_output(out);
    fs::create_directories(root_ / "env" / "models" / "wide");
    modelbuilder::write_tflite_file(b.build(), root_ / "env" / "models" / "wide" / "wide.tflite");
  }
  const auto r = cli({"--home", "env", "models", "--detailed"});
  ASSERT_TRUE(r.ok()) << r.err;
  const std::string matmul = r.out.substr(r.out.find("matmul\n"), r.out.find("wide\n") - r.out.find("matmul\n"));
  const std::string wide = r.out.substr(r.out.find("wide\n"));
  EXPECT_NE(matmul.find("  input:      a 2x3 float32\n"), std::string::npos) << matmul;
  EXPECT_NE(matmul.find("  output:     product 2x4 float32\n"), std::string::npos) << matmul;
  EXPECT_NE(matmul.find("  ops:        1 (BATCH_MATMUL)\n"), std::string::npos) << matmul;
  for (const char* backend : {"interp", "aot"})
    EXPECT_NE(line_starting(matmul, std::string("  backend:    ") + backend + " ").find(" yes"), std::string::npos)
        << backend << "\n" << matmul;
  // tflmi would run it but has no TFLite-Micro checkout in this environment.
  EXPECT_NE(line_starting(matmul, "  backend:    tflmi ").find("yes once set up"), std::string::npos) << matmul;
  EXPECT_NE(wide.find("  ops:        1 (ADD_N)\n"), std::string::npos) << wide;
  EXPECT_NE(line_starting(wide, "  backend:    interp ").find("no: backend 'interp' does not support ADD_N: 9 inputs"),
            std::string::npos) << wide;
  EXPECT_NE(line_starting(wide, "  backend:    tflmi ").find("yes once set up"), std::string::npos) << wide;
}

TEST_F(CliTest, InitWritesTheDemoModelsByDefault) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  const auto r = cli({"--home", "env", "models"});
  ASSERT_TRUE(r.ok()) << r.err;
  for (const char* name : {"demo_convnet", "demo_autoencoder", "demo_resnet", "demo_sine"}) {
    EXPECT_NE(r.out.find(std::string("  ") + name + " "), std::string::npos) << name << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("demo: "), std::string::npos) << r.out;  // the group
}

TEST_F(CliTest, ModelsInAnEmptyEnvironmentSaysWhereItLooked) {
  ASSERT_TRUE(cli({"init", "env", "--no-demo-models"}).ok());
  const auto r = cli({"--home", "env", "models"});
  ASSERT_TRUE(r.ok()) << r.err;
  EXPECT_NE(r.out.find("no models found"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find((root_ / "env" / "models").string()), std::string::npos) << r.out;
}

TEST_F(CliTest, SetupListsTargetsAndTheirTools) {
  const auto r = cli({"setup"});
  ASSERT_TRUE(r.ok()) << r.err;
  EXPECT_NE(r.out.find("host_x86"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.find("found") != std::string::npos || r.out.find("MISSING") != std::string::npos) << r.out;
  // Backends' frameworks too: without tflm.src_dir, how to get TFLite-Micro.
  EXPECT_NE(r.out.find("backend tflmi:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MISSING  TensorFlow Lite Micro checkout (tflm.src_dir): tflm.src_dir is not set"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("git -C DIR checkout 90b983c2"), std::string::npos) << r.out;
  // The TVM backends need tvmc or MLF archives, either one: with neither, both are named.
  EXPECT_NE(r.out.find("backend tvmaotplus:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MISSING  tvmc (tvm.tvmc or tvm.python): neither tvm.tvmc nor tvm.python is set (one TVM "
                       "source is enough)"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("set tvm.mlf_dir=DIR with DIR/<model>/tvmaotplus.tar"), std::string::npos) << r.out;
  const auto l = cli({"setup", "--list"});
  ASSERT_TRUE(l.ok()) << l.err;
  EXPECT_NE(l.out.find("host_x86"), std::string::npos) << l.out;
}

TEST_F(CliTest, FlowRunsAModelAndWritesTheReport) {
  if (!shared_models_available()) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;
  ASSERT_TRUE(cli({"init", "env", "--models", MLONMCU_SHARED_MODELS}).ok());
  const auto r = cli({"-q", "--home", "env", "flow", "run", "sine_model", "-f", "validate", "--label", "cli test"});
  ASSERT_TRUE(r.exited) << r.describe();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("sine_model"), std::string::npos) << r.out;
  const size_t at = r.out.find("report: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  std::string path = r.out.substr(at + 8);
  path = path.substr(0, path.find('\n'));
  ASSERT_TRUE(fs::is_regular_file(path)) << path;
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("Session,Run,", 0), 0u) << header;
}

TEST_F(CliTest, FailingRunExitsWithOneAndShowsReason) {
  if (!shared_models_available()) GTEST_SKIP() << "no " MLONMCU_SHARED_MODELS;
  ASSERT_TRUE(cli({"init", "env", "--models", MLONMCU_SHARED_MODELS}).ok());
  // Bytes that are no TFLite model: the run fails, the session still reports.
  {
    std::ofstream bad(root_ / "broken.tflite", std::ios::binary);
    bad << "this is not a flatbuffer at all, just text";
  }
  const auto r = cli({"-q", "--home", "env", "flow", "run", (root_ / "broken.tflite").string()});
  ASSERT_TRUE(r.exited) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // The table names the failure's kind; the full reason follows it.
  EXPECT_NE(r.out.find("Failure"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 run failed:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("LOAD: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("report: "), std::string::npos) << r.out;
}

}  // namespace
TEST_F(CliTest, ConfigListsKeysOfEveryComponent) {
  const auto all = cli({"config"});
  ASSERT_TRUE(all.ok()) << all.err;
  for (const char* key : {"interp.memplan", "host_x86.timeout", "rv32_qemu.arch", "cm4_qemu.stack_size",
                          "benchmark.num", "validate.atol"})
    EXPECT_NE(all.out.find(key), std::string::npos) << key;
  EXPECT_NE(all.out.find("layer_profile"), std::string::npos);
  const auto interp = cli({"config", "interp"});
  ASSERT_TRUE(interp.ok());
  EXPECT_NE(interp.out.find("interp.arena_size"), std::string::npos);
  EXPECT_EQ(interp.out.find("host_x86"), std::string::npos) << interp.out;
  expect_one_line_error(cli({"config", "nosuch"}), 2, "nosuch");
}

TEST_F(CliTest, ReportColumnsAndTableColumnsAndPostprocessNames) {
  const auto columns = cli({"report", "--columns"});
  ASSERT_TRUE(columns.ok()) << columns.err;
  EXPECT_NE(columns.out.find("Run Instructions / MAC       real     instructions/MAC"), std::string::npos) << columns.out;
  expect_one_line_error(cli({"report"}), 2, "--columns");
  ASSERT_TRUE(cli({"init", "env"}).ok());
  expect_one_line_error(cli({"--home", "env", "flow", "run", "demo_sine", "--postprocess", "visualise"}), 2, "visualize");
  expect_one_line_error(cli({"--home", "env", "flow", "run", "demo_sine", "--columns", "Model,Nope"}), 2, "'Nope'");
  expect_one_line_error(cli({"--home", "env", "flow", "run", "demo_sine", "--postprocess", "compare_rows"}), 2,
                        "compare_rows.to");
  // A column a postprocess makes can be chosen for the table.
  const auto kb = cli({"--home", "env", "flow", "run", "demo_sine", "-q", "--postprocess", "bytes2kb", "--columns",
                       "Model,Total ROM [kB]"});
  ASSERT_TRUE(kb.ok()) << kb.out << kb.err;
  EXPECT_EQ(kb.out.rfind("Model      Total ROM [kB]\n", 0), 0u) << kb.out;
}

TEST_F(CliTest, ResultsShowsSessionsFromTheDatabase) {
  ASSERT_TRUE(cli({"init", "env"}).ok());
  const auto empty = cli({"--home", "env", "results"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  ASSERT_EQ(cli({"--home", "env", "flow", "run", "demo_sine", "-q"}).exit_code, 0);
  ASSERT_EQ(cli({"--home", "env", "flow", "run", "demo_autoencoder", "-q"}).exit_code, 0);
  const auto latest = cli({"--home", "env", "results"});
  ASSERT_TRUE(latest.ok()) << latest.err;
  EXPECT_NE(latest.out.find("demo_autoencoder"), std::string::npos) << latest.out;
  EXPECT_EQ(latest.out.find("demo_sine"), std::string::npos) << latest.out;
  const auto by_model = cli({"--home", "env", "results", "--model", "demo_sine"});
  ASSERT_TRUE(by_model.ok()) << by_model.err;
  EXPECT_NE(by_model.out.find("demo_sine"), std::string::npos) << by_model.out;
}

}  // namespace mlonmcu
