// The session report: one row per run (plus per-layer rows), columns named as in the Python
// MLonMCU. A report owns its column list: by default every session column of the column table
// (columns.def) in table order, so every report of a session has the same columns whatever its
// runs did; postprocesses add, rename and drop columns; cells of a column the report does not
// know add a text column at the end, in first-seen order.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "report/columns.h"

namespace mlonmcu::report {

class Report {
 public:
  using Row = std::map<std::string, std::string>;
  Report() : columns_(session_columns()) {}
  explicit Report(std::vector<Column> columns) : columns_(std::move(columns)) {}

  void add_row(Row row);
  const std::vector<Row>& rows() const { return rows_; }
  std::vector<Row>& rows() { return rows_; }

  const std::vector<Column>& column_list() const { return columns_; }
  std::vector<std::string> columns() const;  // the names, in order
  const Column* column(const std::string& name) const;
  // Adds `column` (replacing one of the same name) after `after`, or at the end.
  void add_column(Column column, const std::string& after = "");
  void remove_column(const std::string& name);  // and its cells
  void rename_column(const std::string& from, const std::string& to);  // and its cells

 private:
  std::vector<Column> columns_;
  std::vector<Row> rows_;
};

// The cell of `column`, "" when the row has none.
const std::string& cell(const Report::Row& row, const std::string& column);

void write_csv(const Report& report, const std::filesystem::path& path);
std::string to_csv(const Report& report);

struct TableOptions {
  size_t width = 120;                // the table is cut to this many characters per line
  std::vector<std::string> columns;  // empty: the main columns that have values
};
// An aligned text table for the terminal, then every failure with its full reason.
std::string format_table(const Report& report, const TableOptions& options = {});
// Checks names for TableOptions::columns; throws Error(Usage) naming the known columns.
void check_column_names(const Report& report, const std::vector<std::string>& names);

// JSON: an array of one object per row, keys in column order; integer and real columns are
// numbers, boolean columns booleans, cells a row lacks (or that do not parse as their type's
// value, which stay text) null.
std::string to_json(const Report& report);
void write_json(const Report& report, const std::filesystem::path& path);
// A Markdown summary for CI logs and issues: counts, the main metrics of each run, the failures.
std::string to_markdown(const Report& report);

}  // namespace mlonmcu::report
