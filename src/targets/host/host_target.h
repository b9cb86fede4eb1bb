// `host_x86`: the program is compiled with the host's C compiler and run natively. Memory comes
// from the host ELF.
//
// Config: host_x86.cc (compiler), host_x86.opt (O0..Os, default O2), host_x86.cflags (extra
// flags after the defaults, split at whitespace), host_x86.timeout (seconds), host_x86.count.
// Programs are built with -std=c99 -ffp-contract=off: float kernels reproduce TFLite's results
// only in its summation order, which fused multiply-adds would change.
//
// Instruction counts (host_x86.count=callgrind; default none, as valgrind is ~50x slower) are
// exact counts of executed host instructions from valgrind's callgrind, split at the harness's
// markers (see callgrind_counts.h):
//   Setup Instructions = everything before mlif_mark_setup_done, which on the host includes the
//                        dynamic loader and libc start-up, not only the model's init;
//   Run Instructions   = per inference, from entry of mlif_mark_run_begin to entry of
//                        mlif_mark_run_end (the model's invoke; input copy and output printing
//                        are outside);
//   Total Instructions = the whole process as valgrind sees it (loader, libc start-up and exit,
//                        output printing included);
//   per layer (-f layer_profile) = from entry of mlonmcu_layer_begin to entry of
//                        mlonmcu_layer_end, per op, averaged over inferences by the session.
// To keep counts identical across sessions, the program runs under callgrind from a copy at a
// fixed relative path with an empty environment (the loader's work depends on both).
#pragma once

#include "targets/baremetal/library_cache.h"
#include "targets/target.h"

namespace mlonmcu::targets {

class HostTarget : public Target {
 public:
  std::string name() const override { return "host_x86"; }
  std::string description() const override { return "native x86-64 host (cc)"; }
  void declare_config(config::Registry& registry) const override;
  std::vector<Tool> tools(const config::Config& cfg) const override;
  ToolVersions tool_versions(const config::Config& cfg) const override;
  std::vector<std::string> library_build_fields(Language language, const config::Config& cfg) const override;
  fs::path build_library(const Library& library, const config::Config& cfg, const fs::path& cache_dir) const override;
  CompileResult compile(const CompileRequest& request, const config::Config& cfg) const override;
  RunResult run(const RunRequest& request, const config::Config& cfg) const override;

 private:
  // Compilers and flags; with `checked` also the compilers' versions (a process start each).
  // Throws Error(Toolchain) for what is missing.
  Toolchain toolchain(const config::Config& cfg, bool cxx, bool checked) const;
};

}  // namespace mlonmcu::targets
