// Ctrl-C during a session: children are killed, the partial report is written with unfinished
// runs marked Incomplete, and the command exits with 130 — promptly.
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

namespace {

namespace fs = std::filesystem;

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

TEST(Interrupt, CtrlCWritesPartialReportAndExits130) {
  const fs::path home = fs::temp_directory_path() / ("mlonmcu_sigint_" + std::to_string(::getpid()));
  fs::remove_all(home);
  ASSERT_EQ(wait_exit_code(spawn_cli({"init", home.string()})), 0);

  // Far more inferences than could finish before the interrupt.
  const pid_t pid = spawn_cli({"--home", home.string(), "flow", "run", "demo_convnet", "demo_resnet",
                               "-t", "host_x86", "-f", "benchmark", "-c", "benchmark.num=1000000",
                               "-c", "host_x86.timeout=600"});
  std::this_thread::sleep_for(std::chrono::seconds(3));
  const auto sent = std::chrono::steady_clock::now();
  kill(pid, SIGINT);
  const int code = wait_exit_code(pid);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  EXPECT_EQ(code, 130);
  EXPECT_LT(seconds, 10.0);

  const fs::path report = home / "temp" / "sessions" / "0" / "report.csv";
  ASSERT_TRUE(fs::exists(report));
  std::stringstream text;
  text << std::ifstream(report).rdbuf();
  EXPECT_NE(text.str().find("demo_convnet"), std::string::npos);
  EXPECT_NE(text.str().find("demo_resnet"), std::string::npos);
  EXPECT_NE(text.str().find("true"), std::string::npos);  // Incomplete
  fs::remove_all(home);
}

}  // namespace
