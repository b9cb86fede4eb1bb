// Helpers for the simulated-target tests: temporary directories, small C programs, configs, and
// an independent instruction count from QEMU's single-step execution trace.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/process.h"
#include "config/config.h"
#include "targets/arm/arm_target.h"
#include "targets/riscv/riscv_target.h"
#include "targets/target.h"

namespace mlonmcu::targets::testing {

namespace fs = std::filesystem;

// A fresh directory under /tmp, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "mlonmcu_targets_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline fs::path write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path;
}

// The harness's marker functions, as the lead's harness defines them.
inline const char* kMarkers = R"(
#include <stdint.h>
__attribute__((noinline)) void mlif_mark_setup_done(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlif_mark_run_begin(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlif_mark_run_end(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlonmcu_layer_begin(int32_t i) { __asm__ volatile("" : : "r"(i)); }
__attribute__((noinline)) void mlonmcu_layer_end(int32_t i) { __asm__ volatile("" : : "r"(i)); }
)";

// True when the cross compiler, its picolibc and the simulator of a target are installed
// (optional tools, such as the C++ library, are asked for by the tests that need them).
inline bool tools_installed(const Target& target, const config::Config& cfg) {
  for (const auto& tool : target.tools(cfg)) {
    if (!tool.found && !tool.optional) return false;
  }
  return true;
}

inline std::unique_ptr<Target> make_simulated_target(const std::string& name) {
  if (auto t = make_riscv_target(name)) return t;
  return make_arm_target(name);
}

// A target with its config (keys declared in a registry that outlives the config).
struct TargetFixture {
  explicit TargetFixture(const std::string& name, const std::vector<std::string>& assignments = {})
      : target(make_simulated_target(name)) {
    target->declare_config(registry);
    cfg = config::Config::parse(registry, assignments);
  }
  std::unique_ptr<Target> target;
  config::Registry registry;
  config::Config cfg;
};

#define SKIP_WITHOUT_TOOLS(fixture)                                                        \
  do {                                                                                     \
    if (!::mlonmcu::targets::testing::tools_installed(*(fixture).target, (fixture).cfg)) \
      GTEST_SKIP() << (fixture).target->name() << ": cross tools not installed";           \
  } while (0)

// Compiles one C source file into an ELF for the target.
inline CompileResult compile_program(const TargetFixture& f, const fs::path& dir, const std::string& source,
                                     const std::vector<std::string>& defines = {}) {
  CompileRequest request;
  request.work_dir = dir;
  request.sources = {write_file(dir / "prog.c", source)};
  request.defines = defines;
  return f.target->compile(request, f.cfg);
}

// Program counters of every executed instruction, in order, from QEMU's execution log with one
// instruction per translation block and no block chaining (every execution is logged).
inline std::vector<uint64_t> trace_pcs(const std::vector<std::string>& qemu_prefix, const fs::path& elf,
                                       const fs::path& log) {
  // The kernel by the name the targets use (relative to the working directory): QEMU passes it to
  // the program as its command line, which the C start-up parses.
  std::vector<std::string> argv = qemu_prefix;
  argv.insert(argv.end(), {"-kernel", elf.filename().string(), "-semihosting-config", "enable=on,target=native", "-display",
                           "none", "-serial", "none", "-monitor", "none", "-singlestep", "-d", "exec,nochain", "-D",
                           log.string()});
  ProcessOptions options;
  options.timeout = std::chrono::seconds(120);
  options.cwd = elf.parent_path();
  const ProcessResult result = run_process(argv, options);
  EXPECT_TRUE(result.ok()) << result.describe() << "\n" << result.err;
  std::vector<uint64_t> pcs;
  std::ifstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    // "Trace 0: 0x7f... [flags/pc/...] symbol"
    if (line.rfind("Trace ", 0) != 0) continue;
    const size_t open = line.find('[');
    const size_t slash = line.find('/', open);
    if (open == std::string::npos || slash == std::string::npos) continue;
    pcs.push_back(std::stoull(line.substr(slash + 1, line.find('/', slash + 1) - slash - 1), nullptr, 16));
  }
  return pcs;
}

}  // namespace mlonmcu::targets::testing
