#include "backends/tvm/crt_library.h"

#include <unistd.h>

#include <algorithm>
#include <functional>
#include <thread>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "backends/runtime_sources.h"
#include "common/error.h"
#include "targets/baremetal/content_hash.h"

namespace mlonmcu::backends::tvm {

namespace {

constexpr const char* kCrtFormat = "tvm-crt-1";
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

targets::Library crt_library(const fs::path& crt_dir, const fs::path& cache_dir, const fs::path& scratch_dir) {
  const std::vector<fs::path> files = crt_files(crt_dir);
  targets::ContentHash hash;
  hash.add("format", kCrtFormat);
  for (const auto& file : files) hash.add_file(file.string(), crt_dir / file);
  const std::string digest = hash.hex();
  const fs::path parent = cache_dir.empty() ? scratch_dir : cache_dir / "tvm_crt";
  const fs::path copy = parent / digest;
  std::error_code ec;
  if (!fs::exists(copy, ec)) {
    // Written aside and renamed: a concurrent run sees the copy whole or not at all.
    const fs::path temp = parent / fmt::format("{}.tmp.{}.{}", digest, ::getpid(), std::hash<std::thread::id>{}(std::this_thread::get_id()));
    fs::remove_all(temp, ec);
    for (const auto& file : files) {
      fs::create_directories((temp / file).parent_path(), ec);
      fs::copy_file(crt_dir / file, temp / file, fs::copy_options::overwrite_existing, ec);
      if (ec) throw Error(ErrorKind::Io, fmt::format("cannot copy TVM's C runtime to {}: {}", temp.string(), ec.message()));
    }
    fs::rename(temp, copy, ec);
    if (ec) fs::remove_all(temp, ec);  // another run put the same copy there first
  }
  targets::Library library{"tvm_crt", targets::Language::C, {}, {copy / "include", mcu_dir()}, {}};
  for (const auto& file : files)
    if (file.extension() == ".c") library.sources.push_back(copy / file);
  return library;
}

}  // namespace mlonmcu::backends::tvm
