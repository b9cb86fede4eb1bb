// The aot backend through the command line on a simulated Cortex-M4, beside interp: every
// sample bit-exact, the workspace at its whole-tensor lower bound, and the model's
// initialisation free: Setup Instructions do not grow with the workspace (the workspace is not
// zeroed at start-up), unlike the interpreter's.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "common/process.h"

namespace mlonmcu {
namespace {

namespace fs = std::filesystem;

TEST(AotFlow, BitExactOnCortexM4WithConstantSetup) {
  if (find_program("arm-none-eabi-gcc").empty() || find_program("qemu-system-arm").empty())
    GTEST_SKIP() << "no Cortex-M toolchain (apt-get install -y gcc-arm-none-eabi "
                    "picolibc-arm-none-eabi qemu-system-arm)";
  const fs::path root = fs::temp_directory_path() / ("mlonmcu_aot_flow_" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  ProcessOptions options;
  options.timeout = std::chrono::seconds(300);
  options.extra_env = {"HOME=" + root.string()};
  const std::string home = (root / "env").string();
  ASSERT_TRUE(run_process({MLONMCU_CLI_PATH, "init", home}, options).ok());  // the demo models
  // Workspaces of 1,536 B (convnet) and 128 B (sine).
  const ProcessResult r = run_process({MLONMCU_CLI_PATH, "--home", home, "flow", "run", "demo_convnet",
                                       "demo_sine", "-b", "interp", "-b", "aot", "-t", "cm4_qemu", "-f",
                                       "validate", "--parallel", "2"},
                                      options);
  ASSERT_TRUE(r.ok()) << r.out << r.err;

  std::ifstream in(fs::path(home) / "temp" / "sessions" / "0" / "report.json");
  const nlohmann::json rows = nlohmann::json::parse(in);
  ASSERT_EQ(rows.size(), 4u);
  std::map<std::string, int64_t> setup;  // "<model>/<backend>"
  for (const auto& row : rows) {
    const std::string key = row["Model"].get<std::string>() + "/" + row["Backend"].get<std::string>();
    EXPECT_EQ(row["Validation"], true) << key;
    EXPECT_EQ(row["Workspace Size [B]"], row["Workspace Lower Bound [B]"]) << key;
    setup[key] = row["Setup Instructions"].get<int64_t>();
  }
  // The aot model's init is `return 0`; what remains is the harness's start-up, the same for
  // both models. The interpreter validates its blob and zeroes its arena.
  EXPECT_LT(std::abs(setup["demo_convnet/aot"] - setup["demo_sine/aot"]), 100);
  EXPECT_LT(setup["demo_convnet/aot"] + 1000, setup["demo_convnet/interp"]);
  fs::remove_all(root);
}

}  // namespace
}  // namespace mlonmcu
