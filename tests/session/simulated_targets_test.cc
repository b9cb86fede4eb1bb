// Sessions on the simulated targets: bit-exact outputs and exact, repeatable instruction counts.
#include <filesystem>

#include <gtest/gtest.h>

#include "environment/environment.h"
#include "session/config_registry.h"
#include "session/session.h"
#include "targets/target.h"

namespace mlonmcu::session {
namespace {

namespace fs = std::filesystem;

bool tools_present(const std::string& target) {
  const config::Config cfg = config::Config::parse(config_registry(), {});
  for (const auto& tool : targets::make_target(target)->tools(cfg))
    if (!tool.found && !tool.optional) return false;
  return true;
}

TEST(SimulatedTargets, CountsAreIdenticalAcrossSessionsAndOutputsBitExact) {
  if (!fs::exists(MLONMCU_SHARED_MODELS)) GTEST_SKIP() << "no shared models";
  for (const char* t : {"rv32_qemu", "cm4_qemu"})
    if (!tools_present(t)) GTEST_SKIP() << t << " tools missing (see mlonmcu setup)";
  const fs::path home = fs::temp_directory_path() / ("mlonmcu_simtest_" + std::to_string(::getpid()));
  fs::remove_all(home);
  environment::InitOptions options;
  options.model_dirs = {MLONMCU_SHARED_MODELS};
  const auto env = environment::init_environment(home, options);

  SessionSpec spec;
  spec.models = {"toycar"};
  spec.targets = {"rv32_qemu", "cm4_qemu"};
  spec.features = {"validate", "layer_profile"};
  spec.parallel = 2;
  spec.progress = false;
  const SessionResult first = run_session(env, spec);
  const SessionResult second = run_session(env, spec);
  ASSERT_EQ(first.report.rows().size(), second.report.rows().size());
  ASSERT_EQ(first.report.rows().size(), 2u * (1 + 10));  // a row per run + one per layer (10 FC)
  for (size_t i = 0; i < first.report.rows().size(); ++i) {
    const auto& a = first.report.rows()[i];
    const auto& b = second.report.rows()[i];
    EXPECT_EQ(a.at("Failing"), "false") << (a.count("Reason") ? a.at("Reason") : "");
    EXPECT_EQ(a.at("Run Instructions"), b.at("Run Instructions"));
    if (!a.count("Sub") || a.at("Sub").empty()) {
      EXPECT_EQ(a.at("Validation"), "true");
      for (const char* column : {"Setup Instructions", "Total Instructions", "RAM stack"}) {
        ASSERT_TRUE(a.count(column)) << column;
        EXPECT_EQ(a.at(column), b.at(column)) << column;
      }
      // Setup + 10 inferences fit in the total.
      EXPECT_LT(std::stoll(a.at("Setup Instructions")) + 10 * std::stoll(a.at("Run Instructions")),
                std::stoll(a.at("Total Instructions")));
    }
  }
  // Layer rows follow their run's row; the layers account for nearly all of an inference.
  const auto& rows = first.report.rows();
  for (size_t r = 0; r < rows.size(); r += 11) {
    int64_t layers = 0;
    for (size_t l = r + 1; l < r + 11; ++l) layers += std::stoll(rows[l].at("Run Instructions"));
    const int64_t run = std::stoll(rows[r].at("Run Instructions"));
    EXPECT_LE(layers, run);
    EXPECT_GT(layers, run * 99 / 100);
  }
  fs::remove_all(home);
}

}  // namespace
}  // namespace mlonmcu::session
