// The environment (MLONMCU_HOME): a directory with environment.yml (model directories,
// defaults), deps/ (cached runtime libraries), temp/sessions/, results/.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mlonmcu::environment {

namespace fs = std::filesystem;

struct Environment {
  fs::path home;
  std::string name;
  std::vector<fs::path> model_dirs;      // absolute
  std::vector<std::string> default_configs;  // "K=V" applied before the command line's -c
  fs::path deps_dir() const { return home / "deps"; }
  fs::path sessions_dir() const { return home / "temp" / "sessions"; }
  fs::path results_dir() const { return home / "results"; }
};

struct InitOptions {
  std::string name = "default";
  std::vector<fs::path> model_dirs;  // empty: <home>/models
  bool overwrite = false;
};

// Creates the directory tree and environment.yml; throws Usage if one exists (unless overwrite).
Environment init_environment(const fs::path& home, const InitOptions& options);

// Reads <home>/environment.yml; throws Usage/Config with a clear message when missing or bad.
Environment load_environment(const fs::path& home);

// Where the environment is: --home, else $MLONMCU_HOME, else the default `init` recorded in
// ~/.config/mlonmcu/default-home, else ~/.config/mlonmcu/environments/default or ~/mlonmcu,
// whichever holds environment.yml.
// Throws Usage saying how to create one when none is found.
fs::path find_home(const std::optional<fs::path>& cli_home);

}  // namespace mlonmcu::environment
