#include "report/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "common/error.h"
#include "report/summary.h"

namespace mlonmcu::report {

namespace {

using Key = std::vector<std::string>;

Key key_of(const std::vector<std::string>& match, const Report::Row& row) {
  Key key;
  for (const auto& name : match) key.push_back(cell(row, name));
  return key;
}

std::string label_of(const Report::Row& row) {
  const std::string& sub = cell(row, col::kSub);
  return run_label(row) + (sub.empty() ? "" : " " + sub);
}

bool failing(const Report::Row& row) { return parse_bool_cell(cell(row, col::kFailing)) == true; }

std::string number(std::optional<double> v) {
  if (!v) return "-";
  if (*v == static_cast<double>(static_cast<long long>(*v))) return fmt::format("{}", static_cast<long long>(*v));
  return fmt::format("{:.4g}", *v);
}

}  // namespace

size_t Comparison::regressions() const {
  size_t n = newly_failing.size();
  for (const auto& c : changes) n += c.regression ? 1 : 0;
  return n;
}

Comparison compare_reports(const Report& a, const Report& b, const CompareOptions& options) {
  std::vector<std::string> metrics = options.metrics;
  if (metrics.empty()) {
    for (const Column& c : b.column_list())
      if (c.has(kMain) && c.has(kMetric)) metrics.push_back(c.name);
  }
  for (const auto& m : metrics) {
    const Column* c = b.column(m);
    if (c == nullptr || !c->numeric())
      throw Error(ErrorKind::Usage, fmt::format("results compare: '{}' is no numeric column", m));
  }
  std::vector<std::string> match = options.match;
  if (match.empty()) {
    match.push_back(col::kSub);
    for (const Column& c : b.column_list())
      if (c.has(kKey)) match.push_back(c.name);
  }
  check_column_names(b, match);
  std::map<Key, const Report::Row*> in_a;
  for (const auto& row : a.rows()) in_a.emplace(key_of(match, row), &row);
  Comparison out;
  std::map<Key, bool> matched;
  for (const auto& row : b.rows()) {
    const Key key = key_of(match, row);
    const auto it = in_a.find(key);
    if (it == in_a.end()) {
      out.only_in_b.push_back(label_of(row));
      continue;
    }
    matched[key] = true;
    const Report::Row& before = *it->second;
    if (failing(row) && !failing(before)) out.newly_failing.push_back(label_of(row) + ": " + text_lines(cell(row, col::kReason)).front());
    for (const auto& m : metrics) {
      MetricChange c{label_of(row), m, parse_real_cell(cell(before, m)), parse_real_cell(cell(row, m)), {}, false};
      if (!c.a && !c.b) continue;
      if (c.a && c.b && *c.a != 0) c.percent = (*c.b - *c.a) / *c.a * 100.0;
      c.regression = c.percent && *c.percent > options.threshold_percent;
      out.changes.push_back(std::move(c));
    }
  }
  for (const auto& row : a.rows())
    if (!matched.count(key_of(match, row))) out.only_in_a.push_back(label_of(row));
  return out;
}

std::string format_comparison(const Comparison& comparison, const std::string& name_a, const std::string& name_b,
                              const CompareOptions& options) {
  size_t run_width = 3, metric_width = 6;
  for (const auto& c : comparison.changes) {
    run_width = std::max(run_width, std::min<size_t>(c.run.size(), 60));
    metric_width = std::max(metric_width, c.metric.size());
  }
  const std::string a_head = "A: " + name_a, b_head = "B: " + name_b;
  std::string out = fmt::format("{:<{}}  {:<{}}  {:>12}  {:>12}  {:>9}\n", "run", run_width, "metric", metric_width,
                                a_head, b_head, "change");
  for (const auto& c : comparison.changes) {
    const std::string run = c.run.size() > run_width ? c.run.substr(0, run_width - 3) + "..." : c.run;
    const std::string change = c.percent ? fmt::format("{:+.2f}%", *c.percent) : "-";
    out += fmt::format("{:<{}}  {:<{}}  {:>12}  {:>12}  {:>9}{}\n", run, run_width, c.metric, metric_width, number(c.a),
                       number(c.b), change, c.regression ? "  REGRESSION" : "");
  }
  for (const auto& r : comparison.only_in_a) out += "only in A: " + r + "\n";
  for (const auto& r : comparison.only_in_b) out += "only in B: " + r + "\n";
  for (const auto& r : comparison.newly_failing) out += "fails in B only: " + r + "\n";
  const size_t n = comparison.regressions();
  out += n == 0 ? fmt::format("no regression above {}%\n", options.threshold_percent)
                : fmt::format("{} regression{} above {}%\n", n, n == 1 ? "" : "s", options.threshold_percent);
  return out;
}

}  // namespace mlonmcu::report
