// Report columns, CSV (RFC 4180 quoting), JSON, Markdown and the terminal table.
#include "report/report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <set>
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

TEST(ReportColumns, EverySessionColumnInTableOrderThenExtrasInFirstSeenOrder) {
  Report r;
  r.add_row({{"Total ROM", "10"}, {"Model", "aww"}, {"zeta", "1"}});
  r.add_row({{"alpha", "2"}, {"Model", "vww"}});
  std::vector<std::string> expected;
  for (const Column& c : session_columns()) expected.push_back(c.name);
  expected.push_back("zeta");
  expected.push_back("alpha");
  EXPECT_EQ(r.columns(), expected);
  EXPECT_EQ(r.column("zeta")->type, ColumnType::Text);
}

TEST(ReportColumns, TheTableNamesEachColumnOnceWithTypeAndMeaning) {
  std::set<std::string> names;
  for (const Column& c : session_columns()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
    EXPECT_FALSE(c.description.empty()) << c.name;
    // A metric is a number, so it can be charted and compared.
    if (c.has(kMetric)) {
      EXPECT_NE(c.type, ColumnType::Text) << c.name;
    }
  }
  for (const char* name : {"MACs", "Run Instructions / MAC", "Compiler", "Simulator"})
    EXPECT_NE(find_session_column(name), nullptr) << name;
  EXPECT_EQ(find_session_column("MACs")->type, ColumnType::Integer);
  EXPECT_EQ(find_session_column("Run Instructions / MAC")->type, ColumnType::Real);
  EXPECT_EQ(find_session_column("Failing")->type, ColumnType::Bool);
  const std::string listing = describe_columns();
  for (const Column& c : session_columns()) EXPECT_NE(listing.find(c.name + " "), std::string::npos) << c.name;
  EXPECT_NE(listing.find("instructions/MAC"), std::string::npos);
}

TEST(ReportColumns, AddRenameRemove) {
  Report r(std::vector<Column>{{"Model", "", ColumnType::Text, 0, "m"}, {"Total ROM", "B", ColumnType::Integer, 0, "r"}});
  r.add_row({{"Model", "aww"}, {"Total ROM", "2048"}});
  r.add_column({"Total ROM [kB]", "kB", ColumnType::Real, 0, ""}, "Model");
  EXPECT_EQ(r.columns(), (std::vector<std::string>{"Model", "Total ROM [kB]", "Total ROM"}));
  r.rename_column("Model", "Network");
  EXPECT_EQ(r.rows()[0].at("Network"), "aww");
  EXPECT_EQ(r.rows()[0].count("Model"), 0u);
  r.remove_column("Total ROM");
  EXPECT_EQ(r.columns(), (std::vector<std::string>{"Network", "Total ROM [kB]"}));
  EXPECT_EQ(r.rows()[0].count("Total ROM"), 0u);
}

// Whatever each run did (failed at LOAD, measured everything, per-layer rows), every format
// has the same columns in the same order.
TEST(ReportColumns, SameColumnsWhateverTheRunsDid) {
  Report failed;
  failed.add_row({{"Model", "broken"}, {"Failing", "true"}, {"Failure", "usage"}, {"Reason", "LOAD: bad"}});
  Report measured;
  measured.add_row({{"Model", "aww"}, {"Failing", "false"}, {"Run Instructions", "123"}, {"Total ROM", "4"},
                    {"Validation", "true"}, {"Validation Max Diff", "0"}, {"Compiler", "gcc 12.2.0"}});
  measured.add_row({{"Model", "aww"}, {"Sub", "0:CONV_2D"}, {"Run Instructions", "100"}});
  EXPECT_EQ(lines_of(to_csv(failed))[0], lines_of(to_csv(measured))[0]);
  const auto keys = [](const Report& r) {
    std::vector<std::string> out;
    const auto doc = nlohmann::ordered_json::parse(to_json(r));
    for (const auto& [k, v] : doc[0].items()) out.push_back(k);
    return out;
  };
  EXPECT_EQ(keys(failed), keys(measured));
  EXPECT_EQ(keys(failed), failed.columns());
}

TEST(ReportCsv, QuotesOnlyWhereNeededAndDoublesQuotes) {
  Report r(std::vector<Column>{{"Model", "", ColumnType::Text, 0, ""}, {"Features", "", ColumnType::Text, 0, ""},
                               {"Comment", "", ColumnType::Text, 0, ""}, {"Reason", "", ColumnType::Text, 0, ""}});
  r.add_row({{"Model", "aww"}, {"Reason", "compile failed: x.c:3: error, \"y\" undeclared"}, {"Features", "[]"}});
  r.add_row({{"Model", "multi\nline"}, {"Comment", "a\r\nb"}});
  const std::string expected =
      "Model,Features,Comment,Reason\n"
      "aww,[],,\"compile failed: x.c:3: error, \"\"y\"\" undeclared\"\n"
      "\"multi\nline\",,\"a\r\nb\",\n";
  EXPECT_EQ(to_csv(r), expected);
}

