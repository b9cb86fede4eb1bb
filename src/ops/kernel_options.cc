#include "ops/kernel_options.h"

namespace mlonmcu::ops {

namespace {

struct IsaName {
  KernelIsa isa;
  const char* name;
};

constexpr IsaName kIsaNames[] = {{KernelIsa::Portable, "portable"},
                                 {KernelIsa::ArmDsp, "arm_dsp"},
                                 {KernelIsa::ArmMve, "arm_mve"},
                                 {KernelIsa::Rv32, "rv32"}};

}  // namespace

const char* kernel_isa_name(KernelIsa isa) {
  for (const auto& n : kIsaNames)
    if (n.isa == isa) return n.name;
  return "portable";
}

void declare_kernel_configs(config::Registry& registry) {
  registry.add({"kernels.variant", config::Type::Choice, "optimized",
                "int8 kernels: optimized (weights re-laid out at build time) or reference "
                "(TFLite-Micro's reference maths; also -f refkernels)",
                {"optimized", "reference"}, {}, {}});
  std::vector<std::string> isas = {"auto"};
  for (const auto& n : kIsaNames) isas.push_back(n.name);
  registry.add({"kernels.isa", config::Type::Choice, "auto",
                "core the weight layouts are prepared for (auto: the target's)", isas, {}, {}});
}

KernelOptions kernel_options(const config::Config& cfg) {
  KernelOptions options;
  options.reference = cfg.get_string("kernels.variant") == "reference";
  const std::string isa = cfg.get_string("kernels.isa");
  for (const auto& n : kIsaNames)
    if (isa == n.name) options.isa = n.isa;
  return options;
}

}  // namespace mlonmcu::ops
