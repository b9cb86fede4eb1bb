// Sessions of the real command line with real processes: Ctrl-C gives Incomplete rows and exit
// 130; a simulator killed from outside fails only its run (Failure `target`) and `--resume`
// completes it; two environments at paths of different lengths give identical rows.
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "session/config_registry.h"
#include "targets/target.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Starts the command line with stdout/stderr silenced; returns its pid.
pid_t spawn_cli(const std::vector<std::string>& args) {
  std::vector<std::string> all = {MLONMCU_CLI_PATH};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int run_cli(const std::vector<std::string>& args) { return wait_exit_code(spawn_cli(args)); }

json report_of(const fs::path& home, const std::string& session) {
  std::ifstream in(home / "temp" / "sessions" / session / "report.json");
  return json::parse(in);
}

// Child processes of `parent` whose command name starts with `name`.
std::vector<pid_t> children_named(pid_t parent, const std::string& name) {
  std::vector<pid_t> found;
  DIR* proc = opendir("/proc");
  if (!proc) return found;
  while (dirent* e = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    std::string text;
    try {  // the process may end while we read (libstdc++ throws on ESRCH)
      std::ifstream stat(fs::path("/proc") / e->d_name / "stat");
      text.assign(std::istreambuf_iterator<char>(stat), std::istreambuf_iterator<char>());
    } catch (const std::exception&) {
      continue;
    }
    const size_t open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    const std::string comm = text.substr(open + 1, close - open - 1);
    std::istringstream rest(text.substr(close + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && comm.rfind(name, 0) == 0) found.push_back(pid);
  }
  closedir(proc);
  return found;
}

bool tools_present(const std::string& target) {
  const auto cfg = mlonmcu::config::Config::parse(mlonmcu::session::config_registry(), {});
  for (const auto& tool : mlonmcu::targets::make_target(target)->tools(cfg))
    if (!tool.found && !tool.optional) return false;
  return true;
}

class Signals : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("mlonmcu_signals_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path init(const std::string& name) {
    const fs::path home = root_ / name;
    EXPECT_EQ(run_cli({"init", home.string(), "--force"}), 0);
    return home;
  }
  fs::path root_;
};

TEST_F(Signals, CtrlCWritesPartialReportAndExits130) {
  const fs::path home = init("env");
  // Far more inferences than could finish before the interrupt.
  const pid_t pid = spawn_cli({"--home", home.string(), "flow", "run", "demo_convnet", "demo_resnet", "-t", "host_x86",
                               "-f", "benchmark", "-c", "benchmark.num=1000000", "-c", "host_x86.timeout=600"});
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const auto sent = std::chrono::steady_clock::now();
  kill(pid, SIGINT);
  const int code = wait_exit_code(pid);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  EXPECT_EQ(code, 130);
  EXPECT_LT(seconds, 10.0);

  const json rows = report_of(home, "0");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("Incomplete"), true) << row.dump();
    EXPECT_EQ(row.at("Failure"), "interrupted") << row.dump();
  }
}

TEST_F(Signals, AKilledSimulatorFailsOnlyItsRunAndResumeCompletesIt) {
  if (!tools_present("rv32_qemu")) GTEST_SKIP() << "rv32_qemu tools missing (see mlonmcu setup)";
  const fs::path home = init("env");
  const pid_t pid = spawn_cli({"--home", home.string(), "flow", "run", "demo_sine", "demo_resnet", "-t", "rv32_qemu",
                               "-f", "benchmark", "--config-gen", "benchmark.num=1", "--config-gen",
                               "benchmark.num=4000", "--parallel", "2"});
  // Run 3 is demo_resnet with 4000 inferences: its simulator runs in runs/3/run.
  bool killed = false;
  for (int i = 0; i < 6000 && !killed; ++i) {
    for (pid_t child : children_named(pid, "qemu-system")) {
      std::error_code ec;
      const fs::path cwd = fs::read_symlink(fs::path("/proc") / std::to_string(child) / "cwd", ec);
      if (!ec && cwd.parent_path().filename() == "3") {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // well inside its inferences
        kill(child, SIGKILL);
        killed = true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(killed) << "the simulator of run 3 was not seen";
  EXPECT_EQ(wait_exit_code(pid), 1);
  json rows = report_of(home, "0");
  ASSERT_EQ(rows.size(), 4u);
  int failed = 0;
  for (const auto& row : rows) {
    if (row.at("Failing") == true) {
      ++failed;
      EXPECT_EQ(row.at("Run"), 3);
      EXPECT_EQ(row.at("Failure"), "target");
      EXPECT_NE(row.at("Reason").get<std::string>().find("RUN: rv32_qemu: simulator killed by signal 9"),
                std::string::npos) << row.at("Reason");
    }
  }
  EXPECT_EQ(failed, 1);

  EXPECT_EQ(run_cli({"--home", home.string(), "flow", "run", "--resume"}), 0);
  rows = report_of(home, "0");
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("Failing"), false) << row.dump();
    EXPECT_GT(row.at("Run Instructions").get<int64_t>(), 0) << row.dump();
  }
  std::ifstream log(home / "temp" / "sessions" / "0" / "session.log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.rfind("mlonmcu-session-log 1\n", 0), 0u);
}

TEST_F(Signals, EnvironmentsAtPathsOfDifferentLengthsGiveIdenticalRows) {
  if (!tools_present("cm4_qemu")) GTEST_SKIP() << "cm4_qemu tools missing (see mlonmcu setup)";
  const fs::path short_home = init("e");
  const fs::path long_home = init(std::string(120, 'e'));
  for (const fs::path& home : {short_home, long_home})
    EXPECT_EQ(run_cli({"--home", home.string(), "flow", "run", "demo_sine", "-t", "cm4_qemu", "-f", "validate"}), 0);
  auto rows = [](const fs::path& home) {
    json r = report_of(home, "0");
    for (auto& row : r)
      for (auto it = row.begin(); it != row.end();)
        it = it.key().find("Stage Time") != std::string::npos ? row.erase(it) : std::next(it);
    return r;
  };
  const json a = rows(short_home), b = rows(long_home);
  EXPECT_EQ(a, b);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_GT(a[0].at("Total ROM").get<int64_t>(), 0);
  EXPECT_GT(a[0].at("Setup Instructions").get<int64_t>(), 0);
}

}  // namespace
