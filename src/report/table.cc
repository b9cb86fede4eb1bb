// The terminal table: the main columns that have values, fitted to a width (120 by default) by
// shortening long text cells and then leaving out the least important columns; every failure
// follows in full, since a reason cut to a cell is no use.
#include <fmt/format.h>

#include <algorithm>

#include "report/report.h"
#include "report/summary.h"

namespace mlonmcu::report {

namespace {

constexpr size_t kMaxTextCell = 28;
constexpr size_t kGap = 2;

// Left out first when the table is too wide, in this order.
const char* const kDropOrder[] = {col::kConfig,   col::kSetupInstructions, col::kRunInstructionsPerMac,
                                  col::kWorkspace, col::kFeatures,         col::kValidation,
                                  col::kSub,      col::kTotalRam,          col::kTotalRom};

std::string cell_text(const std::string& value, size_t max) {
  std::string text = value.substr(0, value.find_first_of("\r\n"));
  if (text.size() > max) text = text.substr(0, max - 3) + "...";
  return text;
}

bool numeric(const Report& report, const std::string& name) {
  const Column* c = report.column(name);
  return c != nullptr && c->numeric();
}

size_t column_width(const Report& report, const std::string& name, size_t max) {
  size_t width = name.size();
  for (const auto& row : report.rows()) width = std::max(width, cell_text(cell(row, name), max).size());
  return width;
}

}  // namespace

std::string format_table(const Report& report, const TableOptions& options) {
  if (report.rows().empty()) return "(no runs)\n";
  const std::vector<FailedRun> failures = failed_runs(report);
  std::vector<std::string> columns = options.columns;
  const bool chosen = !columns.empty();
  if (!chosen) {
    columns = main_columns_with_values(report);
    if (!failures.empty()) {
      const auto at = std::find(columns.begin(), columns.end(), col::kTarget);
      columns.insert(at == columns.end() ? columns.end() : at + 1, col::kFailure);
    }
  }
  const size_t max_cell = chosen ? 64 : kMaxTextCell;
  auto max_of = [&](const std::string& name) { return numeric(report, name) ? size_t{32} : max_cell; };
  auto total_width = [&] {
    size_t total = 0;
    for (const auto& name : columns) total += column_width(report, name, max_of(name)) + kGap;
    return total - kGap;
  };
  for (const char* drop : kDropOrder) {
    if (chosen || total_width() <= options.width) break;
    std::erase(columns, std::string(drop));
  }

  std::vector<size_t> widths;
  for (const auto& name : columns) widths.push_back(column_width(report, name, max_of(name)));
  std::string out;
  auto emit = [&](const std::vector<std::string>& line) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i != 0) text.append(kGap, ' ');
      const size_t pad = widths[i] - line[i].size();
      const bool right = numeric(report, columns[i]);
      if (right) text.append(pad, ' ');
      text += line[i];
      if (!right) text.append(pad, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (text.size() > options.width) text.resize(options.width);
    out += text + "\n";
  };
  emit(columns);
  std::vector<std::string> rule;
  for (size_t width : widths) rule.emplace_back(width, '-');
  emit(rule);
  for (const auto& row : report.rows()) {
    std::vector<std::string> line;
    for (const auto& name : columns) line.push_back(cell_text(cell(row, name), max_of(name)));
    emit(line);
  }
  if (!failures.empty()) {
    out += fmt::format("\n{} failed:\n", failures.size() == 1 ? "1 run" : fmt::format("{} runs", failures.size()));
    for (const FailedRun& f : failures) {
      out += fmt::format("  {} [{}]\n", f.what, f.failure);
      for (const auto& line : text_lines(f.reason)) out += "    " + line + "\n";
    }
  }
  return out;
}

}  // namespace mlonmcu::report
