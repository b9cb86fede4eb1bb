// `results compare`: changes worked out by hand, regressions past the threshold, unmatched and
// newly failing runs; and the command line's exit code on a regression.
#include "report/compare.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/process.h"
#include "report/results_db.h"

namespace mlonmcu::report {
namespace {

namespace fs = std::filesystem;

Report::Row row(const std::string& model, const std::string& target, const std::string& instructions,
                const std::string& rom, const std::string& config = "") {
  return {{"Model", model},  {"Backend", "interp"}, {"Target", target}, {"Features", ""}, {"Config", config},
          {"Failing", "false"}, {"Run Instructions", instructions}, {"Total ROM", rom}};
}

Report session_a() {
  Report r;
  r.add_row(row("aww", "cm4_qemu", "1000", "2000"));
  r.add_row(row("vww", "cm4_qemu", "4000", "8000"));
  r.add_row(row("toycar", "cm4_qemu", "10", "10"));
  return r;
}

Report session_b() {
  Report r;
  r.add_row(row("aww", "cm4_qemu", "1100", "1900"));  // +10 % instructions, -5 % ROM
  Report::Row vww = row("vww", "cm4_qemu", "", "");
  vww["Failing"] = "true";
  vww["Reason"] = "RUN: timeout\nmore";
  r.add_row(vww);
  r.add_row(row("resnet", "cm4_qemu", "5", "5"));
  return r;
}

const MetricChange* find(const Comparison& c, const std::string& run_prefix, const std::string& metric) {
  for (const auto& change : c.changes)
    if (change.run.rfind(run_prefix, 0) == 0 && change.metric == metric) return &change;
  return nullptr;
}

TEST(ResultsCompare, ChangesRegressionsAndUnmatchedRuns) {
  CompareOptions options;
  options.threshold_percent = 5;
  options.metrics = {"Run Instructions", "Total ROM"};
  const Comparison c = compare_reports(session_a(), session_b(), options);
  const MetricChange* instr = find(c, "aww", "Run Instructions");
  ASSERT_NE(instr, nullptr);
  EXPECT_DOUBLE_EQ(*instr->a, 1000);
  EXPECT_DOUBLE_EQ(*instr->b, 1100);
  EXPECT_NEAR(*instr->percent, 10.0, 1e-9);  // (1100 - 1000) / 1000
  EXPECT_TRUE(instr->regression);
  const MetricChange* rom = find(c, "aww", "Total ROM");
  EXPECT_NEAR(*rom->percent, -5.0, 1e-9);  // (1900 - 2000) / 2000
  EXPECT_FALSE(rom->regression);
  const MetricChange* failed = find(c, "vww", "Run Instructions");
  ASSERT_NE(failed, nullptr);
  EXPECT_FALSE(failed->percent.has_value());
  ASSERT_EQ(c.newly_failing.size(), 1u);
  EXPECT_EQ(c.newly_failing[0], "vww / interp / cm4_qemu: RUN: timeout");
  EXPECT_EQ(c.only_in_a, (std::vector<std::string>{"toycar / interp / cm4_qemu"}));
  EXPECT_EQ(c.only_in_b, (std::vector<std::string>{"resnet / interp / cm4_qemu"}));
  EXPECT_EQ(c.regressions(), 2u);  // aww's instructions, vww failing
  const std::string text = format_comparison(c, "1", "2", options);
  EXPECT_NE(text.find("+10.00%  REGRESSION"), std::string::npos) << text;
  EXPECT_NE(text.find("-5.00%"), std::string::npos) << text;
  EXPECT_NE(text.find("2 regressions above 5%"), std::string::npos) << text;

  options.threshold_percent = 20;
  EXPECT_FALSE(find(compare_reports(session_a(), session_b(), options), "aww", "Run Instructions")->regression);
}

TEST(ResultsCompare, MatchWithoutConfigComparesTwoConfigs) {
  Report a, b;
  a.add_row(row("aww", "cm4_qemu", "1000", "2000", "cm4_qemu.opt=O2"));
  b.add_row(row("aww", "cm4_qemu", "1250", "1500", "cm4_qemu.opt=Os"));
  CompareOptions options;
  options.metrics = {"Run Instructions"};
  EXPECT_TRUE(compare_reports(a, b, options).changes.empty());  // Config differs: no pair
  options.match = {"Model", "Backend", "Target"};
  const Comparison c = compare_reports(a, b, options);
  ASSERT_EQ(c.changes.size(), 1u);
  EXPECT_NEAR(*c.changes[0].percent, 25.0, 1e-9);
}

TEST(ResultsCompare, CommandLineExitsOneOnARegression) {
  const fs::path root = fs::temp_directory_path() / ("mlonmcu_compare_cli_" + std::to_string(getpid()));
  fs::remove_all(root);
  ProcessOptions options;
  options.extra_env = {"HOME=" + root.string()};
  const std::string home = (root / "env").string();
  ASSERT_TRUE(run_process({MLONMCU_CLI_PATH, "init", home}, options).ok());
  Report a, b;
  a.add_row(row("aww", "cm4_qemu", "1000", "2000"));
  b.add_row(row("aww", "cm4_qemu", "1030", "2000"));  // +3 %
  record_session(fs::path(home) / "results" / "results.db", "7", "", a);
  record_session(fs::path(home) / "results" / "results.db", "8", "", b);
  const auto compare = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {MLONMCU_CLI_PATH, "--home", home, "results", "compare", "7", "8"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_process(argv, options);
  };
  const ProcessResult strict = compare({"--threshold", "1"});
  EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;
  EXPECT_NE(strict.out.find("+3.00%  REGRESSION"), std::string::npos) << strict.out;
  const ProcessResult loose = compare({"--threshold", "5"});
  EXPECT_EQ(loose.exit_code, 0) << loose.out << loose.err;
  const ProcessResult missing = run_process({MLONMCU_CLI_PATH, "--home", home, "results", "compare", "7", "99"}, options);
  EXPECT_EQ(missing.exit_code, 2) << missing.out << missing.err;
  fs::remove_all(root);
}

}  // namespace
}  // namespace mlonmcu::report
