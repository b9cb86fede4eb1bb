// TVM's standalone C runtime (CRT) as a library a program links (targets::Library): the parts
// MLonMCU's programs use, `common` (runtime API, function registry, NDArray, TVMBackend* calls),
// `memory` (stack and page allocators) and `graph_executor` (tvmrt), compiled with MLonMCU's own
// crt_config.h (mcu/). An MLF carries the CRT in runtime/; TVM's build has it in
// build/standalone_crt. The files are copied by content into deps/tvm_crt/<digest>/, so every run
// and session builds them from the same paths and the library is compiled once per target.
#pragma once

#include <filesystem>
#include <optional>

#include "config/config.h"
#include "targets/library.h"

namespace mlonmcu::backends::tvm {

namespace fs = std::filesystem;

// True when dir holds a CRT (include/tvm/runtime/crt and src/runtime/crt).
bool is_crt_dir(const fs::path& dir);

// The CRT of TVM's installation that tvm.pythonpath points at (<tvm>/python ->
// <tvm>/build/standalone_crt), if any.
std::optional<fs::path> installed_crt(const config::Config& cfg);

// The library from crt_dir; the copy goes to cache_dir/tvm_crt (or scratch_dir without a cache).
// Throws Error(Toolchain) when crt_dir lacks a part.
targets::Library crt_library(const fs::path& crt_dir, const fs::path& cache_dir, const fs::path& scratch_dir);

// MLonMCU's TVM sources for targets (crt_config.h, platform, executor glue).
fs::path mcu_dir();

}  // namespace mlonmcu::backends::tvm
