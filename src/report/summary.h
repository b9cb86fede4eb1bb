// What every human-readable format says beside its table: how many runs there were, and each
// failed run with its full reason.
#pragma once

#include <string>
#include <vector>

#include "report/report.h"

namespace mlonmcu::report {

struct FailedRun {
  std::string what;     // "run 3: aww / interp / cm0_qemu (validate; cm0_qemu.opt=Os)"
  std::string failure;  // the kind
  std::string reason;   // in full, possibly several lines
};

struct RunCounts {
  size_t runs = 0;  // rows of whole runs (per-layer rows not counted)
  size_t failed = 0;
  size_t incomplete = 0;
};

// The lines of a (multi-line) text, without their line ends.
std::vector<std::string> text_lines(const std::string& text);

bool is_layer_row(const Report::Row& row);
// "aww / interp / cm0_qemu", plus features and config when set.
std::string run_label(const Report::Row& row);
std::vector<FailedRun> failed_runs(const Report& report);
RunCounts count_runs(const Report& report);
// The main columns (kMain) of the report that some row has a value in, in report order.
std::vector<std::string> main_columns_with_values(const Report& report);
// The same without Sub: the columns of a table of whole runs (Markdown, HTML).
std::vector<std::string> run_summary_columns(const Report& report);

}  // namespace mlonmcu::report
