// A bare-metal target simulated by QEMU: a cross gcc with picolibc and semihosting builds the
// ELF, qemu-system-* runs it with the mlonmcu_icount plugin counting instructions between the
// harness markers. The RISC-V and Arm targets are instances of this class that differ only in
// their BareMetalSpec (compiler, flags, memory map, simulator command).
//
// Config keys per target `<name>`: opt (O2|Os|O3|O0), stack_size (bytes), timeout (seconds), plus
// whatever the spec adds (rv32_qemu.arch).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/process.h"
#include "targets/baremetal/library_cache.h"
#include "targets/target.h"

namespace mlonmcu::targets {

struct BareMetalSpec {
  std::string name;
  std::string description;
  std::string compiler;           // e.g. riscv64-unknown-elf-gcc
  std::string cxx_compiler;       // e.g. riscv64-unknown-elf-g++
  std::string archiver;           // e.g. riscv64-unknown-elf-ar
  std::string compiler_package;   // Debian packages, for the install hint
  std::string libc_package;
  // The C++ standard library built for picolibc (TFLite-Micro is C++); empty when Debian has
  // none for this compiler, and then cxx_missing says why C++ programs cannot be built.
  std::string cxx_library_package;
  std::string cxx_missing;
  std::string simulator;          // e.g. qemu-system-riscv32
  std::string simulator_package;
  std::vector<std::string> machine_args;  // e.g. -M virt -bios none
  uint64_t flash = 0, flash_size = 0, ram = 0, ram_size = 0;
  int64_t default_stack_size = 32 * 1024;
  std::string fault_text;  // what picolibc prints on a trap ("RISCV fault", "ARM fault")
  std::string fault_name;  // how a failed run names it ("RISC-V fault", "HardFault")
  // Architecture flags for compiling and for linking; they differ where a -march extension
  // (RISC-V _zicsr) matches no multilib.
  std::function<std::vector<std::string>(const config::Config&)> compile_arch_flags;
  std::function<std::vector<std::string>(const config::Config&)> link_arch_flags;
  std::function<void(config::Registry&)> declare_extra_config;  // may be empty
  std::string kernel_isa = "portable";  // Target::kernel_isa
};

class BareMetalTarget : public Target {
 public:
  explicit BareMetalTarget(BareMetalSpec spec) : spec_(std::move(spec)) {}
  std::string name() const override { return spec_.name; }
  std::string description() const override { return spec_.description; }
  void declare_config(config::Registry& registry) const override;
  std::vector<Tool> tools(const config::Config& cfg) const override;
  ToolVersions tool_versions(const config::Config& cfg) const override;
  std::string kernel_isa(const config::Config&) const override { return spec_.kernel_isa; }
  std::vector<std::string> library_build_fields(Language language, const config::Config& cfg) const override;
  std::filesystem::path build_library(const Library& library, const config::Config& cfg,
                                      const std::filesystem::path& cache_dir) const override;
  CompileResult compile(const CompileRequest& request, const config::Config& cfg) const override;
  RunResult run(const RunRequest& request, const config::Config& cfg) const override;

  // The apt-get line that installs everything this target needs.
  std::string install_hint() const;
  // Flags for compiling C sources (architecture, optimization, sections), and C++ sources.
  std::vector<std::string> compile_flags(const config::Config& cfg) const;
  std::vector<std::string> cxx_compile_flags(const config::Config& cfg) const;

 private:
  // Compilers and flags; with `checked` also their versions, picolibc and a C++ library that
  // links (which costs process starts). Throws Error(Toolchain) for what is missing.
  Toolchain toolchain(const config::Config& cfg, bool cxx, bool checked) const;
  std::string linker_script(const config::Config& cfg) const;
  std::vector<std::string> link_flags(const config::Config& cfg, const std::filesystem::path& script) const;
  // The C++ driver when it can build and link a C++ program for this target's ABI, else empty.
  std::filesystem::path usable_cxx_compiler(const config::Config& cfg) const;
  [[noreturn]] void throw_no_cxx() const;
  [[noreturn]] void throw_run_failure(const ProcessResult& result, int64_t timeout_s, bool counts_written) const;
  BareMetalSpec spec_;
};

}  // namespace mlonmcu::targets