TEST(ReportCsv, EmptyReportIsTheHeader) {
  EXPECT_EQ(to_csv(Report{}).rfind("Session,Run,Sub,Model,", 0), 0u);
  EXPECT_EQ(to_csv(Report(std::vector<Column>{})), "\n");
}

TEST(ReportCsv, WriteCreatesParentsAndLeavesNoTempFile) {
  const fs::path dir = temp_dir("csv");
  Report r(std::vector<Column>{{"Model", "", ColumnType::Text, 0, ""}, {"Total RAM", "B", ColumnType::Integer, 0, ""}});
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

TEST(ReportJson, CellsTypedByTheirColumn) {
  Report r;
  r.add_row({{"Model", "1"}, {"Run", "0"}, {"Total ROM", "34567"}, {"Validation Max Diff", "0.25"},
             {"Run Instructions", "-12"}, {"Comment", "007"}, {"Failing", "true"}, {"Validation", "false"},
             {"Features", "validate"}, {"Run Instructions / MAC", "1e3"}, {"Setup Instructions", ""}});
  r.add_row({{"Model", "x"}, {"Total ROM", "007"}, {"Failing", "maybe"}, {"Extra", "12"}});
  const auto doc = nlohmann::json::parse(to_json(r));
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 2u);
  const auto& a = doc[0];
  EXPECT_EQ(a["Model"], "1");  // a text column stays text even when it looks like a number
  EXPECT_TRUE(a["Run"].is_number_integer());
  EXPECT_EQ(a["Run"], 0);
  EXPECT_EQ(a["Total ROM"], 34567);
  EXPECT_DOUBLE_EQ(a["Validation Max Diff"].get<double>(), 0.25);
  EXPECT_EQ(a["Run Instructions"], -12);
  EXPECT_EQ(a["Comment"], "007");
  EXPECT_EQ(a["Failing"], true);
  EXPECT_EQ(a["Validation"], false);
  EXPECT_EQ(a["Features"], "validate");
  EXPECT_DOUBLE_EQ(a["Run Instructions / MAC"].get<double>(), 1000.0);
  EXPECT_TRUE(a["Setup Instructions"].is_null());  // empty number: null
  EXPECT_TRUE(a["Total RAM"].is_null());           // missing: null
  EXPECT_TRUE(a["Extra"].is_null());
  const auto& b = doc[1];
  EXPECT_EQ(b["Total ROM"], "007");  // not exactly an integer: kept as text, not silently changed
  EXPECT_EQ(b["Failing"], "maybe");
  EXPECT_EQ(b["Extra"], "12");  // an unknown column is text
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

Report typical_report() {
  Report r;
  for (int i = 0; i < 3; ++i) {
    r.add_row({{"Session", "4"}, {"Run", std::to_string(i)}, {"Model", i == 2 ? "toycar" : "aww"},
               {"Frontend", "tflite"}, {"Framework", "mlonmcu"}, {"Backend", "interp"}, {"Platform", "mlif"},
               {"Target", "host_x86"}, {"Features", ""}, {"Config", ""}, {"Comment", ""},
               {"Failing", i == 1 ? "true" : "false"}, {"Failure", i == 1 ? "target" : ""},
               {"Reason", i == 1 ? "RUN: program aborted (exit 134)\nsecond line of detail" : ""},
               {"Incomplete", "false"}, {"Run Instructions", i == 1 ? "" : std::to_string(1000 * (i + 1))},
               {"Total ROM", "123456"}, {"Total RAM", "2048"}, {"Load Stage Time [s]", "0.1"}});
  }
  Report::Row layer = r.rows()[0];
  layer["Sub"] = "0:CONV_2D";
  layer["Run Instructions"] = "600";
  r.add_row(layer);
  return r;
}

TEST(ReportMarkdown, MainMetricsOfEachRunThenFailuresInFull) {
  const std::string md = to_markdown(typical_report());
  const auto lines = lines_of(md);
  EXPECT_EQ(lines[0], "**3 runs**, 1 failed, 0 incomplete.");
  EXPECT_EQ(lines[2], "| Model | Backend | Target | Run Instructions | Total ROM | Total RAM |");
  EXPECT_EQ(lines[3], "| --- | --- | --- | ---: | ---: | ---: |");
  EXPECT_EQ(lines[4], "| aww | interp | host_x86 | 1000 | 123456 | 2048 |");
  EXPECT_EQ(lines[5], "| aww | interp | host_x86 |  | 123456 | 2048 |");
  EXPECT_EQ(lines[6], "| toycar | interp | host_x86 | 3000 | 123456 | 2048 |");
  EXPECT_EQ(md.find("600"), std::string::npos);  // per-layer rows stay in the CSV
  EXPECT_NE(md.find("### Failures"), std::string::npos);
  EXPECT_NE(md.find("- **run 1: aww / interp / host_x86** (target):"), std::string::npos) << md;
  EXPECT_NE(md.find("  RUN: program aborted (exit 134)\n  second line of detail\n"), std::string::npos) << md;
}

TEST(ReportMarkdown, EscapesPipesAndNewlines) {
  Report r;
  r.add_row({{"Model", "a|b"}, {"Backend", "x\ny"}});
  EXPECT_NE(to_markdown(r).find("| a\\|b | x<br>y |"), std::string::npos) << to_markdown(r);
  EXPECT_EQ(to_markdown(Report{}), "**0 runs**, 0 failed, 0 incomplete.\n");
}

TEST(ReportTable, MainColumnsRightAlignedNumbersFailuresInFullBelow) {
  const std::string text = format_table(typical_report());
  const auto lines = lines_of(text);
  ASSERT_GE(lines.size(), 6u);
  const std::string& header = lines[0];
  for (const char* shown : {"Model", "Backend", "Target", "Failure", "Sub", "Run Instructions", "Total ROM", "Total RAM"})
    EXPECT_NE(header.find(shown), std::string::npos) << shown;
  // Context that does not vary, empty columns and times stay in the CSV.
  for (const char* hidden : {"Session", "Frontend", "Framework", "Platform", "Features", "Config", "Comment",
                             "Incomplete", "Load Stage Time", "Reason", "Failing"})
    EXPECT_EQ(header.find(hidden), std::string::npos) << hidden;
  // Numbers end at the right edge of their column.
  const size_t end = header.find("Run Instructions") + std::string("Run Instructions").size();
  EXPECT_EQ(lines[2].substr(end - 4, 4), "1000");
  EXPECT_EQ(lines[4].substr(end - 4, 4), "3000");
  EXPECT_LT(header.find("Model"), header.find("Backend"));
  EXPECT_LT(header.find("Total ROM"), header.find("Total RAM"));
  // The failure with every line of its reason, after the table.
  const size_t below = text.find("\n1 run failed:\n  run 1: aww / interp / host_x86 [target]\n"
                                 "    RUN: program aborted (exit 134)\n    second line of detail\n");
  EXPECT_NE(below, std::string::npos) << text;
}

TEST(ReportTable, FitsA120ColumnTerminalWithEveryColumnFilled) {
  Report r;
  Report::Row row;
  for (const Column& c : session_columns()) row[c.name] = c.type == ColumnType::Text ? "some text" : "123456789012";
  row["Model"] = "a_model_with_quite_a_long_name_indeed_yes_it_is_long";
  row["Config"] = "interp.memplan=greedy_by_size,cm4_qemu.opt=Os";
  row["Failing"] = "true";
  row["Sub"] = "";  // a run's row, not a layer's
  row["Reason"] = std::string(300, 'x');
  r.add_row(row);
  row["Model"] = "other";
  r.add_row(row);
  const std::string text = format_table(r);
  const std::string table = text.substr(0, text.find("\n\n"));
  for (const auto& line : lines_of(table)) EXPECT_LE(line.size(), 120u) << line;
  EXPECT_NE(table.find("Run Instructions"), std::string::npos);
  EXPECT_NE(table.find("Total ROM"), std::string::npos);
  EXPECT_NE(text.find(std::string(300, 'x')), std::string::npos);  // the reason, whole, below
  TableOptions wide;
  wide.width = 400;
  EXPECT_NE(format_table(r, wide).find("Config"), std::string::npos);
}

TEST(ReportTable, ChosenColumnsInTheirOrderAndUnknownNamesRefused) {
  TableOptions options;
  options.columns = {"Total RAM", "Model"};
  const auto lines = lines_of(format_table(typical_report(), options));
  EXPECT_EQ(lines[0], "Total RAM  Model");
  EXPECT_EQ(lines[2], "     2048  aww");
  try {
    check_column_names(typical_report(), {"Model", "Run Instrs"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("'Run Instrs'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Run Instructions"), std::string::npos);
  }
}

TEST(ReportTable, EmptyReport) {
  EXPECT_EQ(format_table(Report{}), "(no runs)\n");
}

}  // namespace
}  // namespace mlonmcu::report
