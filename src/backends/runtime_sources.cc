#include "backends/runtime_sources.h"

#include <algorithm>
#include <cstdlib>

#include "common/error.h"

namespace mlonmcu::backends {

namespace fs = std::filesystem;

fs::path source_root() {
  const char* env = std::getenv("MLONMCU_SRC");
  fs::path root = env && *env ? fs::path(env) : fs::path(MLONMCU_SOURCE_DIR);
  if (!fs::exists(root / "runtime" / "interp.c"))
    throw Error(ErrorKind::Io, "MLonMCU's C sources not found under " + root.string() +
                                   " (set MLONMCU_SRC to the src/ folder of the MLonMCU tree)");
  return root;
}

namespace {

// The generic opcode table (op_table.c) is for in-process use; programs for targets get a
// table generated per model that names only the kernels it uses.
void add_c_files(const fs::path& dir, std::vector<fs::path>& out) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".c" &&
        entry.path().filename() != "op_table.c")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // stable order: stable cache keys and builds
  out.insert(out.end(), files.begin(), files.end());
}

}  // namespace

RuntimeSources runtime_sources(bool with_interpreter) {
  const fs::path root = source_root();
  RuntimeSources rs;
  add_c_files(root / "kernels", rs.sources);
  add_c_files(root / "kernels" / "reference", rs.sources);
  rs.include_dirs.push_back(root / "kernels" / "include");
  if (with_interpreter) {
    add_c_files(root / "runtime", rs.sources);
    add_c_files(root / "runtime" / "ops", rs.sources);
    rs.include_dirs.push_back(root / "runtime" / "include");
    rs.include_dirs.push_back(root / "runtime");
  }
  rs.include_dirs.push_back(root / "platform" / "mlif");
  return rs;
}

targets::Library runtime_library(bool with_interpreter) {
  RuntimeSources rs = runtime_sources(with_interpreter);
  targets::Library library;
  library.name = "mlonmcu_runtime";
  library.sources = std::move(rs.sources);
  library.include_dirs = std::move(rs.include_dirs);
  return library;
}

}  // namespace mlonmcu::backends
