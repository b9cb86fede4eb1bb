#include "backends/tvm/crt_library.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "backends/runtime_sources.h"
#include "common/error.h"

namespace mlonmcu::backends::tvm {

namespace {

const char* const kLibraryParts[] = {"common", "memory", "graph_executor"};
const char* const kHeaderDirs[] = {"tvm", "dlpack"};

// The CRT files MLonMCU compiles, relative to the CRT dir, sorted.
std::vector<fs::path> crt_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  auto add_tree = [&](const fs::path& sub) {
    for (auto it = fs::recursive_directory_iterator(dir / sub, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_regular_file(ec) && (it->path().extension() == ".h" || it->path().extension() == ".c"))
        files.push_back(fs::relative(it->path(), dir));
  };
  for (const char* sub : kHeaderDirs) add_tree(fs::path("include") / sub);
  for (const char* part : kLibraryParts) {
    const fs::path sub = fs::path("src") / "runtime" / "crt" / part;
    if (!fs::is_directory(dir / sub))
      throw Error(ErrorKind::Toolchain, fmt::format("TVM's C runtime in {} has no {}", dir.string(), sub.string()));
    add_tree(sub);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

bool is_crt_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "include" / "tvm" / "runtime" / "crt" / "platform.h", ec) &&
         fs::is_directory(dir / "src" / "runtime" / "crt" / "graph_executor", ec);
}

std::optional<fs::path> installed_crt(const config::Config& cfg) {
  std::stringstream in(cfg.get_string("tvm.pythonpath"));
  for (std::string entry; std::getline(in, entry, ':');) {
    if (entry.empty()) continue;
    const fs::path p(entry);
    // <tvm>/python (source tree) or the directory holding <tvm> (an unpacked TVM build).
    for (const fs::path& candidate : {p.parent_path() / "build" / "standalone_crt", p / "tvm" / "build" / "standalone_crt"})
      if (is_crt_dir(candidate)) return candidate;
  }
  return std::nullopt;
}

fs::path mcu_dir() { return source_root() / "backends" / "tvm" / "mcu"; }

targets::Library crt_library(const fs::path& crt_dir, const fs::path& build_dir) {
  const std::vector<fs::path> files = crt_files(crt_dir);
  const fs::path rel = crt_dir.lexically_normal().lexically_relative(build_dir.lexically_normal());
  fs::path dir = crt_dir;
  if (rel.empty() || rel.string().rfind("..", 0) == 0) {
    dir = build_dir / "crt";
    std::error_code ec;
    fs::remove_all(dir, ec);
    for (const auto& file : files) {
      fs::create_directories((dir / file).parent_path(), ec);
      fs::copy_file(crt_dir / file, dir / file, fs::copy_options::overwrite_existing, ec);
      if (ec) throw Error(ErrorKind::Io, fmt::format("cannot copy TVM's C runtime to {}: {}", dir.string(), ec.message()));
    }
  }
  targets::Library library{"tvm_crt", targets::Language::C, {}, {dir / "include", mcu_dir()}, {}};
  for (const auto& file : files)
    if (file.extension() == ".c") library.sources.push_back(dir / file);
  return library;
}

}  // namespace mlonmcu::backends::tvm
