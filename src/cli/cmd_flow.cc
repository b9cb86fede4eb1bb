// `mlonmcu flow {load,build,compile,run} MODEL... -b ... -t ... -f ... -c K=V ...
//  [--feature-gen F...] [--config-gen K=V...] [--parallel [N]] [--explain] [--resume [ID]]`:
// turns the command line into a SessionSpec, runs the session, prints its table.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <memory>
#include <thread>

#include "cli/commands.h"
#include "common/error.h"
#include "report/report.h"
#include "report/summary.h"
#include "session/session.h"

namespace mlonmcu::cli {

namespace {

struct FlowArgs {
  std::string stage;
  std::vector<std::string> models;
  std::vector<std::string> backends;
  std::vector<std::string> targets;
  std::vector<std::string> features;
  std::vector<std::string> configs;
  std::vector<std::vector<std::string>> feature_gen;
  std::vector<std::vector<std::string>> config_gen;
  std::string label;
  bool explain = false;
  std::string resume;
  CLI::Option* resume_option = nullptr;
  std::string parallel;
  CLI::Option* parallel_option = nullptr;
  bool progress = true;
  CLI::Option* progress_option = nullptr;
  std::vector<std::string> columns;
  std::vector<std::string> postprocesses;
};

// --config-gen takes several K=V per alternative; a word without '=' is a model put after it.
void check_config_gen(const std::vector<std::vector<std::string>>& alternatives) {
  for (const auto& alternative : alternatives)
    for (const auto& kv : alternative)
      if (kv.find('=') == std::string::npos)
        throw Error(ErrorKind::Usage, fmt::format("--config-gen: '{}' is not key=value (put models before "
                                                  "--config-gen and --feature-gen)", kv));
}

// `--parallel` alone means one worker per CPU; `--parallel N` means N.
int parallel_jobs(const FlowArgs& args) {
  if (args.parallel_option == nullptr || args.parallel_option->count() == 0) return 1;
  if (args.parallel.empty()) {
    const unsigned cpus = std::thread::hardware_concurrency();
    return cpus == 0 ? 1 : static_cast<int>(cpus);
  }
  int jobs = 0;
  const auto* end = args.parallel.data() + args.parallel.size();
  const auto [ptr, ec] = std::from_chars(args.parallel.data(), end, jobs);
  if (ec != std::errc() || ptr != end || jobs < 1 || jobs > 1024) {
    throw Error(ErrorKind::Usage, fmt::format("--parallel: expected a number of workers (1-1024), got '{}'",
                                              args.parallel));
  }
  return jobs;
}

}  // namespace

CommandRunner add_flow_command(CLI::App& app) {
  auto args = std::make_shared<FlowArgs>();
  CLI::App* cmd = app.add_subcommand("flow", "Run models through backends and targets, one report row per run");
  cmd->add_option("stage", args->stage, "Last stage: load, build, compile or run")
      ->required()
      ->check(CLI::IsMember({"load", "build", "compile", "run"}));
  cmd->add_option("models", args->models, "Model names, group names or model files (none with --resume)");
  // One value per flag (repeat the flag, or separate with commas) so options never swallow models.
  cmd->add_option("-b,--backend", args->backends, "Backend (default interp)")->allow_extra_args(false)->delimiter(',');
  cmd->add_option("-t,--target", args->targets, "Target (default host_x86)")->allow_extra_args(false)->delimiter(',');
  cmd->add_option("-f,--feature", args->features, "Feature to enable")->allow_extra_args(false)->delimiter(',');
  cmd->add_option("-c,--config", args->configs, "Configuration K=V, e.g. interp.arena_size=32768")
      ->allow_extra_args(false);
  cmd->add_option("--feature-gen", args->feature_gen,
                  "Feature alternative (repeatable): each makes its own runs with these features added; _ = none")
      ->expected(1, -1);
  cmd->add_option("--config-gen", args->config_gen,
                  "Config alternative (repeatable): each makes its own runs with these K=V added")
      ->expected(1, -1);
  cmd->add_option("--label", args->label, "Label of the session");
  cmd->add_flag("--explain", args->explain, "Say for every task why it ran or was reused");
  args->resume_option =
      cmd->add_option("--resume", args->resume, "Continue session ID (alone: the latest): only unfinished tasks run")
          ->expected(0, 1);
  args->parallel_option =
      cmd->add_option("--parallel", args->parallel, "Run N runs at a time (alone: one per CPU)")->expected(0, 1);
  args->progress_option = cmd->add_flag("--progress,!--no-progress", args->progress,
                                        "Live progress on a terminal, a line per finished run otherwise");
  add_table_columns_option(*cmd, args->columns);
  cmd->add_option("--postprocess", args->postprocesses,
                  "Transform the report (repeatable, in order): filter_cols, rename_cols, compare_rows, features2cols, "
                  "config2cols, bytes2kb, visualize, export_outputs; options as -c <name>.<key>=V")
      ->allow_extra_args(false)
      ->delimiter(',');

  return [args](const GlobalOptions& global) {
    check_config_gen(args->config_gen);
    session::SessionSpec spec;
    if (args->resume_option->count() != 0) {
      // The session log says what the session runs; the command line only how.
      if (!args->models.empty() || !args->backends.empty() || !args->targets.empty() || !args->features.empty() ||
          !args->configs.empty() || !args->feature_gen.empty() || !args->config_gen.empty() ||
          !args->postprocesses.empty())
        throw Error(ErrorKind::Usage, "--resume continues a session as it was started: give no models, -b, -t, -f, "
                                      "-c, --feature-gen, --config-gen or --postprocess");
      spec.resume = args->resume;
    } else if (args->models.empty()) {
      throw Error(ErrorKind::Usage, "no model given (see `mlonmcu models`)");
    }
    const auto env = open_environment(global);
    spec.models = args->models;
    spec.backends = args->backends.empty() ? std::vector<std::string>{"interp"} : args->backends;
    spec.targets = args->targets.empty() ? std::vector<std::string>{"host_x86"} : args->targets;
    spec.features = args->features;
    spec.configs = args->configs;  // run_session puts the environment's defaults before them
    spec.feature_gen = args->feature_gen;
    spec.config_gen = args->config_gen;
    spec.postprocesses = args->postprocesses;
    spec.label = args->label;
    spec.explain = args->explain;
    spec.until = session::stage_from_arg(args->stage);
    spec.parallel = parallel_jobs(*args);
    const bool progress_given = args->progress_option->count() != 0;
    spec.progress = progress_given ? args->progress : global.verbosity >= 0;
    spec.verbosity = global.verbosity;

    spdlog::debug("session: {} model(s) x {} backend(s) x {} target(s), {} worker(s)", spec.models.size(),
                  spec.backends.size(), spec.targets.size(), spec.parallel);
    report::TableOptions table;
    table.columns = args->columns;
    // Postprocesses may add or rename columns: then the names are checked against their report.
    if (spec.postprocesses.empty()) report::check_column_names(report::Report(), table.columns);
    const auto result = session::run_session(env, spec);
    report::check_column_names(result.report, table.columns);

    fmt::print("{}", report::format_table(result.report, table));
    if (!result.report_csv.empty()) fmt::print("report: {}\n", result.report_csv.string());
    const report::RunCounts counts = report::count_runs(result.report);
    if (counts.failed != 0) fmt::print(stderr, "mlonmcu: {} of {} run(s) failed (see above)\n", counts.failed, counts.runs);
    if (result.interrupted) {
      fmt::print(stderr, "mlonmcu: interrupted; the report holds the runs finished so far\n");
      return kExitInterrupted;
    }
    return result.all_ok ? kExitOk : kExitFailed;
  };
}

}  // namespace mlonmcu::cli
