// The terminal table: the columns a user looks at first, as many as fit in kMaxWidth.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "report/report.h"

namespace mlonmcu::report {

namespace {

constexpr size_t kMaxWidth = 160;
constexpr size_t kMaxCellWidth = 40;
// A failure's reason gets what the metrics leave over, between these two.
constexpr size_t kMinReasonWidth = 24;
constexpr size_t kMaxReasonWidth = 64;
constexpr size_t kGap = 2;

enum class Show { Always, IfSet, IfVaries };

struct ColumnRule {
  const char* name;
  Show show;
};

// Most useful first: what ran, whether it worked, then the headline metrics, then detail.
// Session ids, stage times and extra columns stay in the CSV.
const ColumnRule kRules[] = {
    {"Model", Show::Always},
    {"Backend", Show::Always},
    {"Target", Show::Always},
    {"Sub", Show::IfSet},
    {"Failure", Show::IfSet},
    {"Reason", Show::IfSet},
    {"Run Instructions", Show::IfSet},
    {"Total ROM", Show::IfSet},
    {"Total RAM", Show::IfSet},
    {"Validation", Show::IfSet},
    {"Features", Show::IfSet},
    {"Config", Show::IfSet},
    {"Incomplete", Show::IfSet},
    {"Workspace Size [B]", Show::IfSet},
    {"Total Instructions", Show::IfSet},
    {"RAM stack", Show::IfSet},
    {"ROM code", Show::IfSet},
    {"ROM read-only", Show::IfSet},
    {"Setup Instructions", Show::IfSet},
    {"Total Cycles", Show::IfSet},
    {"Validation Max Diff", Show::IfSet},
    {"Validation Top-1", Show::IfSet},
    {"Failing", Show::IfVaries},
    {"Run", Show::IfVaries},
    {"Frontend", Show::IfVaries},
    {"Framework", Show::IfVaries},
    {"Platform", Show::IfVaries},
    {"RAM data", Show::IfSet},
    {"RAM zero-init data", Show::IfSet},
    {"ROM misc", Show::IfSet},
    {"RAM heap", Show::IfSet},
    {"Comment", Show::IfSet},
};

// Values that say "nothing here" in a report cell.
bool is_blank(const std::string& column, const std::string& value) {
  if (value.empty() || value == "[]" || value == "{}" || value == "-") return true;
  if (column == "Failing" || column == "Incomplete") {
    return value == "False" || value == "false" || value == "0";
  }
  return false;
}

bool is_number(const std::string& value) {
  if (value.empty()) return false;
  char* end = nullptr;
  std::strtod(value.c_str(), &end);
  return end == value.c_str() + value.size();
}

// Cuts long cells (a compiler error in Reason) to one short line of at most `max` characters.
std::string cell_text(const std::string& value, size_t max) {
  std::string text = value.substr(0, value.find_first_of("\r\n"));
  if (text.size() < value.size() && text.size() + 3 <= max) text += "...";
  if (text.size() > max) text = text.substr(0, max - 3) + "...";
  return text;
}

std::string cell(const Report::Row& row, const std::string& column) {
  const auto it = row.find(column);
  return it == row.end() ? std::string() : it->second;
}

bool wanted(const Report& report, const ColumnRule& rule) {
  std::set<std::string> values;
  bool any_set = false;
  for (const auto& row : report.rows()) {
    const std::string value = cell(row, rule.name);
    values.insert(value);
    any_set = any_set || !is_blank(rule.name, value);
  }
  switch (rule.show) {
    case Show::Always: return true;
    case Show::IfSet: return any_set;
    case Show::IfVaries: return any_set && values.size() > 1;
  }
  return false;
}

}  // namespace

std::string format_table(const Report& report) {
  if (report.rows().empty()) return "(no runs)\n";

  // Pick columns by priority while they fit (Reason at its narrowest), then widen Reason into
  // what is left, then show them in the report's column order.
  std::set<std::string> picked;
  size_t total = 0;
  size_t reason_full = 0;  // Reason's width if nothing constrained it
  auto column_width = [&report](const std::string& name, size_t max) {
    size_t width = name.size();
    for (const auto& row : report.rows()) width = std::max(width, cell_text(cell(row, name), max).size());
    return width;
  };
  for (const auto& rule : kRules) {
    if (!wanted(report, rule)) continue;
    const bool reason = std::string(rule.name) == "Reason";
    const size_t width = column_width(rule.name, reason ? kMinReasonWidth : kMaxCellWidth);
    if (reason) reason_full = column_width(rule.name, kMaxReasonWidth);
    const size_t needed = picked.empty() ? width : width + kGap;
    if (total + needed > kMaxWidth) continue;  // a narrower, less important column may still fit
    total += needed;
    picked.insert(rule.name);
  }
  size_t reason_max = kMinReasonWidth;
  if (picked.count("Reason") != 0) {
    const size_t narrow = column_width("Reason", kMinReasonWidth);
    reason_max = std::max(kMinReasonWidth, std::min(reason_full, narrow + (kMaxWidth - total)));
  }
  auto max_of = [reason_max](const std::string& column) {
    return column == "Reason" ? reason_max : kMaxCellWidth;
  };
  std::vector<std::string> columns;
  for (const auto& rule : kRules) {
    if (picked.count(rule.name) != 0) columns.push_back(rule.name);
  }
  const auto order = canonical_columns();
  std::stable_sort(columns.begin(), columns.end(), [&order](const std::string& a, const std::string& b) {
    return std::find(order.begin(), order.end(), a) < std::find(order.begin(), order.end(), b);
  });

  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  std::vector<bool> numeric(columns.size(), true);  // right-aligned, header included
  for (const auto& column : columns) widths.push_back(column.size());
  for (const auto& row : report.rows()) {
    std::vector<std::string> line;
    for (size_t i = 0; i < columns.size(); ++i) {
      line.push_back(cell_text(cell(row, columns[i]), max_of(columns[i])));
      widths[i] = std::max(widths[i], line.back().size());
      if (!line.back().empty() && !is_number(line.back())) numeric[i] = false;
    }
    cells.push_back(std::move(line));
  }

  std::string out;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i != 0) text.append(kGap, ' ');
      const size_t pad = widths[i] - line[i].size();
      const bool right = numeric[i];
      if (right) text.append(pad, ' ');
      text += line[i];
      if (!right) text.append(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  emit(columns);
  std::vector<std::string> rule_line;
  for (size_t width : widths) rule_line.emplace_back(width, '-');
  emit(rule_line);
  for (const auto& line : cells) emit(line);
  return out;
}

}  // namespace mlonmcu::report
