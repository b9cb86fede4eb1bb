// `mlonmcu init [DIR]`: creates an environment without asking questions, so scripts and CI
// can set one up in one line.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <system_error>

#include "cli/commands.h"
#include "common/error.h"
#include "backends/interp/reference_outputs.h"
#include "modelbuilder/demo_models.h"
#include "models/model_info.h"

namespace mlonmcu::cli {

namespace {

namespace fs = std::filesystem;

struct InitArgs {
  std::string dir;
  std::string name = "default";
  std::vector<std::string> model_dirs;
  bool force = false;
  bool no_demo = false;
};

fs::path user_home() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    throw Error(ErrorKind::Usage, "HOME is not set: give the environment directory, `mlonmcu init DIR`");
  }
  return home;
}

// Records the environment just created as the user's default, so later commands find it without
// --home (the newest `init` wins; the previous default is named so the change is never silent).
void remember_as_default(const fs::path& home) {
  const char* user = std::getenv("HOME");
  if (user == nullptr || *user == '\0') return;
  const fs::path file = fs::path(user) / ".config" / "mlonmcu" / "default-home";
  std::error_code ec;
  std::string previous;
  if (std::ifstream in(file); in) std::getline(in, previous);
  fs::create_directories(file.parent_path(), ec);
  std::ofstream out(file);
  out << home.string() << "\n";
  if (!out) {
    spdlog::warn("could not record {} as the default environment in {}", home.string(), file.string());
  } else if (!previous.empty() && previous != home.string()) {
    fmt::print("default environment is now {} (was {}; recorded in {})\n", home.string(), previous, file.string());
  } else {
    fmt::print("default environment recorded in {}\n", file.string());
  }
}

}  // namespace

CommandRunner add_init_command(CLI::App& app) {
  auto args = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand("init", "Create an environment (default ~/mlonmcu)");
  cmd->add_option("dir", args->dir, "Directory of the new environment");
  cmd->add_option("--name", args->name, "Name of the environment")->capture_default_str();
  cmd->add_option("--models", args->model_dirs, "Further model directory (repeatable; DIR/models is always first)")
      ->allow_extra_args(false);
  cmd->add_flag("--force", args->force, "Overwrite an existing environment.yml");
  cmd->add_flag("--no-demo-models", args->no_demo, "Leave DIR/models empty (default: the project's demo models)");
  return [args](const GlobalOptions&) {
    const fs::path dir = args->dir.empty() ? user_home() / "mlonmcu" : fs::path(args->dir);
    environment::InitOptions options;
    options.name = args->name;
    options.overwrite = args->force;
    // DIR/models (the demo zoo) first, then the user's model directories.
    fs::create_directories(dir / "models");
    options.model_dirs.push_back(dir / "models");
    for (const auto& m : args->model_dirs) options.model_dirs.emplace_back(m);
    const auto env = environment::init_environment(dir, options);
    fmt::print("created environment '{}' in {}\n", env.name, env.home.string());
    for (const auto& m : env.model_dirs) fmt::print("  models: {}\n", m.string());
    // The project's demo models, so `mlonmcu flow run demo -f validate` works right after init.
    // The TFLite ones come with TFLite-Micro's outputs (demo_golden.h); the ONNX ones, which no
    // reference in the project runs, get MLonMCU's host reference (see reference_outputs.h).
    if (!args->no_demo) {
      try {
        const fs::path demo_dir = env.model_dirs.front();
        const auto names = modelbuilder::write_demo_models(demo_dir);
        for (const auto& info : models::discover_models({demo_dir}))
          if (std::find(names.begin(), names.end(), info.name) != names.end() && !info.exact_output_dir)
            backends::interp::write_reference_outputs(info);
        fmt::print("  demo models: {} (groups 'demo', 'demo_onnx')\n", fmt::join(names, ", "));
      } catch (const Error& e) {
        spdlog::warn("could not write the demo models: {}", e.what());
      }
    }
    remember_as_default(env.home);
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
