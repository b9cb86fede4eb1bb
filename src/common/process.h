// Child processes. Every process MLonMCU starts (compilers, simulators) goes through a
// ProcessRunner: the system one forks each child into its own process group and kills the whole
// group on timeout or cancellation, so no simulator or compiler outlives its task. A session's
// runner installs its own runner per task (ScopedProcessRunner), which is how it alone starts,
// cancels and counts processes, and how tests replace processes with in-memory fakes.
#pragma once

#include <atomic>
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
  bool cancelled = false;  // killed because ProcessOptions::cancel was set
  bool not_found = false;  // the program could not be executed (missing tool)
  std::string out;         // captured stdout (may be truncated at max_output bytes)
  std::string err;         // captured stderr (likewise)
  double seconds = 0;
  bool ok() const { return exited && exit_code == 0 && !timed_out && !cancelled; }
  std::string describe() const;  // "exit code 3", "killed by signal 11 (SIGSEGV)", "timed out after 5 s"
};

struct ProcessOptions {
  std::filesystem::path cwd;                 // empty: inherit
  std::chrono::milliseconds timeout{0};      // 0: no limit
  size_t max_output = 64 * 1024 * 1024;      // per stream
  std::vector<std::string> extra_env;        // "K=V"
  const std::atomic<bool>* cancel = nullptr; // when it becomes true the process group is killed
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  virtual ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options) = 0;
};

// fork/exec with a process group per child.
ProcessRunner& system_process_runner();

// Runs through the runner installed for this thread (a session task's), else the system runner.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The runner run_process uses on this thread; code that starts threads of its own passes it on
// (ScopedProcessRunner in each), so their processes stay the task's.
ProcessRunner& current_process_runner();

// Installs a runner for the current thread for the lifetime of the object.
class ScopedProcessRunner {
 public:
  explicit ScopedProcessRunner(ProcessRunner& runner);
  ~ScopedProcessRunner();
  ScopedProcessRunner(const ScopedProcessRunner&) = delete;
  ScopedProcessRunner& operator=(const ScopedProcessRunner&) = delete;

 private:
  ProcessRunner* previous_;
};

// Finds an executable on PATH; empty if missing.
std::filesystem::path find_program(const std::string& name);

}  // namespace mlonmcu
