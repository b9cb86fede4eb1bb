#include "report/summary.h"

#include <fmt/format.h>

#include <algorithm>

namespace mlonmcu::report {

std::vector<std::string> text_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (size_t start = 0; start <= text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

bool is_layer_row(const Report::Row& row) { return !cell(row, col::kSub).empty(); }

std::string run_label(const Report::Row& row) {
  std::string label = fmt::format("{} / {} / {}", cell(row, col::kModel), cell(row, col::kBackend), cell(row, col::kTarget));
  std::string extra = cell(row, col::kFeatures);
  const std::string& config = cell(row, col::kConfig);
  if (!config.empty()) extra += (extra.empty() ? "" : "; ") + config;
  if (!extra.empty()) label += " (" + extra + ")";
  return label;
}

std::vector<FailedRun> failed_runs(const Report& report) {
  std::vector<FailedRun> out;
  for (const auto& row : report.rows()) {
    if (is_layer_row(row) || parse_bool_cell(cell(row, col::kFailing)) != true) continue;
    const std::string& run = cell(row, col::kRun);
    out.push_back({fmt::format("{}{}", run.empty() ? "" : "run " + run + ": ", run_label(row)), cell(row, col::kFailure),
                   cell(row, col::kReason)});
  }
  return out;
}

RunCounts count_runs(const Report& report) {
  RunCounts counts;
  for (const auto& row : report.rows()) {
    if (is_layer_row(row)) continue;
    ++counts.runs;
    if (parse_bool_cell(cell(row, col::kFailing)) == true) ++counts.failed;
    if (parse_bool_cell(cell(row, col::kIncomplete)) == true) ++counts.incomplete;
  }
  return counts;
}

std::vector<std::string> main_columns_with_values(const Report& report) {
  std::vector<std::string> out;
  for (const Column& c : report.column_list()) {
    if (!c.has(kMain)) continue;
    for (const auto& row : report.rows()) {
      if (!cell(row, c.name).empty()) {
        out.push_back(c.name);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> run_summary_columns(const Report& report) {
  std::vector<std::string> out = main_columns_with_values(report);
  std::erase(out, std::string(col::kSub));
  return out;
}

}  // namespace mlonmcu::report
