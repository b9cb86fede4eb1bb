// `mlonmcu report --columns`: what the report's columns mean (the column table, columns.def).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "common/error.h"
#include "report/columns.h"

namespace mlonmcu::cli {

void add_table_columns_option(CLI::App& app, std::vector<std::string>& columns) {
  app.add_option("--columns", columns,
                 "Columns of the terminal table, comma separated (default: the main metrics; see `mlonmcu report "
                 "--columns`)")
      ->delimiter(',')
      ->allow_extra_args(false);
}

CommandRunner add_report_command(CLI::App& app) {
  auto columns = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand("report", "About the session reports");
  sub->add_flag("--columns", *columns, "List every report column with its type, unit and meaning");
  return [columns](const GlobalOptions&) {
    if (!*columns) throw Error(ErrorKind::Usage, "report: say what to show (--columns)");
    fmt::print("{}", report::describe_columns());
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
