// `mlonmcu cleanup [--keep N] [--deps]`: removes old sessions and the cached task outputs no kept
// session uses; --deps also removes the runtime libraries and every cached output.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "common/file_system.h"
#include "session/cleanup.h"

namespace mlonmcu::cli {

namespace {

struct CleanupArgs {
  size_t keep = 10;
  bool deps = false;
};

}  // namespace

CommandRunner add_cleanup_command(CLI::App& app) {
  auto args = std::make_shared<CleanupArgs>();
  CLI::App* cmd = app.add_subcommand("cleanup", "Remove old sessions and cached outputs no kept session uses");
  cmd->add_option("--keep", args->keep, "Sessions to keep, the newest")->capture_default_str();
  cmd->add_flag("--deps", args->deps, "Also remove deps/: runtime libraries and all cached task outputs");
  return [args](const GlobalOptions& global) {
    const auto env = open_environment(global);
    const auto r = session::cleanup_environment(real_file_system(), env, args->keep, args->deps);
    fmt::print("removed {} session(s), kept {}; removed {} cached {}; {:.1f} MB freed\n", r.sessions_removed,
               r.sessions_kept, r.entries_removed, args->deps ? "file(s) in deps/" : "task output(s)",
               static_cast<double>(r.bytes_freed) / 1e6);
    return kExitOk;
  };
}

}  // namespace mlonmcu::cli
