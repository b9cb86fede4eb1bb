// The plugin's counts against an independent method: QEMU's own single-step execution trace,
// where every executed instruction is one logged block. Setup = instructions before the first
// entry of mlif_mark_setup_done; Run = sum of (run_end entry - run_begin entry) positions;
// per layer likewise between layer markers; Total = trace length.
#include <gtest/gtest.h>

#include "baremetal_test_util.h"
#include "targets/elf_memory.h"

namespace mlonmcu::targets::testing {
namespace {

// Three inferences of two layers with different amounts of work, plus some setup work.
const std::string kProgram = std::string(kMarkers) + R"(
#include <stdio.h>
volatile int32_t sink;
__attribute__((noinline)) static void work(int n) { for (int i = 0; i < n; ++i) sink += i; }
int main(void) {
  work(10);
  mlif_mark_setup_done();
  for (int r = 0; r < 3; ++r) {
    mlif_mark_run_begin();
    for (int l = 0; l < 2; ++l) { mlonmcu_layer_begin(l); work(5 + 10 * l); mlonmcu_layer_end(l); }
    mlif_mark_run_end();
  }
  printf("done %d\n", (int)sink);
  return 0;
}
)";

struct TraceCounts {
  int64_t total = 0, setup = -1, run = 0;
  std::vector<int64_t> layers = {0, 0};
};

TraceCounts count_trace(const std::vector<uint64_t>& pcs, const fs::path& elf) {
  const auto addr = [&](const char* name) { return static_cast<uint64_t>(elf_symbol_address(elf, name)); };
  const uint64_t setup = addr("mlif_mark_setup_done"), run_begin = addr("mlif_mark_run_begin"),
                 run_end = addr("mlif_mark_run_end"), layer_begin = addr("mlonmcu_layer_begin"),
                 layer_end = addr("mlonmcu_layer_end");
  TraceCounts counts;
  counts.total = static_cast<int64_t>(pcs.size());
  int64_t run_start = -1, layer_start = -1, layer_calls = 0;
  for (int64_t i = 0; i < counts.total; ++i) {
    const uint64_t pc = pcs[static_cast<size_t>(i)];
    if (pc == setup && counts.setup < 0) counts.setup = i;
    if (pc == run_begin) run_start = i;
    if (pc == run_end) counts.run += i - run_start;
    if (pc == layer_begin) layer_start = i;
    if (pc == layer_end) counts.layers[static_cast<size_t>(layer_calls++ % 2)] += i - layer_start;
  }
  return counts;
}

class IcountAgainstTrace : public ::testing::TestWithParam<std::pair<std::string, std::vector<std::string>>> {};

TEST_P(IcountAgainstTrace, PluginCountsEqualSingleStepTrace) {
  const auto& [name, qemu_prefix] = GetParam();
  TargetFixture f(name);
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  const CompileResult compiled = compile_program(f, dir.path(), kProgram);
  RunRequest request;
  request.elf = compiled.elf;
  request.work_dir = dir.path();
  request.count_layers = true;
  request.num_layers = 2;
  const RunResult result = f.target->run(request, f.cfg);
  EXPECT_NE(result.output.find("done 390"), std::string::npos) << result.output;

  const TraceCounts trace = count_trace(trace_pcs(qemu_prefix, compiled.elf, dir.path() / "trace.log"), compiled.elf);
  ASSERT_GT(trace.total, 1000);  // crt0 + printf: the trace really ran the program
  ASSERT_TRUE(result.total_instructions && result.setup_instructions && result.run_instructions);
  EXPECT_EQ(*result.total_instructions, trace.total);
  EXPECT_EQ(*result.setup_instructions, trace.setup);
  EXPECT_EQ(*result.run_instructions, trace.run);
  EXPECT_EQ(result.layer_instructions, trace.layers);
  // Layer 1 does 10 more loop iterations than layer 0 in each of 3 inferences.
  EXPECT_GT(result.layer_instructions[1], result.layer_instructions[0] + 30);
  EXPECT_LT(result.layer_instructions[0] + result.layer_instructions[1], *result.run_instructions);
}

INSTANTIATE_TEST_SUITE_P(
    Targets, IcountAgainstTrace,
    ::testing::Values(std::make_pair(std::string("rv32_qemu"),
                                     std::vector<std::string>{"qemu-system-riscv32", "-M", "virt", "-bios", "none"}),
                      std::make_pair(std::string("cm4_qemu"), std::vector<std::string>{"qemu-system-arm", "-M", "mps2-an386"})),
    [](const auto& p) { return p.param.first; });

TEST(Icount, CountsAreIdenticalAcrossRuns) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  RunRequest request;
  request.elf = compile_program(f, dir.path(), kProgram).elf;
  request.work_dir = dir.path();
  const RunResult first = f.target->run(request, f.cfg);
  const RunResult second = f.target->run(request, f.cfg);
  EXPECT_EQ(first.total_instructions, second.total_instructions);
  EXPECT_EQ(first.setup_instructions, second.setup_instructions);
  EXPECT_EQ(first.run_instructions, second.run_instructions);
  EXPECT_TRUE(first.layer_instructions.empty());  // not asked for
}

TEST(Icount, ProgramWithoutMarkersHasOnlyTotal) {
  TargetFixture f("cm0_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  RunRequest request;
  request.elf = compile_program(f, dir.path(), "int main(void) { return 0; }\n").elf;
  request.work_dir = dir.path();
  const RunResult result = f.target->run(request, f.cfg);
  ASSERT_TRUE(result.total_instructions.has_value());
  EXPECT_GT(*result.total_instructions, 10);
  EXPECT_FALSE(result.setup_instructions.has_value());
  EXPECT_FALSE(result.run_instructions.has_value());
}

}  // namespace
}  // namespace mlonmcu::targets::testing
