// bytes2kb: the columns in bytes (unit B in the column table) in kB (1 kB = 1024 B, three decimals):
// "Total ROM" becomes "Total ROM [kB]", "Workspace Size [B]" becomes "Workspace Size [kB]".
#include <fmt/format.h>

#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

namespace {

std::string kb_name(const std::string& name) {
  const std::string unit = " [B]";
  if (name.size() > unit.size() && name.compare(name.size() - unit.size(), unit.size(), unit) == 0)
    return name.substr(0, name.size() - unit.size()) + " [kB]";
  return name + " [kB]";
}

class Bytes2Kb : public Postprocess {
 public:
  std::string name() const override { return "bytes2kb"; }
  std::string description() const override { return "sizes in kB instead of bytes"; }
  void declare_config(config::Registry& r) const override {
    r.add({"bytes2kb.cols", config::Type::String, "", "columns to convert (comma separated; empty: every column in B)", {}, {}, {}});
  }
  void apply(Report& report, const PostprocessContext& context) const override {
    std::vector<std::string> names = split_list(context.config.get_string("bytes2kb.cols"));
    require_columns(report, names, "bytes2kb.cols");
    if (names.empty())
      for (const Column& c : report.column_list())
        if (c.unit == "B") names.push_back(c.name);
    for (const auto& name : names) {
      Column kb = *report.column(name);
      kb.name = kb_name(name);
      kb.unit = "kB";
      kb.type = ColumnType::Real;
      for (auto& row : report.rows()) {
        const auto it = row.find(name);
        if (it == row.end()) continue;
        const auto bytes = parse_real_cell(it->second);
        row[kb.name] = bytes ? fmt::format("{:.3f}", *bytes / 1024.0) : it->second;
      }
      report.add_column(kb, name);
      report.remove_column(name);
    }
  }
};

}  // namespace

std::unique_ptr<Postprocess> make_bytes2kb() { return std::make_unique<Bytes2Kb>(); }

}  // namespace mlonmcu::report
