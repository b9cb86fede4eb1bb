// RISC-V rv32 bare-metal target on `qemu-system-riscv32 -M virt`: `rv32_qemu`, with the ISA
// chosen by rv32_qemu.arch (rv32imc default, rv32imac, rv32gc).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "targets/target.h"

namespace mlonmcu::targets {

// nullptr when the name is not a RISC-V target.
std::unique_ptr<Target> make_riscv_target(const std::string& name);
std::vector<std::string> riscv_target_names();

}  // namespace mlonmcu::targets
