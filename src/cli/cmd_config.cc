// `mlonmcu config [COMPONENT]`: every config key the components declare, with type, default and
// help, so `-c component.key=value` can be looked up instead of guessed.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "common/error.h"
#include "session/config_registry.h"
#include "session/session.h"

namespace mlonmcu::cli {

namespace {

const char* type_name(config::Type type) {
  switch (type) {
    case config::Type::Bool: return "bool";
    case config::Type::Int: return "int";
    case config::Type::Float: return "float";
    case config::Type::String: return "string";
    case config::Type::Choice: return "choice";
    case config::Type::Path: return "path";
  }
  return "?";
}

}  // namespace

CommandRunner add_config_command(CLI::App& app) {
  auto component = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("config", "List config keys (-c component.key=value) and features");
  cmd->add_option("component", *component, "Only this component (e.g. interp, rv32_qemu, benchmark)");
  return [component](const GlobalOptions&) {
    const auto& keys = session::config_registry().keys();
    size_t shown = 0;
    for (const auto& [key, def] : keys) {
      if (!component->empty() && key.rfind(*component + ".", 0) != 0) continue;
      std::string allowed;
      if (def.type == config::Type::Choice) {
        for (const auto& c : def.choices) allowed += (allowed.empty() ? "" : "|") + c;
      } else if (def.min || def.max) {
        allowed = fmt::format("{}..{}", def.min ? std::to_string(*def.min) : "", def.max ? std::to_string(*def.max) : "");
      }
      fmt::print("{:<24} {:<7} default {:<16} {}{}\n", key, type_name(def.type),
                 def.default_value.empty() ? "\"\"" : def.default_value, def.help,
                 allowed.empty() ? "" : " [" + allowed + "]");
      ++shown;
    }
    if (!component->empty() && shown == 0)
      throw Error(ErrorKind::Usage, fmt::format("no config keys for component '{}'", *component));
    if (component->empty()) {
      fmt::print("\nfeatures (-f):\n");
      for (const auto& f : session::known_features()) fmt::print("  {:<14} {}\n", f.name, f.help);
    }
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
