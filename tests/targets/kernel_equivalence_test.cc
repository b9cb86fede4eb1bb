// The kernels' randomized equivalence suite (tests/kernels/equivalence.c) compiled for each
// instruction set and run under QEMU: Arm DSP (Cortex-M4), Helium (Cortex-M55) and RISC-V
// rv32imc paths are checked against the reference kernels where they run, not only on x86.
// The kernel library is cached under the test build dir, so reruns compile only the suite.
#include <gtest/gtest.h>

#include <sstream>

#include "backends/runtime_sources.h"
#include "baremetal_test_util.h"
#include "kernels/equivalence_program.h"

namespace mlonmcu::targets::testing {
namespace {

class KernelEquivalence : public ::testing::TestWithParam<std::string> {};

TEST_P(KernelEquivalence, OptimizedKernelsMatchReferenceOnTarget) {
  TargetFixture f(GetParam());
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  const CompileRequest request = test::equivalence_program(
      dir.path(), fs::path(MLONMCU_TEST_BINARY_DIR) / "equivalence_deps", 20261201u, 150);
  const CompileResult built = f.target->compile(request, f.cfg);
  RunRequest run;
  run.elf = built.elf;
  run.work_dir = dir.path();
  const RunResult result = f.target->run(run, f.cfg);  // throws when the program crashes
  const test::EquivalenceCounts counts = test::parse_equivalence_output(result.output);
  EXPECT_GT(counts.cases, 300) << result.output;
  EXPECT_GT(counts.variants, counts.cases);
  EXPECT_EQ(counts.mismatches, 0) << result.output;
}

INSTANTIATE_TEST_SUITE_P(Isas, KernelEquivalence,
                         ::testing::Values("cm4_qemu", "cm55_qemu", "rv32_qemu"));

}  // namespace
}  // namespace mlonmcu::targets::testing
