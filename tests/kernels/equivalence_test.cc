// The randomized equivalence suite (equivalence.c) on the host: every optimized int8 kernel
// against its reference kernel. The same C suite runs compiled for each core under QEMU
// (tests/targets/kernel_equivalence_test.cc); bench_equivalence runs more cases.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "kernels/equivalence.h"

namespace mlonmcu::test {
namespace {

std::vector<std::string> g_lines;
void collect(const char* line) { g_lines.emplace_back(line); }

TEST(KernelEquivalence, OptimizedKernelsMatchReferenceOnRandomCases) {
  g_lines.clear();
  const mlonmcu_equivalence_result_t r = mlonmcu_equivalence_run(20261201u, 1000, collect);
  EXPECT_GT(r.cases, 3000);
  EXPECT_GT(r.variants, r.cases);  // conv and FC try both weight layouts where they fit
  EXPECT_EQ(r.mismatches, 0) << (g_lines.empty() ? "" : g_lines.front());
  std::printf("%d cases, %d optimized runs compared\n", r.cases, r.variants);
}

TEST(KernelEquivalence, DifferentSeedsDrawDifferentCases) {
  const auto a = mlonmcu_equivalence_run(1u, 20, nullptr);
  const auto b = mlonmcu_equivalence_run(2u, 20, nullptr);
  EXPECT_EQ(a.mismatches, 0);
  EXPECT_EQ(b.mismatches, 0);
  EXPECT_NE(a.variants * 1000 + a.cases, b.variants * 1000 + b.cases);
}

}  // namespace
}  // namespace mlonmcu::test
