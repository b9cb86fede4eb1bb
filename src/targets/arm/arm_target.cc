#include "targets/arm/arm_target.h"

#include "targets/baremetal/baremetal_target.h"

namespace mlonmcu::targets {

namespace {

// One row per board, as verified in docs/toolchains.md. mps2 boards refuse -cpu overrides, so
// the board fixes the core.
struct Board {
  const char* target;
  const char* machine;
  const char* core;
  std::vector<std::string> cpu_flags;
  uint64_t flash, flash_size, ram, ram_size;
  int64_t stack_size;
  const char* kernel_isa;
};

const std::vector<Board>& boards() {
  static const std::vector<Board> kBoards = {
      {"cm0_qemu", "microbit", "Cortex-M0", {"-mcpu=cortex-m0"}, 0x0, 256 * 1024, 0x20000000, 16 * 1024, 4 * 1024, "portable"},
      {"cm3_qemu", "mps2-an385", "Cortex-M3", {"-mcpu=cortex-m3"}, 0x0, 4 << 20, 0x20000000, 4 << 20, 32 * 1024, "portable"},
      {"cm4_qemu", "mps2-an386", "Cortex-M4F",
       {"-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"}, 0x0, 4 << 20, 0x20000000, 4 << 20, 32 * 1024, "arm_dsp"},
      {"cm7_qemu", "mps2-an500", "Cortex-M7",
       {"-mcpu=cortex-m7", "-mfloat-abi=hard", "-mfpu=fpv5-d16"}, 0x0, 4 << 20, 0x20000000, 4 << 20, 32 * 1024, "arm_dsp"},
      {"cm33_qemu", "mps2-an505", "Cortex-M33",
       {"-mcpu=cortex-m33", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"}, 0x10000000, 4 << 20, 0x38000000, 2 << 20,
       32 * 1024, "arm_dsp"},
      {"cm55_qemu", "mps3-an547", "Cortex-M55 (MVE)", {"-mcpu=cortex-m55", "-mfloat-abi=hard"}, 0x10000000,
       512 * 1024, 0x30000000, 512 * 1024, 32 * 1024, "arm_mve"},
  };
  return kBoards;
}

BareMetalSpec arm_spec(const Board& board) {
  BareMetalSpec spec;
  spec.name = board.target;
  spec.description = std::string("Arm ") + board.core + " bare metal on qemu-system-arm -M " + board.machine +
                     " (picolibc, semihosting)";
  spec.compiler = "arm-none-eabi-gcc";
  spec.cxx_compiler = "arm-none-eabi-g++";
  spec.archiver = "arm-none-eabi-ar";
  spec.compiler_package = "gcc-arm-none-eabi libnewlib-arm-none-eabi";
  spec.libc_package = "picolibc-arm-none-eabi";
  spec.cxx_library_package = "libstdc++-arm-none-eabi-picolibc";
  spec.simulator = "qemu-system-arm";
  spec.simulator_package = "qemu-system-arm";
  spec.machine_args = {"-M", board.machine};
  spec.flash = board.flash;
  spec.flash_size = board.flash_size;
  spec.ram = board.ram;
  spec.ram_size = board.ram_size;
  spec.default_stack_size = board.stack_size;
  spec.fault_text = "ARM fault";
  spec.fault_name = "HardFault";
  spec.kernel_isa = board.kernel_isa;
  std::vector<std::string> flags = board.cpu_flags;
  flags.push_back("-mthumb");
  spec.compile_arch_flags = [flags](const config::Config&) { return flags; };
  spec.link_arch_flags = [flags](const config::Config&) { return flags; };
  return spec;
}

}  // namespace

std::unique_ptr<Target> make_arm_target(const std::string& name) {
  for (const auto& board : boards()) {
    if (name == board.target) return std::make_unique<BareMetalTarget>(arm_spec(board));
  }
  return nullptr;
}

std::vector<std::string> arm_target_names() {
  std::vector<std::string> names;
  for (const auto& board : boards()) names.push_back(board.target);
  return names;
}

}  // namespace mlonmcu::targets
