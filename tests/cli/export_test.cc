// `mlonmcu export`: an aot run of a session becomes a folder that builds with CMake on its own,
// for the host and cross for rv32 (QEMU), and whose example program prints exactly the outputs
// the run printed for the same input sample; wrong requests are one-line errors.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/process.h"

namespace mlonmcu {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The hex of output 0 in a line "<tag> 0 <hex>" ("MLIF_OUTPUT 0 0 <hex>" from the run's
// harness, "output 0 <hex>" from the exported example).
std::string first_output_hex(const std::string& text, const std::string& tag) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(tag, 0) == 0) return line.substr(line.find_last_of(' ') + 1);
  return "";
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::temp_directory_path() / ("mlonmcu_export_test_" + std::to_string(getpid())) /
            info->name();
    fs::remove_all(root_);
    fs::create_directories(root_);
    ASSERT_TRUE(run({MLONMCU_CLI_PATH, "init", home().string()}).ok());  // the demo models
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path home() const { return root_ / "env"; }

  ProcessResult run(const std::vector<std::string>& argv, const fs::path& cwd = {}) const {
    ProcessOptions options;
    options.cwd = cwd.empty() ? root_ : cwd;
    options.timeout = std::chrono::seconds(300);
    options.extra_env = {"HOME=" + root_.string()};
    return run_process(argv, options);
  }
  ProcessResult cli(std::vector<std::string> args) const {
    args.insert(args.begin(), {MLONMCU_CLI_PATH, "--home", home().string()});
    return run(args);
  }

  // Configures and builds an exported folder with the example; returns the build directory.
  fs::path cmake_build(const fs::path& src, const std::string& name,
                       const std::vector<std::string>& extra = {}) const {
    const fs::path build = root_ / name;
    std::vector<std::string> configure = {"cmake", "-S",           src.string(),
                                          "-B",    build.string(), "-DMODEL_EXAMPLE=ON"};
    configure.insert(configure.end(), extra.begin(), extra.end());
    const ProcessResult c = run(configure);
    EXPECT_TRUE(c.ok()) << c.out << c.err;
    const ProcessResult b = run({"cmake", "--build", build.string()});
    EXPECT_TRUE(b.ok()) << b.out << b.err;
    return build;
  }

  fs::path root_;
};

