#include "targets/riscv/riscv_target.h"

#include "targets/baremetal/baremetal_target.h"

namespace mlonmcu::targets {

namespace {

constexpr const char* kName = "rv32_qemu";

struct IsaChoice {
  const char* arch;
  const char* abi;
};

// gcc 12 needs _zicsr to assemble csr instructions, but a -march with it matches no multilib,
// so objects are compiled with it and linked without. There is no rv32imc multilib: the
// linker falls back to the rv32im libc, which an rv32imc core runs as well.
IsaChoice isa(const config::Config& cfg) {
  const std::string arch = cfg.get_string(std::string(kName) + ".arch");
  if (arch == "rv32imac") return {"rv32imac", "ilp32"};
  if (arch == "rv32gc") return {"rv32gc", "ilp32d"};
  return {"rv32imc", "ilp32"};
}

BareMetalSpec riscv_spec() {
  BareMetalSpec spec;
  spec.name = kName;
  spec.description = "RISC-V rv32 bare metal on qemu-system-riscv32 -M virt (picolibc, semihosting)";
  spec.compiler = "riscv64-unknown-elf-gcc";
  spec.cxx_compiler = "riscv64-unknown-elf-g++";
  spec.archiver = "riscv64-unknown-elf-ar";
  spec.compiler_package = "gcc-riscv64-unknown-elf";
  spec.libc_package = "picolibc-riscv64-unknown-elf";
  // TFLite-Micro needs only a few of its headers, but its flatbuffers headers pull in most of
  // the library (string, vector, map, sstream, ...): no small shim can stand in for it.
  spec.cxx_missing =
      "Debian packages no C++ standard library for riscv64-unknown-elf (gcc-riscv64-unknown-elf ships "
      "none, unlike libstdc++-arm-none-eabi-picolibc for Arm), so C++ backends such as tflmi are "
      "unavailable on rv32_qemu";
  spec.simulator = "qemu-system-riscv32";
  spec.simulator_package = "qemu-system-misc";
  spec.machine_args = {"-M", "virt", "-bios", "none"};
  spec.flash = 0x80000000;
  spec.flash_size = 0x200000;
  spec.ram = 0x80200000;
  spec.ram_size = 0x200000;
  spec.default_stack_size = 32 * 1024;
  spec.kernel_isa = "rv32";
  spec.fault_text = "RISCV fault";
  spec.fault_name = "RISC-V fault";
  spec.compile_arch_flags = [](const config::Config& cfg) {
    const IsaChoice choice = isa(cfg);
    const std::string arch = std::string(choice.arch) == "rv32gc" ? "rv32gc" : std::string(choice.arch) + "_zicsr";
    return std::vector<std::string>{"-march=" + arch, std::string("-mabi=") + choice.abi};
  };
  spec.link_arch_flags = [](const config::Config& cfg) {
    const IsaChoice choice = isa(cfg);
    return std::vector<std::string>{std::string("-march=") + choice.arch, std::string("-mabi=") + choice.abi};
  };
  spec.declare_extra_config = [](config::Registry& registry) {
    registry.add({std::string(kName) + ".arch", config::Type::Choice, "rv32imc", "RISC-V ISA",
                  {"rv32imc", "rv32imac", "rv32gc"}, {}, {}});
  };
  return spec;
}

}  // namespace

std::unique_ptr<Target> make_riscv_target(const std::string& name) {
  if (name != kName) return nullptr;
  return std::make_unique<BareMetalTarget>(riscv_spec());
}

std::vector<std::string> riscv_target_names() { return {kName}; }

}  // namespace mlonmcu::targets
