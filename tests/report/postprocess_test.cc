// The postprocesses on small reports whose expected cells are worked out by hand.
#include "report/postprocess/postprocess.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "expect_error.h"

namespace mlonmcu::report {
namespace {

namespace fs = std::filesystem;

config::Config config_of(const std::vector<std::string>& assignments) {
  static const config::Registry registry = [] {
    config::Registry r;
    declare_postprocess_configs(r);
    return r;
  }();
  return config::Config::parse(registry, assignments);
}

Report::Row run(const std::string& model, const std::string& backend, const std::string& target,
                const std::string& features, const std::string& run_instructions, const std::string& rom) {
  return {{"Model", model},   {"Backend", backend}, {"Target", target},
          {"Features", features}, {"Config", ""}, {"Run Instructions", run_instructions}, {"Total ROM", rom}};
}

Report apply(Report report, const std::vector<std::string>& names, const std::vector<std::string>& assignments,
             const fs::path& dir = {}) {
  const config::Config cfg = config_of(assignments);
  apply_postprocesses(report, names, {cfg, dir});
  return report;
}

TEST(CompareRows, RatiosToTheBackendBaselineOfTheSameModelAndTarget) {
  Report r;
  r.add_row(run("aww", "interp", "cm4_qemu", "", "1000", "2000"));
  r.add_row(run("aww", "tflmi", "cm4_qemu", "", "4000", "1000"));
  r.add_row(run("aww", "tflmi", "cm55_qemu", "", "3000", "1500"));  // no interp on cm55: no baseline
  r.add_row(run("vww", "tflmi", "cm4_qemu", "", "250", "3000"));
  r.add_row(run("vww", "interp", "cm4_qemu", "", "1000", "1200"));
  const Report out = apply(r, {"compare_rows"}, {"compare_rows.to=backend=interp", "compare_rows.cols=Run Instructions,Total ROM"});
  const auto& rows = out.rows();
  EXPECT_EQ(rows[0].at("Run Instructions (rel.)"), "1.0000");
  EXPECT_EQ(rows[1].at("Run Instructions (rel.)"), "4.0000");  // 4000 / 1000
  EXPECT_EQ(rows[1].at("Total ROM (rel.)"), "0.5000");         // 1000 / 2000
  EXPECT_EQ(rows[2].count("Run Instructions (rel.)"), 0u);
  EXPECT_EQ(rows[3].at("Run Instructions (rel.)"), "0.2500");  // 250 / 1000: a baseline after the row
  EXPECT_EQ(rows[3].at("Total ROM (rel.)"), "2.5000");         // 3000 / 1200
  // Each ratio column beside its metric, typed as a real.
  const auto cols = out.columns();
  const auto at = std::find(cols.begin(), cols.end(), "Run Instructions");
  ASSERT_NE(at, cols.end());
  EXPECT_EQ(*(at + 1), "Run Instructions (rel.)");
  EXPECT_EQ(out.column("Total ROM (rel.)")->type, ColumnType::Real);
}

TEST(CompareRows, BaselineChosenByBackendAndFeature) {
  Report r;
  r.add_row(run("aww", "interp", "cm4_qemu", "validate", "10580000", "64880"));
  r.add_row(run("aww", "tflmi", "cm4_qemu", "validate", "43090000", "96000"));
  r.add_row(run("aww", "tflmi", "cm4_qemu", "validate,cmsisnn", "7670000", "120000"));
  const Report out =
      apply(r, {"compare_rows"}, {"compare_rows.to=backend=tflmi,feature=cmsisnn", "compare_rows.cols=Run Instructions"});
  EXPECT_EQ(out.rows()[0].at("Run Instructions (rel.)"), "1.3794");  // 10.58 M / 7.67 M
  EXPECT_EQ(out.rows()[1].at("Run Instructions (rel.)"), "5.6180");  // 43.09 M / 7.67 M
  EXPECT_EQ(out.rows()[2].at("Run Instructions (rel.)"), "1.0000");
}

TEST(CompareRows, BadSelectorIsAConfigError) {
  Report r;
  r.add_row(run("aww", "interp", "cm4_qemu", "", "1", "1"));
  (void)test_support::error_of(ErrorKind::Config, [&] { apply(r, {"compare_rows"}, {"compare_rows.to=model=aww"}); });
  (void)test_support::error_of(ErrorKind::Config, [&] { apply(r, {"compare_rows"}, {}); });
  (void)test_support::error_of(ErrorKind::Config,
                             [&] { apply(r, {"compare_rows"}, {"compare_rows.to=backend=x", "compare_rows.cols=Nope"}); });
}

TEST(FilterCols, KeepInOrderDropAndDropEmpty) {
  Report r;
  r.add_row(run("aww", "interp", "cm4_qemu", "", "1000", "2000"));
  const Report kept = apply(r, {"filter_cols"}, {"filter_cols.keep=Total ROM,Model"});
  EXPECT_EQ(kept.columns(), (std::vector<std::string>{"Total ROM", "Model"}));
  EXPECT_EQ(kept.rows()[0], (Report::Row{{"Total ROM", "2000"}, {"Model", "aww"}}));
  const Report dropped = apply(r, {"filter_cols"}, {"filter_cols.drop=Total ROM", "filter_cols.drop_empty=true"});
  EXPECT_EQ(dropped.columns(), (std::vector<std::string>{"Model", "Backend", "Target", "Run Instructions"}));
  (void)test_support::error_of(ErrorKind::Config, [&] { apply(r, {"filter_cols"}, {"filter_cols.keep=Modell"}); });
}

TEST(RenameCols, NewNamesKeepTheCells) {
  Report r;
  r.add_row(run("aww", "interp", "cm4_qemu", "", "1000", "2000"));
  const Report out = apply(r, {"rename_cols"}, {"rename_cols.mapping=Run Instructions:Instr,Total ROM:ROM"});
  EXPECT_EQ(out.rows()[0].at("Instr"), "1000");
  EXPECT_EQ(out.rows()[0].at("ROM"), "2000");
  EXPECT_EQ(out.column("Instr")->type, ColumnType::Integer);  // still the table's type
  EXPECT_EQ(out.column("Run Instructions"), nullptr);
  (void)test_support::error_of(ErrorKind::Config, [&] { apply(r, {"rename_cols"}, {"rename_cols.mapping=Model"}); });
}

TEST(ToCols, FeaturesAndConfigAsColumns) {
  Report r;
  Report::Row a = run("aww", "interp", "cm4_qemu", "validate,benchmark", "1", "1");
  a["Config"] = "cm4_qemu.opt=Os interp.memplan=linear";
  Report::Row b = run("aww", "interp", "cm4_qemu", "validate", "1", "1");
  r.add_row(a);
  r.add_row(b);
  const Report out = apply(r, {"features2cols", "config2cols"}, {"config2cols.drop=false"});
  EXPECT_EQ(out.column("Features"), nullptr);  // features2cols.drop defaults to true
  ASSERT_NE(out.column("Config"), nullptr);
  EXPECT_EQ(out.rows()[0].at("feature_benchmark"), "true");
  EXPECT_EQ(out.rows()[1].at("feature_benchmark"), "false");
  EXPECT_EQ(out.rows()[1].at("feature_validate"), "true");
  EXPECT_EQ(out.rows()[0].at("config_cm4_qemu.opt"), "Os");
  EXPECT_EQ(out.rows()[0].at("config_interp.memplan"), "linear");
  EXPECT_EQ(out.rows()[1].at("config_cm4_qemu.opt"), "");
  EXPECT_EQ(out.column("feature_validate")->type, ColumnType::Bool);
}

TEST(Bytes2Kb, EveryByteColumnInKibibytes) {
  Report r;
  Report::Row row = run("aww", "interp", "cm4_qemu", "", "1000", "64880");
  row["Workspace Size [B]"] = "16000";
  r.add_row(row);
  const Report out = apply(r, {"bytes2kb"}, {});
  EXPECT_EQ(out.rows()[0].at("Total ROM [kB]"), "63.359");  // 64880 / 1024
  EXPECT_EQ(out.rows()[0].at("Workspace Size [kB]"), "15.625");  // 16000 / 1024
  EXPECT_EQ(out.rows()[0].at("Run Instructions"), "1000");
  EXPECT_EQ(out.column("Total ROM"), nullptr);
  EXPECT_EQ(out.column("Total ROM [kB]")->unit, "kB");
}

TEST(Postprocesses, UnknownNameIsAUsageErrorNamingTheKnownOnes) {
  const std::string message = test_support::error_of(ErrorKind::Usage, [] { check_postprocess_names({"visualise"}); });
  for (const char* name : {"filter_cols", "rename_cols", "compare_rows", "features2cols", "config2cols", "bytes2kb",
                           "visualize", "export_outputs"})
    EXPECT_NE(message.find(name), std::string::npos) << name;
}

TEST(Visualize, WithoutTheChartLibraryTheTablesAndANote) {
  const fs::path dir = fs::temp_directory_path() / ("mlonmcu_visualize_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Report r;
  r.add_row(run("aww", "interp", "cm4_qemu", "", "1000", "2000"));
  Report::Row failed = run("vww", "interp", "cm4_qemu", "", "", "");
  failed["Failing"] = "true";
  failed["Reason"] = "COMPILE: <boom> & more\nline two";
  r.add_row(failed);
  apply(r, {"visualize"}, {"visualize.chart_js=" + (dir / "missing.js").string()}, dir);
  std::ifstream in(dir / "report.html");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string html = ss.str();
  EXPECT_NE(html.find("id=\"no-charts\""), std::string::npos);
  EXPECT_NE(html.find("missing.js"), std::string::npos);
  EXPECT_NE(html.find("<td>aww</td>"), std::string::npos);
  EXPECT_NE(html.find("COMPILE: &lt;boom&gt; &amp; more\nline two"), std::string::npos);  // in full, escaped
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mlonmcu::report
