// The session report: one row per run (plus per-layer rows), columns named as in the Python
// MLonMCU. Column order is deterministic: the fixed columns first, then metrics in a fixed
// order, then any extra columns in first-seen order.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mlonmcu::report {

class Report {
 public:
  using Row = std::map<std::string, std::string>;
  void add_row(Row row) { rows_.push_back(std::move(row)); }
  const std::vector<Row>& rows() const { return rows_; }
  std::vector<Row>& rows() { return rows_; }
  // Known columns in canonical order, followed by extra columns, only those used by some row.
  std::vector<std::string> columns() const;

 private:
  std::vector<Row> rows_;
};

// The canonical column order (product brief §6).
const std::vector<std::string>& canonical_columns();

void write_csv(const Report& report, const std::filesystem::path& path);
std::string to_csv(const Report& report);
// An aligned text table of the most useful columns, for the terminal.
std::string format_table(const Report& report);

// JSON: an array of one object per row, keys in column order; cells that are plain numbers
// become JSON numbers, cells a row lacks are null.
std::string to_json(const Report& report);
void write_json(const Report& report, const std::filesystem::path& path);
// A Markdown (GitHub pipe) table of all used columns, for CI logs and READMEs.
std::string to_markdown(const Report& report);

}  // namespace mlonmcu::report
