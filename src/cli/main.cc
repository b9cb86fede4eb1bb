// `mlonmcu`: parses the command line, runs one subcommand, and turns every error into one
// line on stderr and an exit code (2: the command line is wrong, 1: something failed).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <map>
#include <string>

#include "cli/commands.h"
#include "common/error.h"

#ifndef MLONMCU_VERSION
#define MLONMCU_VERSION "0.1.0"
#endif

namespace mlonmcu::cli {

namespace {

void setup_logging(int verbosity) {
  auto logger = spdlog::stderr_color_mt("mlonmcu");
  logger->set_pattern("%^[%l]%$ %v");
  spdlog::set_default_logger(logger);
  if (verbosity < 0) {
    spdlog::set_level(spdlog::level::err);
  } else if (verbosity == 0) {
    spdlog::set_level(spdlog::level::warn);
  } else if (verbosity == 1) {
    spdlog::set_level(spdlog::level::info);
  } else if (verbosity == 2) {
    spdlog::set_level(spdlog::level::debug);
  } else {
    spdlog::set_level(spdlog::level::trace);
  }
}

// One line, always; the rest of a long message (a compiler's output) only with -v.
int report_error(const std::string& message, const char* kind, int exit_code, int verbosity) {
  const size_t newline = message.find('\n');
  const std::string first = message.substr(0, newline);
  const bool more = newline != std::string::npos && message.find_first_not_of(" \t\r\n", newline) != std::string::npos;
  if (more && verbosity <= 0) {
    fmt::print(stderr, "mlonmcu: error: {} (-v for details)\n", first);
  } else {
    fmt::print(stderr, "mlonmcu: error: {}\n", first);
    if (more) fmt::print(stderr, "{}\n", message.substr(newline + 1));
  }
  if (verbosity > 0) fmt::print(stderr, "mlonmcu: error kind: {}\n", kind);
  return exit_code;
}

bool is_global_option(const std::string& arg) {
  if (arg == "--home" || arg.rfind("--home=", 0) == 0) return true;
  if (arg == "--verbose" || arg == "--quiet" || arg == "--version" || arg == "--help") return true;
  // Short flags, also bundled: -h, -v, -vv, -vq.
  return arg.size() > 1 && arg[0] == '-' && arg[1] != '-' && arg.find_first_not_of("vqh", 1) == std::string::npos;
}

// CLI11 reports a misspelled command or global option as "a subcommand is required"; name
// the word that was wrong instead. Empty when the words before the command look right.
std::string explain_before_command(int argc, char** argv, const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--home") {
      ++i;  // its value
      continue;
    }
    if (!arg.empty() && arg[0] == '-') {
      if (is_global_option(arg)) continue;
      return fmt::format("unknown option '{}' (see mlonmcu --help)", arg);
    }
    if (std::find(names.begin(), names.end(), arg) != names.end()) return "";
    return fmt::format("unknown command '{}' (commands: {})", arg, fmt::join(names, ", "));
  }
  return fmt::format("no command given (commands: {})", fmt::join(names, ", "));
}

int run(int argc, char** argv) {
  CLI::App app{"MLonMCU: deploy TinyML models to microcontrollers and measure them", "mlonmcu"};
  app.require_subcommand(1);
  app.fallthrough();  // `mlonmcu flow run aww -v` works like `mlonmcu -v flow run aww`
  app.set_version_flag("--version", "mlonmcu " MLONMCU_VERSION);
  std::string home;
  int verbose = 0;
  bool quiet = false;
  app.add_option("--home", home,
                 "Environment directory (default: $MLONMCU_HOME, then the one the last `mlonmcu init` recorded in "
                 "~/.config/mlonmcu/default-home, then ~/mlonmcu)");
  app.add_flag("-v,--verbose", verbose, "More detail (repeatable: -vv, -vvv)");
  app.add_flag("-q,--quiet", quiet, "Only errors");

  std::map<std::string, CommandRunner> runners;
  for (auto add : {add_init_command, add_models_command, add_flow_command, add_setup_command, add_env_command,
                   add_config_command, add_results_command, add_cleanup_command, add_export_command, add_report_command}) {
    CommandRunner runner = add(app);
    runners[app.get_subcommands({}).back()->get_name()] = std::move(runner);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::string message;
    if (app.get_subcommands().empty() && e.get_name() == "RequiredError") {
      message = explain_before_command(argc, argv, app);
    }
    if (message.empty()) {
      message = e.what();
      if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
      const auto chosen = app.get_subcommands();
      message += chosen.empty() ? std::string(" (see mlonmcu --help)")
                                : fmt::format(" (see mlonmcu {} --help)", chosen.front()->get_name());
    }
    return report_error(message, "usage", kExitUsage, 0);
  }

  GlobalOptions global;
  if (!home.empty()) global.home = home;
  global.verbosity = quiet ? -1 : verbose;
  setup_logging(global.verbosity);

  try {
    for (const CLI::App* sub : app.get_subcommands()) return runners.at(sub->get_name())(global);
    return report_error("no command given", "usage", kExitUsage, global.verbosity);
  } catch (const Error& e) {
    const bool usage = e.kind() == ErrorKind::Usage || e.kind() == ErrorKind::Config;
    return report_error(e.what(), std::string(error_kind_name(e.kind())).c_str(), usage ? kExitUsage : kExitFailed,
                        global.verbosity);
  } catch (const std::exception& e) {
    return report_error(fmt::format("internal error: {}", e.what()), "internal", kExitFailed, global.verbosity);
  }
}

}  // namespace

environment::Environment open_environment(const GlobalOptions& global) {
  const auto home = environment::find_home(global.home);
  spdlog::info("environment: {}", home.string());
  return environment::load_environment(home);
}

}  // namespace mlonmcu::cli

int main(int argc, char** argv) {
  try {
    return mlonmcu::cli::run(argc, argv);
  } catch (const std::exception& e) {  // e.g. while setting up logging
    fmt::print(stderr, "mlonmcu: error: internal error: {}\n", e.what());
    return mlonmcu::cli::kExitFailed;
  }
}
