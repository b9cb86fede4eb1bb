// Report columns, CSV (RFC 4180 quoting), JSON, Markdown and the terminal table.
#include "report/report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace mlonmcu::report {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  return lines;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mlonmcu_report_test_" + std::to_string(getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(ReportColumns, CanonicalOrderThenExtrasInFirstSeenOrder) {
  Report r;
  r.add_row({{"Total ROM", "10"}, {"Model", "aww"}, {"zeta", "1"}, {"Run", "0"}, {"Backend", "interp"}});
  r.add_row({{"alpha", "2"}, {"Model", "vww"}, {"Load Stage Time [s]", "0.5"}, {"Reason", ""}});
  const std::vector<std::string> expected = {"Run", "Model", "Backend", "Reason", "Total ROM", "Load Stage Time [s]",
                                             "zeta", "alpha"};
  EXPECT_EQ(r.columns(), expected);
}

TEST(ReportColumns, CanonicalListMatchesTheBrief) {
  const auto& c = canonical_columns();
  ASSERT_EQ(c.size(), 38u);
  EXPECT_EQ(c.front(), "Session");
  EXPECT_EQ(c[12], "Failing");
  EXPECT_EQ(c[13], "Failure");  // the kind, beside the one-line Reason
  EXPECT_EQ(c[15], "Incomplete");
  EXPECT_EQ(c[16], "Setup Instructions");
  EXPECT_EQ(c[32], "Validation Top-1");
  EXPECT_EQ(c.back(), "Postprocess Stage Time [s]");
}

TEST(ReportCsv, QuotesOnlyWhereNeededAndDoublesQuotes) {
  Report r;
  r.add_row({{"Model", "aww"}, {"Reason", "compile failed: x.c:3: error, \"y\" undeclared"}, {"Features", "[]"}});
  r.add_row({{"Model", "multi\nline"}, {"Comment", "a\r\nb"}});
  const std::string expected =
      "Model,Features,Comment,Reason\n"
      "aww,[],,\"compile failed: x.c:3: error, \"\"y\"\" undeclared\"\n"
      "\"multi\nline\",,\"a\r\nb\",\n";
  EXPECT_EQ(to_csv(r), expected);
}

TEST(ReportCsv, EmptyReportIsAnEmptyHeader) {
  EXPECT_EQ(to_csv(Report{}), "\n");
}

TEST(ReportCsv, WriteCreatesParentsAndLeavesNoTempFile) {
  const fs::path dir = temp_dir("csv");
  Report r;
  r.add_row({{"Model", "toycar"}, {"Total RAM", "1234"}});
  const fs::path path = dir / "a" / "b" / "report.csv";
  write_csv(r, path);
  EXPECT_EQ(read_file(path), "Model,Total RAM\ntoycar,1234\n");
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
}

TEST(ReportCsv, UnwritablePathIsAnIoError) {
  const fs::path dir = temp_dir("csv_bad");
  std::ofstream(dir / "file") << "x";
  Report r;
  r.add_row({{"Model", "m"}});
  try {
    write_csv(r, dir / "file" / "report.csv");  // a file where a directory should be
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("file"), std::string::npos);
  }
}

TEST(ReportJson, NumbersOnlyForPlainNumericTextAndNullForMissing) {
  Report r;
  r.add_row({{"Model", "aww"}, {"Run", "0"}, {"Total ROM", "34567"}, {"Validation Max Diff", "0.25"},
             {"Run Instructions", "-12"}, {"Comment", "007"}, {"Reason", "1e3"}, {"Features", "[validate]"}});
  r.add_row({{"Model", "1."}, {"Extra", "0x10"}});
  const auto doc = nlohmann::json::parse(to_json(r));
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 2u);
  const auto& a = doc[0];
  EXPECT_EQ(a["Model"], "aww");
  EXPECT_TRUE(a["Run"].is_number_integer());
  EXPECT_EQ(a["Run"], 0);
  EXPECT_EQ(a["Total ROM"], 34567);
  EXPECT_DOUBLE_EQ(a["Validation Max Diff"].get<double>(), 0.25);
  EXPECT_EQ(a["Run Instructions"], -12);
  EXPECT_EQ(a["Comment"], "007");  // leading zero: an id, not a number
  EXPECT_DOUBLE_EQ(a["Reason"].get<double>(), 1000.0);
  EXPECT_EQ(a["Features"], "[validate]");
  EXPECT_TRUE(a["Extra"].is_null());
  const auto& b = doc[1];
  EXPECT_EQ(b["Model"], "1.");
  EXPECT_EQ(b["Extra"], "0x10");
  EXPECT_TRUE(b["Total ROM"].is_null());
}

TEST(ReportJson, KeysFollowColumnOrder) {
  Report r;
  r.add_row({{"zeta", "z"}, {"Total ROM", "1"}, {"Model", "m"}});
  const std::string text = to_json(r);
  const size_t model = text.find("\"Model\"");
  const size_t rom = text.find("\"Total ROM\"");
  const size_t zeta = text.find("\"zeta\"");
  EXPECT_LT(model, rom);
  EXPECT_LT(rom, zeta);
}

