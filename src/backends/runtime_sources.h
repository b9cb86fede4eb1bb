// The C sources compiled for a target along with a backend's output: kernels, and for the
// interp backend the interpreter runtime. Found under MLONMCU_SOURCE_DIR (or $MLONMCU_SRC).
#pragma once

#include <filesystem>
#include <vector>

#include "targets/library.h"

namespace mlonmcu::backends {

struct RuntimeSources {
  std::vector<std::filesystem::path> sources;
  std::vector<std::filesystem::path> include_dirs;
};

std::filesystem::path source_root();  // src/ of the MLonMCU tree
RuntimeSources runtime_sources(bool with_interpreter);
// The same as the library a program links (`mlonmcu_runtime`).
targets::Library runtime_library(bool with_interpreter);

}  // namespace mlonmcu::backends
