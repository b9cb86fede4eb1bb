// The column table: name, unit, type and meaning of every report column (columns.def), used by
// every report format and the results database, so a column is named and typed in one place.
// Producers write cells as text (Report::Row); the formats read the column's type to write a
// number, a boolean or null.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::report {

enum class ColumnType { Text, Integer, Real, Bool };

// ColumnFlag bits.
constexpr unsigned kMain = 1;       // in the terminal table, the Markdown summary and the HTML tables by default
constexpr unsigned kMetric = 2;     // a measured number: charted, compared by `results compare`
constexpr unsigned kWholeRun = 4;   // of the run as a whole: a per-layer row leaves it empty
constexpr unsigned kKey = 8;        // identifies a run when two sessions are compared

struct Column {
  std::string name;
  std::string unit;  // "" for none
  ColumnType type = ColumnType::Text;
  unsigned flags = 0;
  std::string description;
  bool has(unsigned flag) const { return (flags & flag) != 0; }
  bool numeric() const { return type == ColumnType::Integer || type == ColumnType::Real; }
};

namespace col {
#define COLUMN(ID, NAME, UNIT, TYPE, FLAGS, DESCRIPTION) inline constexpr const char* ID = NAME;
#include "report/columns.def"
#undef COLUMN
}  // namespace col

// The session report's columns, in report order.
const std::vector<Column>& session_columns();
// The table's entry of a column name, if it is one of the session columns.
const Column* find_session_column(const std::string& name);

const char* column_type_name(ColumnType type);  // "text", "integer", "real", "boolean"

// Typed reading of a cell (what JSON, XLSX and the database store): nullopt when the text is not
// exactly a value of that type ("007" is no integer, "1." no real, "True" is a boolean).
std::optional<long long> parse_integer_cell(const std::string& text);
std::optional<double> parse_real_cell(const std::string& text);
std::optional<bool> parse_bool_cell(const std::string& text);

// `mlonmcu report --columns`: every column with type, unit and meaning.
std::string describe_columns();

}  // namespace mlonmcu::report
