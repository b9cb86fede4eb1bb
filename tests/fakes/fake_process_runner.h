// Processes for tests: each program name has a scripted behaviour — exit with a code and
// output, hang until cancelled, or die from a signal — and every call is recorded.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/process.h"

namespace mlonmcu::testing {

class FakeProcessRunner : public ProcessRunner {
 public:
  struct Script {
    enum Kind { Exit, Hang, Signal } kind = Exit;
    int exit_code = 0;
    int signal = 9;
    std::string out, err;
    static Script exit(int code) { return {Exit, code, 0, "", ""}; }
    static Script hang() { return {Hang, 0, 0, "", ""}; }
    static Script killed(int signal) { return {Signal, 0, signal, "", ""}; }
  };

  ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options) override {
    Script script;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back(argv);
      if (auto it = scripts_.find(argv.empty() ? "" : argv.front()); it != scripts_.end()) script = it->second;
    }
    ProcessResult r;
    if (script.kind == Script::Hang) {
      while (!(options.cancel && options.cancel->load())) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      r.cancelled = true;
      return r;
    }
    if (options.cancel && options.cancel->load()) {
      r.cancelled = true;
      return r;
    }
    if (script.kind == Script::Signal) {
      r.signal = script.signal;
    } else {
      r.exited = true;
      r.exit_code = script.exit_code;
    }
    r.out = script.out;
    r.err = script.err;
    return r;
  }

  void script(const std::string& program, Script s) {
    std::lock_guard<std::mutex> lock(mutex_);
    scripts_[program] = std::move(s);
  }
  // How often `program` was started.
  size_t count(const std::string& program) const {
    std::lock_guard<std::mutex> lock(mutex_);
    size_t n = 0;
    for (const auto& c : calls_) n += !c.empty() && c.front() == program;
    return n;
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Script> scripts_;
  std::vector<std::vector<std::string>> calls_;
};

}  // namespace mlonmcu::testing
