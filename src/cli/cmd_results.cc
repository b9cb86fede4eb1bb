// `mlonmcu results [--session ID] [--model M] [--target T] [--last N] [--list] [--columns C,...]`:
// rows recorded in the environment's results database, as the terminal table;
// `mlonmcu results compare A B [--threshold PCT] [--metrics M,...]`: two sessions side by side. Without --session or --last it
// shows the latest session (the latest one with matching rows when --model/--target are given).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <system_error>

#include "cli/commands.h"
#include "common/error.h"
#include "report/compare.h"
#include "report/results_db.h"

namespace mlonmcu::cli {

namespace {

struct CompareArgs {
  std::string a, b;
  double threshold = 0;
  std::vector<std::string> metrics;
  std::vector<std::string> match;
};

// `results compare A B`: exit 1 on a regression, for CI.
int compare_sessions(const std::filesystem::path& db_path, const CompareArgs& args) {
  report::ResultsQuery qa, qb;
  qa.session = args.a;
  qb.session = args.b;
  const report::Report a = report::query_results(db_path, qa);
  const report::Report b = report::query_results(db_path, qb);
  for (const auto& [id, rows] : {std::pair{args.a, &a}, std::pair{args.b, &b}})
    if (rows->rows().empty()) throw Error(ErrorKind::Usage, fmt::format("results compare: no session '{}' recorded (see results --list)", id));
  const report::CompareOptions options{args.threshold, args.metrics, args.match};
  const report::Comparison comparison = report::compare_reports(a, b, options);
  fmt::print("{}", report::format_comparison(comparison, args.a, args.b, options));
  return comparison.regressions() == 0 ? kExitOk : kExitFailed;
}

struct ResultsOptions {
  std::string session;
  std::string model;
  std::string target;
  int64_t last = 0;
  bool list = false;
  std::vector<std::string> columns;
};

int list_sessions(const std::filesystem::path& db_path) {
  const auto sessions = report::list_sessions(db_path);
  if (sessions.empty()) {
    fmt::print("no sessions recorded in {}\n", db_path.string());
    return kExitOk;
  }
  for (const auto& s : sessions) {
    fmt::print("{:<12} {}  {:>5} rows  {}\n", s.id, s.created, s.rows, s.label);
  }
  return kExitOk;
}

}  // namespace

CommandRunner add_results_command(CLI::App& app) {
  auto options = std::make_shared<ResultsOptions>();
  CLI::App* sub = app.add_subcommand("results", "Show results recorded in the environment's database");
  sub->add_option("--session", options->session, "Only this session id");
  sub->add_option("--model", options->model, "Only rows of this model");
  sub->add_option("--target", options->target, "Only rows of this target");
  sub->add_option("--last", options->last, "The N most recent sessions (with matching rows)")
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  sub->add_flag("--list", options->list, "List the recorded sessions instead of their rows");
  add_table_columns_option(*sub, options->columns);
  auto compare = std::make_shared<CompareArgs>();
  CLI::App* cmp = sub->add_subcommand("compare", "Two sessions side by side; exit 1 when a metric regresses");
  cmp->add_option("A", compare->a, "The session compared against (the baseline)")->required();
  cmp->add_option("B", compare->b, "The new session")->required();
  cmp->add_option("--threshold", compare->threshold, "Percent a metric may grow before it is a regression (default 0)")
      ->check(CLI::Range(0.0, 1e9));
  cmp->add_option("--metrics", compare->metrics, "Columns to compare, comma separated (default: the main metrics)")
      ->delimiter(',')
      ->allow_extra_args(false);
  cmp->add_option("--match", compare->match,
                  "Columns that pair rows, comma separated (default: Sub, Model, Backend, Target, Features, Config; "
                  "leave out Config to compare configs)")
      ->delimiter(',')
      ->allow_extra_args(false);
  return [options, compare, cmp](const GlobalOptions& global) {
    const auto env = open_environment(global);
    const auto db_path = env.results_dir() / "results.db";
    std::error_code ec;
    if (cmp->parsed()) return compare_sessions(db_path, *compare);  // a missing database is an error there
    if (!std::filesystem::exists(db_path, ec)) {
      fmt::print("no results recorded yet ({} does not exist)\n", db_path.string());
      return kExitOk;
    }
    if (options->list) return list_sessions(db_path);

    report::ResultsQuery query;
    if (!options->session.empty()) query.session = options->session;
    if (!options->model.empty()) query.model = options->model;
    if (!options->target.empty()) query.target = options->target;
    if (options->last > 0) {
      query.last_sessions = options->last;
    } else if (!query.session) {
      query.last_sessions = 1;
    }
    const report::Report rows = report::query_results(db_path, query);
    if (rows.rows().empty()) {
      fmt::print("no matching results in {}\n", db_path.string());
      return kExitOk;
    }
    report::check_column_names(rows, options->columns);
    fmt::print("{}", report::format_table(rows, {120, options->columns}));
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
