// `mlonmcu results compare A B`: two sessions side by side. Rows are matched by what ran (Model,
// Backend, Target, Features, Config and Sub: the kKey columns); for each matched pair every metric
// gets its change from A to B. All metrics are costs (instructions, bytes), so a metric that grows
// by more than the threshold is a regression, and so is a run that B fails and A did not.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace mlonmcu::report {

struct CompareOptions {
  double threshold_percent = 0;      // a growth above this is a regression
  std::vector<std::string> metrics;  // empty: the main metrics (kMain and kMetric)
  std::vector<std::string> match;    // columns that pair rows; empty: the key columns (and Sub)
};

struct MetricChange {
  std::string run;  // run_label of the pair, plus the layer
  std::string metric;
  std::optional<double> a, b;
  std::optional<double> percent;  // (b - a) / a * 100, when both are known and a != 0
  bool regression = false;
};

struct Comparison {
  std::vector<MetricChange> changes;  // in B's row order, metrics in column order
  std::vector<std::string> only_in_a, only_in_b, newly_failing;
  size_t regressions() const;  // metric regressions and newly failing runs
};

Comparison compare_reports(const Report& a, const Report& b, const CompareOptions& options);
// A table of every change (one line per run and metric), then the unmatched and newly failing
// runs and a verdict line.
std::string format_comparison(const Comparison& comparison, const std::string& name_a, const std::string& name_b,
                              const CompareOptions& options);

}  // namespace mlonmcu::report
