// TVM's standalone C runtime (CRT) as a library a program links (targets::Library): the parts
// MLonMCU's programs use, `common` (runtime API, function registry, NDArray, TVMBackend* calls),
// `memory` (stack and page allocators) and `graph_executor` (tvmrt), compiled with MLonMCU's own
// crt_config.h (mcu/). An MLF carries the CRT in runtime/; TVM's build has it in
// build/standalone_crt. The sources are in the build directory (copied there when they come
// from elsewhere), so they are part of the BUILD's cache entry; LIB keys them by content, so the
// library is compiled once per target and CRT.
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

// The library from crt_dir, used in place when it is inside build_dir, else copied to
// build_dir/crt. Throws Error(Toolchain) when crt_dir lacks a part.
targets::Library crt_library(const fs::path& crt_dir, const fs::path& build_dir);

// MLonMCU's TVM sources for targets (crt_config.h, platform, executor glue).
fs::path mcu_dir();

}  // namespace mlonmcu::backends::tvm
