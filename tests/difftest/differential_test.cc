// Differential tests against TensorFlow Lite Micro: randomized single-op models of every op and
// dtype variant (difftest/cases), run through TFLM's reference kernels on the host and through
// the built-in backends, must give identical output bytes. Two cases per op and variant run here,
// one under the sanitizers (CI time; bench_difftest runs many more with a seed). TFLM's libraries
// and its runner program are built once, in the test cache the tflmi tests use.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "difftest/differential.h"

namespace mlonmcu::difftest {
namespace {

namespace fs = std::filesystem;

DiffSettings settings(const std::string& name) {
  DiffSettings s;
  s.tflm_root = MLONMCU_SHARED_TFLM;
  s.cache_dir = fs::path(MLONMCU_TEST_CACHE_DIR) / "tflmi_deps";
  s.work_dir = fs::path(MLONMCU_TEST_BINARY_DIR) / "difftest" / fmt::format("{}_{}", name, ::getpid());
  fs::remove_all(s.work_dir);
  return s;
}

void expect_all_pass(const std::vector<CaseOutcome>& outcomes) {
  std::map<std::string, int> per_op;
  for (const CaseOutcome& o : outcomes) {
    ++per_op[o.op + "/" + o.variant + " " + o.backend];
    EXPECT_TRUE(o.passed) << o.name << " (" << o.backend << "): " << o.detail;
  }
  EXPECT_FALSE(per_op.empty());
}

#define SKIP_WITHOUT_TFLM() \
  if (!fs::exists(MLONMCU_SHARED_TFLM)) GTEST_SKIP() << "no TFLite-Micro checkout at " MLONMCU_SHARED_TFLM

TEST(Differential, EveryOpAndDtypeBitExactWithTflmOnTheHost) {
  SKIP_WITHOUT_TFLM();
  const DiffSettings s = settings("host");
  expect_all_pass(run_differential(make_cases(1, MLONMCU_TEST_SANITIZED ? 1 : 2), s));
  fs::remove_all(s.work_dir);
}

}  // namespace
}  // namespace mlonmcu::difftest
