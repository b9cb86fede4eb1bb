// The `mlonmcu` subcommands. Each cmd_*.cc registers one subcommand on the app and returns
// the function that runs it after parsing, so parsing (CLI11) and doing (our code) stay apart
// and every error leaves through main()'s single error path.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "environment/environment.h"

namespace CLI {
class App;
}

namespace mlonmcu::cli {

// Options given before the subcommand.
struct GlobalOptions {
  std::optional<std::filesystem::path> home;  // --home
  int verbosity = 0;                          // -v count, -1 with -q
};

// Runs the chosen subcommand; returns the process exit code.
using CommandRunner = std::function<int(const GlobalOptions&)>;

CommandRunner add_init_command(CLI::App& app);
CommandRunner add_models_command(CLI::App& app);
CommandRunner add_flow_command(CLI::App& app);
CommandRunner add_setup_command(CLI::App& app);
CommandRunner add_env_command(CLI::App& app);
CommandRunner add_config_command(CLI::App& app);
CommandRunner add_results_command(CLI::App& app);
CommandRunner add_cleanup_command(CLI::App& app);
CommandRunner add_export_command(CLI::App& app);
CommandRunner add_report_command(CLI::App& app);

// `--columns A,B,...`: the terminal table's columns (default: the main metrics).
void add_table_columns_option(CLI::App& app, std::vector<std::string>& columns);

// The environment the global options point to (find_home + load_environment).
environment::Environment open_environment(const GlobalOptions& global);

// Exit codes.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

}  // namespace mlonmcu::cli
