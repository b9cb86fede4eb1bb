// `host_x86`: the program is compiled with the host's C compiler and run natively. Memory comes
// from the host ELF; instruction counts (optional, host_x86.count=callgrind) from valgrind.
#pragma once

#include "targets/target.h"

namespace mlonmcu::targets {

class HostTarget : public Target {
 public:
  std::string name() const override { return "host_x86"; }
  std::string description() const override { return "native x86-64 host (cc)"; }
  void declare_config(config::Registry& registry) const override;
  std::vector<Tool> tools(const config::Config& cfg) const override;
  CompileResult compile(const CompileRequest& request, const config::Config& cfg) const override;
  RunResult run(const RunRequest& request, const config::Config& cfg) const override;
};

}  // namespace mlonmcu::targets
