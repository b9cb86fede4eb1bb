// `mlonmcu env`: the environment in use, and how it was found.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <system_error>

#include "cli/commands.h"

namespace mlonmcu::cli {

CommandRunner add_env_command(CLI::App& app) {
  app.add_subcommand("env", "Show the environment in use (home, model directories, defaults)");
  return [](const GlobalOptions& global) {
    const auto env = open_environment(global);
    std::error_code ec;
    fmt::print("name:     {}\n", env.name);
    fmt::print("home:     {}\n", env.home.string());
    for (const auto& dir : env.model_dirs) {
      fmt::print("models:   {}{}\n", dir.string(), std::filesystem::is_directory(dir, ec) ? "" : "  (missing)");
    }
    fmt::print("deps:     {}\n", env.deps_dir().string());
    fmt::print("sessions: {}\n", env.sessions_dir().string());
    fmt::print("results:  {}\n", env.results_dir().string());
    for (const auto& kv : env.default_configs) fmt::print("config:   {}\n", kv);
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
