// Arm Cortex-M bare-metal targets on `qemu-system-arm`: cm0_qemu (microbit), cm3_qemu
// (mps2-an385), cm4_qemu (mps2-an386), cm7_qemu (mps2-an500), cm33_qemu (mps2-an505),
// cm55_qemu (mps3-an547).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "targets/target.h"

namespace mlonmcu::targets {

// nullptr when the name is not an Arm target.
std::unique_ptr<Target> make_arm_target(const std::string& name);
std::vector<std::string> arm_target_names();

}  // namespace mlonmcu::targets
