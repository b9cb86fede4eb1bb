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
#include "backends/backend.h"
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


// Install lines in first-seen order, each once.
void add_line(std::vector<std::string>& lines, const std::string& line) {
  if (!line.empty() && std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
}

void print_targets(const config::Config& cfg, bool list_only, std::vector<std::string>& install_lines) {
  const auto names = targets::target_names();
  size_t width = 0;
  for (const auto& name : names) width = std::max(width, name.size());
  for (const auto& name : names) {
    const auto target = targets::make_target(name);
    const auto tools = target->tools(cfg);
    size_t missing = 0;
    for (const auto& tool : tools) missing += tool.found || tool.optional ? 0 : 1;
    if (list_only) {
      fmt::print("{:<{}}  {:<7}  {}\n", name, width, missing == 0 ? "ready" : "missing", target->description());
      continue;
    }
    fmt::print("{}: {}\n", name, target->description());
    for (const auto& tool : tools) {
      // An optional tool that cannot be had is "n/a": the target stays ready for the others.
      const char* status = tool.found ? "found" : tool.optional ? (tool.install_hint.empty() ? "n/a" : "absent") : "MISSING";
      std::string detail;
      if (!tool.found && !tool.install_hint.empty()) detail = "  -> " + tool.install_hint;
      if (!tool.note.empty() && (!tool.found || tool.optional)) detail += "  (" + tool.note + ")";
      fmt::print("  {:<8} {}{}\n", status, tool.name, detail);
      if (!tool.found) add_line(install_lines, tool.install_hint);
    }
  }
}

// A requirement is met when found, or when another of its group (alternatives) is.
bool met(const backends::Requirement& r, const std::vector<backends::Requirement>& all) {
  return r.found || (!r.group.empty() && std::any_of(all.begin(), all.end(), [&](const backends::Requirement& o) {
                       return o.group == r.group && o.found;
                     }));
}

// Frameworks that backends need besides the targets' tools (a TFLite-Micro checkout; tvmc or
// MLF archives for the TVM backends).
void print_backends(const config::Config& cfg, bool list_only, std::vector<std::string>& get_lines) {
  for (const auto& name : backends::backend_names()) {
    const auto backend = backends::make_backend(name);
    const auto requirements = backend->requirements(cfg);
    const bool ready = std::all_of(requirements.begin(), requirements.end(),
                                   [&](const backends::Requirement& r) { return met(r, requirements); });
    if (list_only) {
      fmt::print("backend {:<10}  {:<7}  {}\n", name, ready ? "ready" : "missing", backend->description());
      continue;
    }
    fmt::print("backend {}: {}\n", name, backend->description());
    if (requirements.empty()) fmt::print("  built in\n");
    for (const auto& r : requirements) {
      // "absent": an alternative that is not needed because another of its group is there.
      const char* status = r.found ? "found" : met(r, requirements) ? "absent" : "MISSING";
      const bool none_of_group = !r.group.empty() && !met(r, requirements);
      fmt::print("  {:<8} {}{}{}\n", status, r.name, r.detail.empty() ? "" : ": " + r.detail,
                 none_of_group ? " (one " + r.group + " source is enough)" : "");
      if (!met(r, requirements)) add_line(get_lines, r.how_to_get);
    }
  }
}

}  // namespace

CommandRunner add_setup_command(CLI::App& app) {
  auto list = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("setup", "Check the tools each target and backend needs and say how to get them");
  cmd->add_flag("--list", *list, "Only list the targets and backends and whether they are ready");
  return [list](const GlobalOptions& global) {
    const auto cfg = setup_config(global);
    std::vector<std::string> install_lines, get_lines;
    print_targets(cfg, *list, install_lines);
    print_backends(cfg, *list, get_lines);
    if (*list) return kExitOk;
    if (install_lines.empty() && get_lines.empty()) fmt::print("\nall tools found\n");
    if (!install_lines.empty()) {
      fmt::print("\nto install what is missing:\n");
      for (const auto& line : install_lines) fmt::print("  {}\n", line);
    }
    if (!get_lines.empty()) {
      fmt::print("\nto get what backends miss:\n");
      for (const auto& line : get_lines) fmt::print("  {}\n", line);
    }
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
