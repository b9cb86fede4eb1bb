// Where TVM is: a `tvmc` the user configured, either as a command (tvm.tvmc, e.g. `tvmc` from a
// pip install) or as a Python that has the `tvm` package (tvm.python, run as
// `<python> -m tvm.driver.tvmc`), with tvm.pythonpath added to PYTHONPATH (an unpacked TVM
// tarball: DIR/tvm/python:DIR). BUILD runs `tvmc compile` in the run's build directory (tvmc
// writes a cache there) under tvm.timeout; its output goes to build/tvmc.log. The archive it
// writes is kept in the environment's deps/tvmc/ under a content hash of the model and the
// command, so the same model and options compile once for every target and session.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "config/config.h"

namespace mlonmcu::backends::tvm {

namespace fs = std::filesystem;

void declare_tvmc_config(config::Registry& registry);

struct Tvmc {
  std::vector<std::string> command;  // up to and without "compile"
  std::string pythonpath;            // tvm.pythonpath, empty: unchanged
  std::string origin;                // "tvm.tvmc=..." or "tvm.python=...", for messages
};

// The configured tvmc, or nullopt when neither tvm.tvmc nor tvm.python is set. Throws
// Error(Toolchain) when the configured program does not exist.
std::optional<Tvmc> configured_tvmc(const config::Config& cfg);

// For `mlonmcu setup`: whether a tvmc is configured and answers `--version` (it is run).
Requirement tvmc_requirement(const config::Config& cfg);

// How to get TVM (the pinned release) and point MLonMCU at it.
std::string how_to_get_tvm();

struct TvmcCompile {
  fs::path model;
  std::vector<std::string> options;  // tvm_variants.h's tvmc_options()
  std::string archive_name;          // file name of the archive in out_dir
  fs::path out_dir;                  // the run's build dir: tvmc's working dir, log and archive
  fs::path cache_dir;                // environment deps/; empty: no cache
  std::chrono::seconds timeout{600};
};

// Runs `tvmc compile` (or takes its earlier result from deps/tvmc) and returns the archive in
// out_dir; build/tvmc.log has the command and its output. Throws Error(Timeout) when it hangs,
// Error(Toolchain) with the end of its error output when it fails or writes no archive.
fs::path run_tvmc_compile(const Tvmc& tvmc, const TvmcCompile& request);

}  // namespace mlonmcu::backends::tvm