TEST_F(ExportTest, FolderBuildsWithCMakeForHostAndRv32AndReproducesTheRun) {
  if (find_program("cmake").empty())
    GTEST_SKIP() << "cmake not installed (apt-get install -y cmake)";
  // Run 0 is interp, run 1 aot: export takes the session's first aot run.
  const ProcessResult session =
      cli({"flow", "run", "demo_convnet", "-b", "interp", "-b", "aot", "-t", "host_x86"});
  ASSERT_TRUE(session.ok()) << session.out << session.err;
  const ProcessResult exported = cli({"export", (root_ / "out").string()});
  ASSERT_TRUE(exported.ok()) << exported.err;
  EXPECT_NE(exported.out.find("run 1"), std::string::npos) << exported.out;

  const fs::path out = root_ / "out";
  for (const char* f :
       {"CMakeLists.txt", "README.md", "model/model.h", "model/model.c", "example/main.c",
        "kernels/conv2d_s8.c", "kernels/include/mlonmcu/kernels/conv.h"})
    EXPECT_TRUE(fs::is_regular_file(out / f)) << f;
  // Only what the model needs: it has no ADD, no float ops, no interpreter.
  EXPECT_FALSE(fs::exists(out / "kernels" / "elementwise.c"));
  EXPECT_FALSE(fs::exists(out / "kernels" / "conv2d.c"));
  EXPECT_FALSE(fs::exists(out / "runtime"));
  EXPECT_NE(read(out / "README.md").find("model_invoke"), std::string::npos);

  const std::string expected = first_output_hex(
      read(home() / "temp" / "sessions" / "0" / "runs" / "1" / "run" / "stdout.txt"),
      "MLIF_OUTPUT 0 0");
  ASSERT_FALSE(expected.empty());

  const fs::path host = cmake_build(out, "build_host");
  const ProcessResult example = run({(host / "model_example").string()});
  ASSERT_TRUE(example.ok()) << example.describe();
  EXPECT_EQ(first_output_hex(example.out, "output 0"), expected);

  if (find_program("riscv64-unknown-elf-gcc").empty() ||
      find_program("qemu-system-riscv32").empty())
    GTEST_SKIP() << "no rv32 toolchain (apt-get install -y gcc-riscv64-unknown-elf "
                    "picolibc-riscv64-unknown-elf "
                    "qemu-system-misc)";
  std::ofstream(root_ / "rv32.ld")
      << "__flash = 0x80000000;\n__flash_size = 0x200000;\n__ram = 0x80200000;\n"
         "__ram_size = 0x200000;\n__stack_size = 0x4000;\nINCLUDE picolibc.ld\n";
  std::ofstream(root_ / "rv32.cmake")
      << "set(CMAKE_SYSTEM_NAME Generic)\nset(CMAKE_SYSTEM_PROCESSOR riscv32)\n"
         "set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)\nset(CMAKE_TRY_COMPILE_TARGET_TYPE "
         "STATIC_LIBRARY)\n"
         "set(CMAKE_C_FLAGS_INIT \"-march=rv32imc -mabi=ilp32 --specs=picolibc.specs\")\n"
         "set(CMAKE_EXE_LINKER_FLAGS_INIT \"--crt0=semihost --oslib=semihost -T "
      << (root_ / "rv32.ld").string() << "\")\n";
  const fs::path rv32 =
      cmake_build(out, "build_rv32", {"-DCMAKE_TOOLCHAIN_FILE=" + (root_ / "rv32.cmake").string()});
  const ProcessResult qemu = run({"qemu-system-riscv32", "-M", "virt", "-bios", "none", "-kernel",
                                  (rv32 / "model_example").string(), "-chardev", "stdio,id=shc",
                                  "-semihosting-config", "enable=on,target=native,chardev=shc",
                                  "-display", "none", "-serial", "none", "-monitor", "none"});
  ASSERT_TRUE(qemu.ok()) << qemu.describe() << qemu.err;
  EXPECT_EQ(first_output_hex(qemu.out, "output 0"), expected);
}

TEST_F(ExportTest, WrongRequestsAreOneLineErrors) {
  auto expect_error = [](const ProcessResult& r, int code, const std::string& needle) {
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_EQ(r.err.rfind("mlonmcu: error: ", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  };
  expect_error(cli({"export", (root_ / "a").string()}), 2, "no sessions");
  ASSERT_TRUE(cli({"flow", "build", "demo_autoencoder", "-b", "interp"}).ok());
  expect_error(cli({"export", (root_ / "a").string()}), 2, "no aot run");
  expect_error(cli({"export", "--run", "0", (root_ / "a").string()}), 2, "not an aot build");
  expect_error(cli({"export", "--session", "7", (root_ / "a").string()}), 2, "no session '7'");
  ASSERT_TRUE(cli({"flow", "build", "demo_autoencoder", "-b", "aot"}).ok());
  fs::create_directories(root_ / "full");
  std::ofstream(root_ / "full" / "keep.txt") << "mine";
  expect_error(cli({"export", (root_ / "full").string()}), 1, "not empty");
  EXPECT_EQ(read(root_ / "full" / "keep.txt"), "mine");
  // The latest session's aot run, by default into ./<model>_aot.
  ASSERT_TRUE(cli({"export"}).ok());
  EXPECT_TRUE(fs::is_regular_file(root_ / "demo_autoencoder_aot" / "model" / "model.c"));
}

}  // namespace
}  // namespace mlonmcu
