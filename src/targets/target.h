// A target: where a program runs and how it is measured. One interface, one folder per target.
// The platform (MLIF) hands a target the C sources of a program (harness + backend output +
// runtime); the target compiles them into an ELF, reports its memory, runs it and reports
// what it measured.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "targets/library.h"

namespace mlonmcu::targets {

namespace fs = std::filesystem;

struct CompileRequest {
  fs::path work_dir;                 // objects and the ELF go here
  std::string program_name = "program";
  std::vector<fs::path> sources;     // .c files, and C++ files (.cc) where the target has C++
  std::vector<fs::path> include_dirs;
  std::vector<std::string> defines;  // "NAME" or "NAME=VALUE", for the program's sources
  // Compiled once per (target, flags) and cached in cache_dir; their include dirs are searched
  // by the program's sources too.
  std::vector<Library> libraries;
  // Their archives when built already (a session's LIB tasks), in the same order; empty: built
  // here, from and into cache_dir.
  std::vector<fs::path> archives;
  fs::path cache_dir;  // environment's deps/ dir for compiled libraries; empty: built in work_dir
};

// Bytes per memory category, from the ELF's sections (classified per architecture). -1 = unknown.
struct MemoryUsage {
  int64_t rom_code = -1;       // executable code
  int64_t rom_read_only = -1;  // constants, weights
  int64_t rom_misc = -1;       // init images of .data, tables, other loadable read-only data
  int64_t ram_data = -1;       // .data (+ .tdata)
  int64_t ram_zero_init = -1;  // .bss (+ .tbss)
  int64_t ram_stack = -1;      // measured peak stack when known
  int64_t ram_heap = -1;
  int64_t total_rom() const;
  int64_t total_ram() const;
};

struct CompileResult {
  fs::path elf;
  MemoryUsage memory;
};

struct RunRequest {
  fs::path elf;
  fs::path work_dir;
  std::vector<std::string> args;  // program arguments (host only)
  bool count_layers = false;      // per-layer instruction counts wanted
  int32_t num_layers = 0;         // ops per inference (layer markers cycle through them)
};

struct RunResult {
  int exit_code = 0;
  std::string output;  // the program's stdout (harness protocol lines)
  std::optional<int64_t> setup_instructions;
  std::optional<int64_t> run_instructions;  // all inferences together; the caller divides
  std::optional<int64_t> total_instructions;
  std::optional<int64_t> total_cycles;
  std::optional<int64_t> stack_bytes;  // measured peak stack
  std::vector<int64_t> layer_instructions;  // per op, summed over inferences, when asked
};

class Target {
 public:
  virtual ~Target() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual void declare_config(config::Registry& registry) const = 0;
  // Tools this target needs: name, whether found, and the apt-get line that installs them.
  // Optional tools are needed by some backends only (the C++ library by tflmi); without them
  // the target is still ready for the others.
  struct Tool {
    std::string name;
    bool found = false;
    std::string install_hint;  // empty: nothing to install (see note)
    bool optional = false;
    std::string note;          // why it is needed, or why it cannot be had
  };
  virtual std::vector<Tool> tools(const config::Config& cfg) const = 0;
  // The report's Compiler and Simulator columns: the C compiler and what runs (and counts) the
  // program with `cfg`, with versions (targets/tool_version.h); "" when not known or native.
  struct ToolVersions {
    std::string compiler;
    std::string simulator;
  };
  virtual ToolVersions tool_versions(const config::Config& cfg) const {
    (void)cfg;
    return {};
  }
  // The instruction set the kernels are compiled for here (a kernels.isa value: portable,
  // arm_dsp, arm_mve, rv32): the backend lays weights out for it.
  virtual std::string kernel_isa(const config::Config& cfg) const { return "portable"; }
  // LIB stage: what decides how this target compiles a library in `language` — its compiler and
  // flags — found without starting a process (part of the LIB task's cache key).
  virtual std::vector<std::string> library_build_fields(Language language, const config::Config& cfg) const = 0;
  // LIB stage: the library's static archive for this target, taken from or built into the
  // library cache in cache_dir. Throws Error(Toolchain) with the compiler's first error lines.
  virtual fs::path build_library(const Library& library, const config::Config& cfg, const fs::path& cache_dir) const = 0;
  // Throws Error(Toolchain) for a failing build (compiler message in the text).
  virtual CompileResult compile(const CompileRequest& request, const config::Config& cfg) const = 0;
  // Throws Error(Target/Timeout) when the program crashes, traps, aborts, exits non-zero
  // or does not finish in time; the message says what happened on which target.
  virtual RunResult run(const RunRequest& request, const config::Config& cfg) const = 0;
};

// All targets MLonMCU knows, by name.
std::vector<std::string> target_names();
std::unique_ptr<Target> make_target(const std::string& name);  // throws Usage for unknown
void declare_target_configs(config::Registry& registry);

}  // namespace mlonmcu::targets
