// The Markdown summary (report.md), for CI logs and issues: one line of counts, the main
// metrics of every run (per-layer rows stay in the CSV), then each failure with its reason.
#include <fmt/format.h>

#include "report/report.h"
#include "report/summary.h"

namespace mlonmcu::report {

namespace {

std::string markdown_cell(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_markdown(const Report& report) {
  const RunCounts counts = count_runs(report);
  std::string out = fmt::format("**{} runs**, {} failed, {} incomplete.\n", counts.runs, counts.failed, counts.incomplete);
  if (counts.runs == 0) return out;
  const std::vector<std::string> columns = run_summary_columns(report);
  out += "\n|";
  for (const auto& name : columns) out += " " + markdown_cell(name) + " |";
  out += "\n|";
  for (const auto& name : columns) {
    const Column* c = report.column(name);
    out += c && c->numeric() ? " ---: |" : " --- |";
  }
  out += "\n";
  for (const auto& row : report.rows()) {
    if (is_layer_row(row)) continue;
    out += "|";
    for (const auto& name : columns) out += " " + markdown_cell(cell(row, name)) + " |";
    out += "\n";
  }
  const auto failures = failed_runs(report);
  if (!failures.empty()) {
    out += "\n### Failures\n\n";
    for (const FailedRun& f : failures) {
      out += fmt::format("- **{}** ({}):\n\n  ```\n", markdown_cell(f.what), f.failure);
      for (const auto& line : text_lines(f.reason)) out += "  " + line + "\n";
      out += "  ```\n";
    }
  }
  return out;
}

}  // namespace mlonmcu::report
