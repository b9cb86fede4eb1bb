// compare_rows: every row's metrics as ratios to a baseline row. The baseline of a row is the
// row that has the same values in the key columns (Model, Backend, Target, Features, Config, and
// Sub) except those the baseline is chosen by, and matches the choice:
// `compare_rows.to=backend=tflmi,feature=cmsisnn` compares each model on each target (and
// config) to its tflmi + cmsisnn run. A row without a baseline gets no ratios.
#include <fmt/format.h>

#include <map>
#include <set>

#include "common/error.h"
#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

namespace {

struct Selector {
  std::string column;  // what it compares
  std::string value;
  bool contains = false;  // feature= / config=: one item of the cell's list
};

std::vector<Selector> parse_selectors(const std::string& text) {
  std::vector<Selector> out;
  for (const auto& item : split_list(text)) {
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (key == "backend") out.push_back({col::kBackend, value, false});
    else if (key == "target") out.push_back({col::kTarget, value, false});
    else if (key == "features") out.push_back({col::kFeatures, value, false});
    else if (key == "feature") out.push_back({col::kFeatures, value, true});
    else if (key == "config") out.push_back({col::kConfig, value, true});
    else
      throw Error(ErrorKind::Config, fmt::format("compare_rows.to: '{}' is not backend=, target=, feature=, features= "
                                                 "or config= (e.g. backend=tflmi,feature=cmsisnn)", item));
  }
  if (out.empty()) throw Error(ErrorKind::Config, "compare_rows.to: say which rows are the baseline (e.g. backend=interp)");
  return out;
}

bool matches(const Report::Row& row, const Selector& s) {
  const std::string& value = cell(row, s.column);
  if (!s.contains) return value == s.value;
  // Features are comma separated, config assignments space separated.
  for (const auto& item : split_list(value, s.column == col::kFeatures ? ',' : ' '))
    if (item == s.value) return true;
  return false;
}

class CompareRows : public Postprocess {
 public:
  std::string name() const override { return "compare_rows"; }
  std::string description() const override { return "metrics as ratios to a baseline row"; }
  void declare_config(config::Registry& r) const override {
    r.add({"compare_rows.to", config::Type::String, "",
           "the baseline: backend=B, target=T, feature=F, features=F1,F2 or config=K=V (comma separated)", {}, {}, {}});
    r.add({"compare_rows.cols", config::Type::String, "",
           "columns to compare (comma separated; empty: the main metrics)", {}, {}, {}});
  }
  void apply(Report& report, const PostprocessContext& context) const override {
    const auto selectors = parse_selectors(context.config.get_string("compare_rows.to"));
    std::vector<std::string> metrics = split_list(context.config.get_string("compare_rows.cols"));
    if (metrics.empty()) {
      for (const Column& c : report.column_list())
        if (c.has(kMain) && c.has(kMetric)) metrics.push_back(c.name);
    }
    require_columns(report, metrics, "compare_rows.cols");
    std::set<std::string> chosen_by;
    for (const auto& s : selectors) chosen_by.insert(s.column);
    std::vector<std::string> group_columns = {col::kSub};
    for (const Column& c : report.column_list())
      if (c.has(kKey) && !chosen_by.count(c.name)) group_columns.push_back(c.name);
    auto group_of = [&](const Report::Row& row) {
      std::vector<std::string> key;
      for (const auto& name : group_columns) key.push_back(cell(row, name));
      return key;
    };
    std::map<std::vector<std::string>, const Report::Row*> baselines;
    for (const auto& row : report.rows()) {
      bool is_baseline = true;
      for (const auto& s : selectors) is_baseline = is_baseline && matches(row, s);
      if (is_baseline) baselines.emplace(group_of(row), &row);  // the first one wins
    }
    std::vector<Report::Row> rows = report.rows();
    for (auto& row : rows) {
      const auto it = baselines.find(group_of(row));
      if (it == baselines.end()) continue;
      for (const auto& metric : metrics) {
        const auto value = parse_real_cell(cell(row, metric));
        const auto base = parse_real_cell(cell(*it->second, metric));
        if (value && base && *base != 0) row[metric + " (rel.)"] = fmt::format("{:.4f}", *value / *base);
      }
    }
    for (const auto& metric : metrics)
      report.add_column({metric + " (rel.)", "", ColumnType::Real, 0, metric + " divided by the baseline row's"}, metric);
    report.rows() = std::move(rows);
  }
};

}  // namespace

std::unique_ptr<Postprocess> make_compare_rows() { return std::make_unique<CompareRows>(); }

}  // namespace mlonmcu::report
