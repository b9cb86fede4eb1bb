// Which kernels the lowering prepares ops for: the optimized kernels (default) with weights laid
// out for the target's core, or TFLite-Micro's reference maths (`-f refkernels`, or config
// `kernels.variant=reference`), e.g. to compare both in one session.
#pragma once

#include <string>

#include "config/config.h"

namespace mlonmcu::ops {

// The instruction set the target's kernels are compiled for; it decides weight layouts only.
// Every layout is computed correctly by every build of the kernels, a mismatch only costs speed.
enum class KernelIsa { Portable, ArmDsp, ArmMve, Rv32 };

struct KernelOptions {
  bool reference = false;
  KernelIsa isa = KernelIsa::Portable;
};

// Config keys kernels.variant (optimized|reference) and kernels.isa (auto or an ISA name;
// `auto` is replaced by the target's ISA before BUILD).
void declare_kernel_configs(config::Registry& registry);
KernelOptions kernel_options(const config::Config& cfg);
const char* kernel_isa_name(KernelIsa isa);

}  // namespace mlonmcu::ops
