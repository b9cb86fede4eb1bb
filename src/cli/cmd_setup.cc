// `mlonmcu setup [--list]`: which tools each target needs, which are there, and the apt-get
// line for the ones that are not, so a user never has to guess a package name.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "cli/commands.h"
#include "common/error.h"
#include "config/config.h"
#include "session/config_registry.h"
#include "targets/target.h"

namespace mlonmcu::cli {

namespace {

// The environment's defaults (e.g. a target's compiler path) as tools() should see them.
// Setup works without an environment, and with a broken one it says so and goes on.
config::Config setup_config(const GlobalOptions& global) {
  try {
    const auto env = open_environment(global);
    return config::Config::parse(session::config_registry(), env.default_configs);
  } catch (const Error& e) {
    // No environment at all is normal before `init`; a broken one deserves a warning.
    if (e.kind() == ErrorKind::Usage) {
      spdlog::info("using built-in defaults: {}", e.what());
    } else {
      spdlog::warn("using built-in defaults: {}", e.what());
    }
  }
  return config::Config::parse(session::config_registry(), {});
}

}  // namespace

CommandRunner add_setup_command(CLI::App& app) {
  auto list = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("setup", "Check the tools each target needs and say how to install them");
  cmd->add_flag("--list", *list, "Only list the targets and whether they are ready");
  return [list](const GlobalOptions& global) {
    const auto names = targets::target_names();
    const auto cfg = setup_config(global);

    std::vector<std::string> install_lines;
    size_t width = 0;
    for (const auto& name : names) width = std::max(width, name.size());
    for (const auto& name : names) {
      const auto target = targets::make_target(name);
      const auto tools = target->tools(cfg);
      size_t missing = 0;
      for (const auto& tool : tools) missing += tool.found ? 0 : 1;
      if (*list) {
        fmt::print("{:<{}}  {:<7}  {}\n", name, width, missing == 0 ? "ready" : "missing", target->description());
        continue;
      }
      fmt::print("{}: {}\n", name, target->description());
      for (const auto& tool : tools) {
        fmt::print("  {:<8} {}{}\n", tool.found ? "found" : "MISSING", tool.name,
                   tool.found || tool.install_hint.empty() ? "" : "  -> " + tool.install_hint);
        if (!tool.found && !tool.install_hint.empty() &&
            std::find(install_lines.begin(), install_lines.end(), tool.install_hint) == install_lines.end()) {
          install_lines.push_back(tool.install_hint);
        }
      }
    }
    if (!*list) {
      if (install_lines.empty()) {
        fmt::print("\nall tools found\n");
      } else {
        fmt::print("\nto install what is missing:\n");
        for (const auto& line : install_lines) fmt::print("  {}\n", line);
      }
    }
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
