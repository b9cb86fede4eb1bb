// report.xlsx read back: unzipped with the project's zip reader, the sheet XML checked cell by cell.
#include "report/xlsx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/error.h"
#include "models/zip_reader.h"

namespace mlonmcu::report {
namespace {

namespace fs = std::filesystem;

std::string member(const std::vector<models::ZipMember>& members, const std::string& name) {
  for (const auto& m : members)
    if (m.name == name) return std::string(m.data.begin(), m.data.end());
  ADD_FAILURE() << "no " << name;
  return "";
}

// Plain string scanning (std::regex trips GCC 12's warnings under ASan).
std::string between(const std::string& text, size_t from, const std::string& open, const std::string& close) {
  const size_t a = text.find(open, from);
  if (a == std::string::npos) return "";
  const size_t b = text.find(close, a + open.size());
  return b == std::string::npos ? "" : text.substr(a + open.size(), b - a - open.size());
}

// The shared strings in their order (<si><t>text</t></si>).
std::vector<std::string> shared_strings(const std::string& xml) {
  std::vector<std::string> out;
  for (size_t at = xml.find("<si>"); at != std::string::npos; at = xml.find("<si>", at + 4)) {
    const std::string item = between(xml, at, "<si>", "</si>");
    out.push_back(between(item, 0, ">", "<"));  // the text inside <t ...>
  }
  return out;
}

// The cell at `ref` ("B2"): its type attribute and value, "" when absent.
std::pair<std::string, std::string> cell_at(const std::string& sheet, const std::string& ref) {
  const size_t at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return {"", ""};
  const std::string cell = sheet.substr(at, sheet.find("</c>", at) - at);
  const std::string head = cell.substr(0, cell.find('>'));
  return {between(head, 0, " t=\"", "\""), between(cell, 0, "<v>", "</v>")};
}

TEST(ReportXlsx, EveryColumnTypedAndALegendSheet) {
  const fs::path dir = fs::temp_directory_path() / ("mlonmcu_xlsx_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  Report r(std::vector<Column>{{"Model", "", ColumnType::Text, 0, "model name"},
                               {"Run Instructions", "instructions", ColumnType::Integer, 0, "per inference"},
                               {"Run Instructions / MAC", "instructions/MAC", ColumnType::Real, 0, "ratio"},
                               {"Failing", "", ColumnType::Bool, 0, "failed"}});
  r.add_row({{"Model", "aww"}, {"Run Instructions", "10621337"}, {"Run Instructions / MAC", "3.875"}, {"Failing", "false"}});
  r.add_row({{"Model", "vww"}, {"Failing", "true"}});
  write_xlsx(r, dir / "report.xlsx");
  EXPECT_FALSE(fs::exists(dir / "report.xlsx.tmp"));
  std::ifstream in(dir / "report.xlsx", std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto members = models::read_zip(bytes, "report.xlsx");
  const std::string workbook = member(members, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"Report\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"Columns\""), std::string::npos);
  const auto strings = shared_strings(member(members, "xl/sharedStrings.xml"));
  const std::string sheet = member(members, "xl/worksheets/sheet1.xml");
  auto text_at = [&](const std::string& ref) {
    const auto [type, value] = cell_at(sheet, ref);
    EXPECT_EQ(type, "s") << ref;
    return type == "s" ? strings.at(std::stoul(value)) : std::string();
  };
  EXPECT_EQ(text_at("A1"), "Model");
  EXPECT_EQ(text_at("B1"), "Run Instructions");
  EXPECT_EQ(text_at("C1"), "Run Instructions / MAC");
  EXPECT_EQ(text_at("D1"), "Failing");
  EXPECT_EQ(text_at("A2"), "aww");
  EXPECT_EQ(cell_at(sheet, "B2"), (std::pair<std::string, std::string>{"", "10621337"}));  // a number
  EXPECT_EQ(cell_at(sheet, "C2"), (std::pair<std::string, std::string>{"", "3.875"}));
  EXPECT_EQ(cell_at(sheet, "D2"), (std::pair<std::string, std::string>{"b", "0"}));  // a boolean
  EXPECT_EQ(cell_at(sheet, "D3"), (std::pair<std::string, std::string>{"b", "1"}));
  EXPECT_EQ(cell_at(sheet, "B3").second, "");  // empty cells are left out
  EXPECT_NE(sheet.find("<pane ySplit=\"1\""), std::string::npos);  // the header stays in view
  const std::string legend = member(members, "xl/worksheets/sheet2.xml");
  EXPECT_EQ(strings.at(std::stoul(cell_at(legend, "B3").second)), "instructions");
  EXPECT_EQ(strings.at(std::stoul(cell_at(legend, "C3").second)), "integer");
  fs::remove_all(dir);
}

TEST(ReportXlsx, UnwritablePathIsAnIoError) {
  Report r;
  EXPECT_THROW(write_xlsx(r, "/proc/nope/report.xlsx"), Error);
}

}  // namespace
}  // namespace mlonmcu::report
