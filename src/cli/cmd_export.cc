// `mlonmcu export [DEST] [--session ID] [--run ID]`: an aot run as a self-contained folder with
// a CMake library target (deploy/export.h).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <memory>

#include "cli/commands.h"
#include "deploy/export.h"

namespace mlonmcu::cli {

namespace {

struct ExportOptions {
  std::string dest, session, run;
};

}  // namespace

CommandRunner add_export_command(CLI::App& app) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* sub = app.add_subcommand(
      "export",
      "Export an aot run as a folder with the generated C, its kernels and a CMake project");
  sub->add_option("dest", options->dest, "Folder to create (default: ./<model>_aot)");
  sub->add_option("--session", options->session, "Session id (default: the latest)");
  sub->add_option("--run", options->run, "Run id in the session (default: its first aot run)");
  return [options](const GlobalOptions& global) {
    const auto env = open_environment(global);
    deploy::ExportRequest request;
    request.sessions_dir = env.sessions_dir();
    if (!options->session.empty()) request.session = options->session;
    if (!options->run.empty()) request.run = options->run;
    if (!options->dest.empty()) request.dest = std::filesystem::absolute(options->dest);
    const deploy::ExportResult r = deploy::export_run(request);
    fmt::print("exported {} (session {}, run {}) to {}: {} files\n", r.model, r.session, r.run,
               r.dest.string(), r.files.size());
    std::string example = r.prefix;
    for (char& c : example) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    fmt::print("build it: cmake -S {0} -B {0}/build -D{1}_EXAMPLE=ON && cmake --build {0}/build\n",
               r.dest.string(), example);
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
