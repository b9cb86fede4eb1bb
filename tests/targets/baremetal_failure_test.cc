// Programs that fail on a simulated target become one Error with the right kind and a message
// naming the target and what happened; missing tools name the apt-get line.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "baremetal_test_util.h"
#include "common/error.h"

namespace mlonmcu::targets::testing {
namespace {

using ::testing::HasSubstr;

// Runs the program and returns the error it throws (fails the test when none is thrown).
Error run_expecting_error(const TargetFixture& f, const std::string& source) {
  TempDir dir;
  RunRequest request;
  request.elf = compile_program(f, dir.path(), source).elf;
  request.work_dir = dir.path();
  try {
    f.target->run(request, f.cfg);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorKind::Internal, "none");
}

TEST(BareMetalFailure, AbortIsReportedAsAbort) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  const Error e = run_expecting_error(f, "#include <stdlib.h>\nint main(void) { abort(); }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_EQ(std::string(e.what()), "rv32_qemu: program aborted (exit 134)");
}

TEST(BareMetalFailure, NonZeroExitCodeIsReported) {
  TargetFixture f("cm3_qemu");
  SKIP_WITHOUT_TOOLS(f);
  const Error e = run_expecting_error(f, "int main(void) { return 3; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_EQ(std::string(e.what()), "cm3_qemu: exit code 3");
}

TEST(BareMetalFailure, IllegalInstructionIsRiscvFault) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  // 0x00000000 is a defined illegal instruction on RISC-V.
  const Error e = run_expecting_error(f, "int main(void) { __asm__ volatile(\".word 0\"); return 0; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_THAT(e.what(), HasSubstr("rv32_qemu: RISC-V fault"));
}

TEST(BareMetalFailure, LoadFromUnmappedAddressIsTargetError) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  // Nothing is mapped at 0x40000000 on the virt board: QEMU ends with exit code 255.
  const Error e = run_expecting_error(
      f, "#include <stdint.h>\nint main(void) { return (int)*(volatile uint32_t*)0x40000000u; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_THAT(e.what(), HasSubstr("rv32_qemu: "));
}

TEST(BareMetalFailure, UndefinedInstructionIsHardFault) {
  TargetFixture f("cm4_qemu");
  SKIP_WITHOUT_TOOLS(f);
  const Error e = run_expecting_error(f, "int main(void) { __asm__ volatile(\"udf #0\"); return 0; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_THAT(e.what(), HasSubstr("cm4_qemu: HardFault"));
}

TEST(BareMetalFailure, EndlessLoopTimesOutAndReturns) {
  TargetFixture f("rv32_qemu", {"rv32_qemu.timeout=1"});
  SKIP_WITHOUT_TOOLS(f);
  const auto start = std::chrono::steady_clock::now();
  const Error e = run_expecting_error(f, "int main(void) { for (;;) { __asm__ volatile(\"\"); } }\n");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(e.kind(), ErrorKind::Timeout);
  EXPECT_EQ(std::string(e.what()), "rv32_qemu: timed out after 1 s");
  EXPECT_LT(seconds, 30.0);  // compile + 1 s run; the simulator was killed, not waited for
}

TEST(BareMetalFailure, CompileErrorIsToolchainErrorWithCompilerMessage) {
  TargetFixture f("cm0_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  try {
    compile_program(f, dir.path(), "int main(void) { return undeclared_name; }\n");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), HasSubstr("cm0_qemu: prog.c does not compile"));
    EXPECT_THAT(e.what(), HasSubstr("undeclared_name"));
  }
}

TEST(BareMetalFailure, ProgramLargerThanFlashFailsToLink) {
  TargetFixture f("cm0_qemu");  // microbit: 256 KiB flash
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  try {
    compile_program(f, dir.path(),
                    "const unsigned char big[300000] = {1};\n"
                    "volatile int index;\n"
                    "int main(void) { return big[index] - 1; }\n");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), HasSubstr("cm0_qemu: linking failed"));
    EXPECT_THAT(e.what(), HasSubstr("flash"));
  }
}

// Sets PATH for the lifetime of the object.
class ScopedPath {
 public:
  explicit ScopedPath(const std::string& value) {
    if (const char* old = std::getenv("PATH")) old_ = old;
    setenv("PATH", value.c_str(), 1);
  }
  ~ScopedPath() { setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

TEST(BareMetalFailure, MissingCompilerNamesTheAptGetLine) {
  for (const std::string name : {"rv32_qemu", "cm55_qemu"}) {
    TargetFixture f(name);
    TempDir dir;
    ScopedPath empty_path(dir.path().string());
    const auto tools = f.target->tools(f.cfg);
    ASSERT_EQ(tools.size(), 4u);
    for (const auto& tool : tools) {
      EXPECT_FALSE(tool.found) << tool.name;
      if (!tool.optional) {
        EXPECT_THAT(tool.install_hint, HasSubstr("apt-get install -y "));
      }
    }
    // The C++ library (tflmi) is optional: Debian has one for Arm, none for riscv64-unknown-elf.
    ASSERT_TRUE(tools.back().optional);
    if (name == "rv32_qemu") {
      EXPECT_EQ(tools.back().install_hint, "");
      EXPECT_THAT(tools.back().note, HasSubstr("no C++ standard library for riscv64-unknown-elf"));
    } else {
      EXPECT_EQ(tools.back().install_hint, "apt-get install -y libstdc++-arm-none-eabi-picolibc");
    }
    try {
      compile_program(f, dir.path(), "int main(void) { return 0; }\n");
      FAIL() << "no error thrown";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
      const std::string packages = name == "rv32_qemu" ? "gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc"
                                                       : "gcc-arm-none-eabi libnewlib-arm-none-eabi picolibc-arm-none-eabi qemu-system-arm";
      EXPECT_THAT(e.what(), HasSubstr("not found; install it with: apt-get install -y " + packages));
    }
  }
}

TEST(BareMetalFailure, MissingSimulatorIsToolchainError) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  RunRequest request;
  request.elf = compile_program(f, dir.path(), "int main(void) { return 0; }\n").elf;
  request.work_dir = dir.path();
  ScopedPath empty_path(dir.path().string());
  try {
    f.target->run(request, f.cfg);
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), HasSubstr("qemu-system-riscv32 not found"));
  }
}

}  // namespace
}  // namespace mlonmcu::targets::testing
