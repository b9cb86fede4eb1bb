// Runs a child process in its own process group with a timeout; the whole group is killed on
// timeout or when the session is interrupted, so no simulator or compiler outlives its run.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mlonmcu {

struct ProcessResult {
  int exit_code = -1;      // valid when exited
  int signal = 0;          // the signal that ended the process, if any
  bool exited = false;     // ended through exit()
  bool timed_out = false;  // killed because of the timeout
  bool not_found = false;  // the program could not be executed (missing tool)
  std::string out;         // captured stdout (may be truncated at max_output bytes)
  std::string err;         // captured stderr (likewise)
  double seconds = 0;
  bool ok() const { return exited && exit_code == 0 && !timed_out; }
  std::string describe() const;  // "exit code 3", "killed by signal 11 (SIGSEGV)", "timed out after 5 s"
};

struct ProcessOptions {
  std::filesystem::path cwd;                 // empty: inherit
  std::chrono::milliseconds timeout{0};      // 0: no limit
  size_t max_output = 64 * 1024 * 1024;      // per stream
  std::vector<std::string> extra_env;        // "K=V"
};

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Finds an executable on PATH; empty if missing.
std::filesystem::path find_program(const std::string& name);

// Kills all child process groups still running (called from the SIGINT handler path).
void kill_all_children();

}  // namespace mlonmcu
