// Postprocesses (`flow run --postprocess NAME`): named transformations of the session report,
// applied in the order given after the runs, before the report files are written. Names and
// behaviour follow the Python MLonMCU. Each is one file in this folder; registry.cc lists them.
// Their options are config keys `<name>.<key>` (`-c compare_rows.to=backend=tflmi`), declared
// and checked like every other config key.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "report/report.h"

namespace mlonmcu::report {

struct PostprocessContext {
  const config::Config& config;       // the session's configuration (defaults, environment, -c)
  std::filesystem::path session_dir;  // where report files go (temp/sessions/<id>); empty: a dry run that writes nothing
};

class Postprocess {
 public:
  virtual ~Postprocess() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;
  virtual void declare_config(config::Registry& registry) const { (void)registry; }
  // Throws Error(Config) for options that do not fit the report (an unknown column).
  virtual void apply(Report& report, const PostprocessContext& context) const = 0;
};

std::vector<std::unique_ptr<Postprocess>> all_postprocesses();
std::vector<std::string> postprocess_names();
// Throws Error(Usage) naming the known postprocesses.
void check_postprocess_names(const std::vector<std::string>& names);
void declare_postprocess_configs(config::Registry& registry);
void apply_postprocesses(Report& report, const std::vector<std::string>& names, const PostprocessContext& context);

// Option helpers: a comma separated list ("" = none), and a check that each name is a column.
std::vector<std::string> split_list(const std::string& text, char separator = ',');
void require_columns(const Report& report, const std::vector<std::string>& names, const std::string& option);

}  // namespace mlonmcu::report
