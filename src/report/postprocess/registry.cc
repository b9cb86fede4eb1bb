// The one list of postprocesses. Adding one: a file with a class like filter_cols.cc, and a line here.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "common/error.h"
#include "report/postprocess/postprocess.h"
#include "report/postprocess/postprocesses.h"

namespace mlonmcu::report {

std::vector<std::unique_ptr<Postprocess>> all_postprocesses() {
  std::vector<std::unique_ptr<Postprocess>> out;
  out.push_back(make_filter_cols());
  out.push_back(make_rename_cols());
  out.push_back(make_compare_rows());
  out.push_back(make_features2cols());
  out.push_back(make_config2cols());
  out.push_back(make_bytes2kb());
  out.push_back(make_visualize());
  out.push_back(make_export_outputs());
  return out;
}

std::vector<std::string> postprocess_names() {
  std::vector<std::string> names;
  for (const auto& p : all_postprocesses()) names.push_back(p->name());
  return names;
}

void check_postprocess_names(const std::vector<std::string>& names) {
  const auto known = postprocess_names();
  for (const auto& name : names)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw Error(ErrorKind::Usage, fmt::format("unknown postprocess '{}' (postprocesses: {})", name, fmt::join(known, ", ")));
}

void declare_postprocess_configs(config::Registry& registry) {
  for (const auto& p : all_postprocesses()) p->declare_config(registry);
}

void apply_postprocesses(Report& report, const std::vector<std::string>& names, const PostprocessContext& context) {
  check_postprocess_names(names);
  const auto all = all_postprocesses();
  for (const auto& name : names)
    for (const auto& p : all)
      if (p->name() == name) p->apply(report, context);
}

std::vector<std::string> split_list(const std::string& text, char separator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    const size_t first = item.find_first_not_of(' ');
    const size_t last = item.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    start = end + 1;
  }
  return out;
}

void require_columns(const Report& report, const std::vector<std::string>& names, const std::string& option) {
  for (const auto& name : names)
    if (report.column(name) == nullptr)
      throw Error(ErrorKind::Config, fmt::format("{}: no column '{}' in the report", option, name));
}

}  // namespace mlonmcu::report
