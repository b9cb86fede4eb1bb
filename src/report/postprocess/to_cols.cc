// features2cols and config2cols: the Features and Config cells spread into one column per
// feature (feature_<name>: true/false) or per config key (config_<key>: its value, empty where
// the default applies), so a spreadsheet can sort and filter by them.
#include <map>
#include <set>

#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

namespace {

class ToCols : public Postprocess {
 public:
  ToCols(std::string name, std::string source, std::string prefix, char separator)
      : name_(std::move(name)), source_(std::move(source)), prefix_(std::move(prefix)), separator_(separator) {}
  std::string name() const override { return name_; }
  std::string description() const override { return "one column per item of " + source_; }
  void declare_config(config::Registry& r) const override {
    r.add({name_ + ".drop", config::Type::Bool, "true", "drop the " + source_ + " column", {}, {}, {}});
  }
  void apply(Report& report, const PostprocessContext& context) const override {
    const bool features = source_ == col::kFeatures;
    std::set<std::string> names;
    for (const auto& row : report.rows())
      for (const auto& item : split_list(cell(row, source_), separator_)) names.insert(item.substr(0, item.find('=')));
    std::string after = source_;
    for (const auto& name : names) {
      report.add_column({prefix_ + name, "", features ? ColumnType::Bool : ColumnType::Text, 0,
                         (features ? "feature " : "config ") + name},
                        after);
      after = prefix_ + name;
    }
    for (auto& row : report.rows()) {
      std::map<std::string, std::string> items;
      for (const auto& item : split_list(cell(row, source_), separator_)) {
        const size_t eq = item.find('=');
        items[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
      }
      for (const auto& name : names) {
        const auto it = items.find(name);
        row[prefix_ + name] = features ? (it != items.end() ? "true" : "false") : (it != items.end() ? it->second : "");
      }
    }
    if (context.config.get_bool(name_ + ".drop")) report.remove_column(source_);
  }

 private:
  std::string name_;
  std::string source_;
  std::string prefix_;
  char separator_;
};

}  // namespace

std::unique_ptr<Postprocess> make_features2cols() {
  return std::make_unique<ToCols>("features2cols", col::kFeatures, "feature_", ',');
}
std::unique_ptr<Postprocess> make_config2cols() {
  return std::make_unique<ToCols>("config2cols", col::kConfig, "config_", ' ');
}

}  // namespace mlonmcu::report
