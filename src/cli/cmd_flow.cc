// `mlonmcu flow {load,tune,build,compile,run} MODEL... -b ... -t ... -f ... -c K=V ...`:
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
  std::string label;
  std::string parallel;
  CLI::Option* parallel_option = nullptr;
  bool progress = true;
  CLI::Option* progress_option = nullptr;
};

session::Stage stage_from_name(const std::string& name) {
  if (name == "load") return session::Stage::Load;
  if (name == "tune") return session::Stage::Tune;
  if (name == "build") return session::Stage::Build;
  if (name == "compile") return session::Stage::Compile;
  return session::Stage::Postprocess;  // "run" includes postprocessing the results
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
  cmd->add_option("stage", args->stage, "Last stage: load, tune, build, compile or run")
      ->required()
      ->check(CLI::IsMember({"load", "tune", "build", "compile", "run"}));
  cmd->add_option("models", args->models, "Model names, group names or model files")->required();
  // One value per flag (repeat the flag, or separate with commas) so options never swallow models.
  cmd->add_option("-b,--backend", args->backends, "Backend (default interp)")->allow_extra_args(false)->delimiter(',');
  cmd->add_option("-t,--target", args->targets, "Target (default host_x86)")->allow_extra_args(false)->delimiter(',');
  cmd->add_option("-f,--feature", args->features, "Feature to enable")->allow_extra_args(false)->delimiter(',');
  cmd->add_option("-c,--config", args->configs, "Configuration K=V, e.g. interp.arena_size=32768")
      ->allow_extra_args(false);
  cmd->add_option("--label", args->label, "Label of the session");
  args->parallel_option =
      cmd->add_option("--parallel", args->parallel, "Run N runs at a time (alone: one per CPU)")->expected(0, 1);
  args->progress_option = cmd->add_flag("--progress,!--no-progress", args->progress, "Print a line per finished run");

  return [args](const GlobalOptions& global) {
    const auto env = open_environment(global);
    session::SessionSpec spec;
    spec.models = args->models;
    spec.backends = args->backends.empty() ? std::vector<std::string>{"interp"} : args->backends;
    spec.targets = args->targets.empty() ? std::vector<std::string>{"host_x86"} : args->targets;
    spec.features = args->features;
    spec.configs = args->configs;  // run_session puts the environment's defaults before them
    spec.label = args->label;
    spec.until = stage_from_name(args->stage);
    spec.parallel = parallel_jobs(*args);
    const bool progress_given = args->progress_option->count() != 0;
    spec.progress = progress_given ? args->progress : global.verbosity >= 0;
    spec.verbosity = global.verbosity;

    spdlog::debug("session: {} model(s) x {} backend(s) x {} target(s), {} worker(s)", spec.models.size(),
                  spec.backends.size(), spec.targets.size(), spec.parallel);
    const auto result = session::run_session(env, spec);

    fmt::print("{}", report::format_table(result.report));
    if (!result.report_csv.empty()) fmt::print("report: {}\n", result.report_csv.string());
    size_t failed = 0;
    size_t runs = 0;
    for (const auto& row : result.report.rows()) {
      const auto sub = row.find("Sub");
      if (sub != row.end() && !sub->second.empty()) continue;  // per-layer rows belong to a run
      ++runs;
      const auto failing = row.find("Failing");
      if (failing != row.end() && (failing->second == "True" || failing->second == "true" || failing->second == "1")) {
        ++failed;
      }
    }
    if (failed != 0) fmt::print(stderr, "mlonmcu: {} of {} run(s) failed (see Reason)\n", failed, runs);
    if (result.interrupted) {
      fmt::print(stderr, "mlonmcu: interrupted; the report holds the runs finished so far\n");
      return kExitInterrupted;
    }
    return result.all_ok ? kExitOk : kExitFailed;
  };
}

}  // namespace mlonmcu::cli
