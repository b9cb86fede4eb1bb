// The report as JSON, for scripts: each cell as its column's type says.
#include <nlohmann/json.hpp>

#include "report/report.h"
#include "report/report_files.h"

namespace mlonmcu::report {

namespace {

nlohmann::ordered_json typed_value(const Column& column, const Report::Row& row) {
  const auto it = row.find(column.name);
  if (it == row.end()) return nullptr;
  const std::string& text = it->second;
  if (column.type == ColumnType::Text) return text;
  if (text.empty()) return nullptr;
  switch (column.type) {
    case ColumnType::Integer:
      if (auto v = parse_integer_cell(text)) return static_cast<int64_t>(*v);
      break;
    case ColumnType::Real:
      if (auto v = parse_real_cell(text)) return *v;
      break;
    case ColumnType::Bool:
      if (auto v = parse_bool_cell(text)) return *v;
      break;
    case ColumnType::Text:
      break;
  }
  return text;  // a producer's surprise stays visible instead of becoming a wrong number
}

}  // namespace

std::string to_json(const Report& report) {
  auto rows = nlohmann::ordered_json::array();
  for (const auto& row : report.rows()) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const Column& column : report.column_list()) object[column.name] = typed_value(column, row);
    rows.push_back(std::move(object));
  }
  // Replace invalid UTF-8 (e.g. bytes from a crashing program's output in Reason) instead of throwing.
  return rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void write_json(const Report& report, const std::filesystem::path& path) {
  write_text_file(path, to_json(report));
}

}  // namespace mlonmcu::report