TEST(ReportJson, InvalidUtf8DoesNotThrow) {
  Report r;
  r.add_row({{"Reason", std::string("bad \xff\xfe bytes")}});
  const auto doc = nlohmann::json::parse(to_json(r));
  EXPECT_EQ(doc[0]["Reason"].get<std::string>().rfind("bad ", 0), 0u);
}

TEST(ReportJson, WriteJsonRoundTrips) {
  const fs::path dir = temp_dir("json");
  Report r;
  r.add_row({{"Model", "sine_model"}, {"Total RAM", "99"}});
  write_json(r, dir / "report.json");
  const auto doc = nlohmann::json::parse(read_file(dir / "report.json"));
  EXPECT_EQ(doc[0]["Total RAM"], 99);
}

TEST(ReportMarkdown, PipeTableWithEscapes) {
  Report r;
  r.add_row({{"Model", "aww"}, {"Reason", "a|b\nc"}});
  r.add_row({{"Model", "vww"}});
  const std::string expected =
      "| Model | Reason |\n"
      "| --- | --- |\n"
      "| aww | a\\|b<br>c |\n"
      "| vww |  |\n";
  EXPECT_EQ(to_markdown(r), expected);
  EXPECT_EQ(to_markdown(Report{}), "");
}

Report typical_report() {
  Report r;
  for (int i = 0; i < 3; ++i) {
    r.add_row({{"Session", "4"}, {"Run", std::to_string(i)}, {"Model", i == 2 ? "toycar" : "aww"},
               {"Frontend", "tflite"}, {"Framework", "mlonmcu"}, {"Backend", "interp"}, {"Platform", "mlif"},
               {"Target", "host_x86"}, {"Features", "[]"}, {"Config", "{}"}, {"Comment", ""},
               {"Failing", i == 1 ? "true" : "false"},
               {"Reason", i == 1 ? "Target: program aborted (exit 134)\nsecond line of detail" : ""},
               {"Incomplete", "false"}, {"Run Instructions", i == 1 ? "" : std::to_string(1000 * (i + 1))},
               {"Total ROM", "123456"}, {"Total RAM", "2048"}, {"Load Stage Time [s]", "0.1"}});
  }
  return r;
}

TEST(ReportTable, ShowsWhatMattersAndRightAlignsNumbers) {
  const auto lines = lines_of(format_table(typical_report()));
  ASSERT_EQ(lines.size(), 5u);  // header, rule, three rows
  const std::string& header = lines[0];
  for (const char* shown : {"Model", "Backend", "Target", "Reason", "Run Instructions", "Total ROM", "Total RAM"}) {
    EXPECT_NE(header.find(shown), std::string::npos) << shown;
  }
  // Constant context columns, empty lists, and times stay in the CSV.
  for (const char* hidden : {"Session", "Frontend", "Framework", "Platform", "Features", "Config", "Comment",
                             "Incomplete", "Load Stage Time"}) {
    EXPECT_EQ(header.find(hidden), std::string::npos) << hidden;
  }
  EXPECT_NE(header.find("Failing"), std::string::npos);  // it differs between rows
  EXPECT_NE(header.find("Run "), std::string::npos);
  // Only the first line of a long reason.
  EXPECT_NE(lines[3].find("program aborted"), std::string::npos);
  EXPECT_EQ(format_table(typical_report()).find("second line"), std::string::npos);
  // Numbers end at the right edge of their column: "1000" and "3000" end where the header ends.
  const size_t end = header.find("Run Instructions") + std::string("Run Instructions").size();
  EXPECT_EQ(lines[2].substr(end - 4, 4), "1000");
  EXPECT_EQ(lines[4].substr(end - 4, 4), "3000");
  // Columns are in canonical order.
  EXPECT_LT(header.find("Model"), header.find("Backend"));
  EXPECT_LT(header.find("Reason"), header.find("Run Instructions"));
  EXPECT_LT(header.find("Total ROM"), header.find("Total RAM"));
}

TEST(ReportTable, FitsA160ColumnTerminalWithEveryMetric) {
  Report r;
  Report::Row row;
  for (const auto& column : canonical_columns()) row[column] = "123456789012";
  row["Model"] = "a_model_with_quite_a_long_name_indeed_yes_it_is_long";
  row["Reason"] = std::string(300, 'x');
  r.add_row(row);
  row["Model"] = "other";
  r.add_row(row);
  for (const auto& line : lines_of(format_table(r))) EXPECT_LE(line.size(), 160u) << line;
  EXPECT_NE(format_table(r).find("Total ROM"), std::string::npos);
}

TEST(ReportTable, EmptyReport) {
  EXPECT_EQ(format_table(Report{}), "(no runs)\n");
}

}  // namespace
}  // namespace mlonmcu::report
