// rename_cols: new names for columns ("Run Instructions:Instr,Total ROM:ROM").
#include <fmt/format.h>

#include "common/error.h"
#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

namespace {

class RenameCols : public Postprocess {
 public:
  std::string name() const override { return "rename_cols"; }
  std::string description() const override { return "rename columns"; }
  void declare_config(config::Registry& r) const override {
    r.add({"rename_cols.mapping", config::Type::String, "", "OLD:NEW pairs, comma separated", {}, {}, {}});
  }
  void apply(Report& report, const PostprocessContext& context) const override {
    for (const auto& pair : split_list(context.config.get_string("rename_cols.mapping"))) {
      const size_t colon = pair.rfind(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size())
        throw Error(ErrorKind::Config, fmt::format("rename_cols.mapping: '{}' is not OLD:NEW", pair));
      const std::string from = pair.substr(0, colon);
      require_columns(report, {from}, "rename_cols.mapping");
      report.rename_column(from, pair.substr(colon + 1));
    }
  }
};

}  // namespace

std::unique_ptr<Postprocess> make_rename_cols() { return std::make_unique<RenameCols>(); }

}  // namespace mlonmcu::report
