#include "report/report.h"

#include <algorithm>

#include "common/error.h"

namespace mlonmcu::report {

const std::string& cell(const Report::Row& row, const std::string& column) {
  static const std::string empty;
  const auto it = row.find(column);
  return it == row.end() ? empty : it->second;
}

void Report::add_row(Row row) {
  for (const auto& [name, value] : row)
    if (column(name) == nullptr) columns_.push_back({name, "", ColumnType::Text, 0, ""});
  rows_.push_back(std::move(row));
}

std::vector<std::string> Report::columns() const {
  std::vector<std::string> names;
  for (const Column& c : columns_) names.push_back(c.name);
  return names;
}

const Column* Report::column(const std::string& name) const {
  for (const Column& c : columns_)
    if (c.name == name) return &c;
  return nullptr;
}

void Report::add_column(Column column, const std::string& after) {
  std::erase_if(columns_, [&column](const Column& c) { return c.name == column.name; });
  auto at = std::find_if(columns_.begin(), columns_.end(), [&after](const Column& c) { return c.name == after; });
  if (at != columns_.end()) ++at;
  columns_.insert(at, std::move(column));
}

void Report::remove_column(const std::string& name) {
  std::erase_if(columns_, [&name](const Column& c) { return c.name == name; });
  for (Row& row : rows_) row.erase(name);
}

void Report::rename_column(const std::string& from, const std::string& to) {
  if (from == to) return;
  remove_column(to);
  for (Column& c : columns_)
    if (c.name == from) c.name = to;
  for (Row& row : rows_) {
    auto node = row.extract(from);
    if (!node.empty()) {
      node.key() = to;
      row.insert(std::move(node));
    }
  }
}

void check_column_names(const Report& report, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (report.column(name) != nullptr) continue;
    std::string known;
    for (const std::string& c : report.columns()) known += (known.empty() ? "" : ", ") + c;
    throw Error(ErrorKind::Usage, "unknown column '" + name + "'; the columns are: " + known);
  }
}

}  // namespace mlonmcu::report
