// filter_cols: keep only some columns (in the order given), drop some, or drop the empty ones.
#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

namespace {

class FilterCols : public Postprocess {
 public:
  std::string name() const override { return "filter_cols"; }
  std::string description() const override { return "keep or drop columns"; }
  void declare_config(config::Registry& r) const override {
    r.add({"filter_cols.keep", config::Type::String, "", "columns to keep, in this order (comma separated; empty: all)", {}, {}, {}});
    r.add({"filter_cols.drop", config::Type::String, "", "columns to drop (comma separated)", {}, {}, {}});
    r.add({"filter_cols.drop_empty", config::Type::Bool, "false", "drop the columns no row has a value in", {}, {}, {}});
  }
  void apply(Report& report, const PostprocessContext& context) const override {
    const auto keep = split_list(context.config.get_string("filter_cols.keep"));
    const auto drop = split_list(context.config.get_string("filter_cols.drop"));
    require_columns(report, keep, "filter_cols.keep");
    require_columns(report, drop, "filter_cols.drop");
    for (const auto& name : drop) report.remove_column(name);
    if (context.config.get_bool("filter_cols.drop_empty")) {
      for (const auto& name : report.columns()) {
        bool any = false;
        for (const auto& row : report.rows()) any = any || !cell(row, name).empty();
        if (!any) report.remove_column(name);
      }
    }
    if (keep.empty()) return;
    std::vector<Column> kept;
    for (const auto& name : keep)
      if (const Column* c = report.column(name)) kept.push_back(*c);
    Report filtered(kept);
    for (const auto& row : report.rows()) {
      Report::Row out;
      for (const auto& name : keep)
        if (row.count(name)) out[name] = row.at(name);
      filtered.add_row(std::move(out));
    }
    report = std::move(filtered);
  }
};

}  // namespace

std::unique_ptr<Postprocess> make_filter_cols() { return std::make_unique<FilterCols>(); }

}  // namespace mlonmcu::report
