// Where TVM is: a `tvmc` the user configured, either as a command (tvm.tvmc, e.g. `tvmc` from a
// pip install) or as a Python that has the `tvm` package (tvm.python, run as
// `<python> -m tvm.driver.tvmc`), with tvm.pythonpath added to PYTHONPATH (an unpacked TVM
// tarball: DIR/tvm/python:DIR). BUILD runs `tvmc compile` in a work directory beside the run's
// build directory (tvmc writes its cache and the archive there, which need not be part of the
// BUILD's cache entry) under tvm.timeout; its output goes to build/tvmc.log. The session's
// cache keeps the BUILD (the model, the options, and tvmc_identity() in its key), so one model
// and config compiles once for every target and session.
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
  std::string archive_name;          // file name of the archive in work_dir
  fs::path out_dir;                  // the run's build dir: tvmc.log
  fs::path work_dir;                 // tvmc's working dir and the archive
  std::chrono::seconds timeout{600};
};

// Runs `tvmc compile` and returns the archive in work_dir; out_dir/tvmc.log has the command and
// its output. Throws Error(Timeout) when it hangs,
// Error(Toolchain) with the end of its error output when it fails or writes no archive.
fs::path run_tvmc_compile(const Tvmc& tvmc, const TvmcCompile& request);

// What a cached BUILD of this tvmc depends on besides its options: the program and the TVM
// library on tvm.pythonpath (size and modification time).
std::vector<Backend::BuildInput> tvmc_identity(const Tvmc& tvmc);

}  // namespace mlonmcu::backends::tvm
