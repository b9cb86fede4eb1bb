#include "targets/baremetal/library_cache.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/error.h"
#include "common/process.h"
#include "targets/baremetal/content_hash.h"

namespace mlonmcu::targets {

namespace fs = std::filesystem;

namespace {

// Bumped when the layout of a cache entry changes.
constexpr const char* kCacheFormat = "mlonmcu-lib-1";
constexpr const char* kArchiveName = "libmlonmcu_runtime.a";

std::vector<fs::path> headers_under(const fs::path& dir) {
  std::vector<fs::path> headers;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return headers;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const auto ext = it->path().extension();
    if (it->is_regular_file(ec) && (ext == ".h" || ext == ".def" || ext == ".inc")) headers.push_back(it->path());
  }
  std::sort(headers.begin(), headers.end());  // directory order is not stable across machines
  return headers;
}

fs::path unique_temp_dir(const fs::path& parent, const std::string& key) {
  static std::atomic<unsigned> counter{0};
  return parent / fmt::format("{}.tmp.{}.{}", key, ::getpid(), counter.fetch_add(1));
}

}  // namespace

std::string compiler_error_excerpt(const std::string& err, size_t max_lines) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  // Start at the first compiler diagnostic that is an error, so include chains and notes don't
  // crowd it out. collect2's closing "ld returned 1" says nothing; linker messages precede it.
  size_t first = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("error:") != std::string::npos && lines[i].rfind("collect2:", 0) != 0) {
      first = i;
      break;
    }
  }
  std::string out;
  for (size_t i = first; i < lines.size() && i < first + max_lines; ++i) out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

std::string library_key(const LibraryBuild& build) {
  ContentHash hash;
  hash.add("format", kCacheFormat);
  hash.add("target", build.target);
  hash.add("compiler", build.compiler.string());
  hash.add("compiler_version", build.compiler_version);
  for (const auto& flag : build.flags) hash.add("flag", flag);
  for (const auto& source : build.sources) hash.add_file("source", source);
  for (const auto& dir : build.include_dirs) {
    for (const auto& header : headers_under(dir)) hash.add_file("header", header);
  }
  // Private headers next to the sources (and in folders below them) count too.
  std::vector<fs::path> source_dirs;
  for (const auto& source : build.sources) source_dirs.push_back(source.parent_path());
  std::sort(source_dirs.begin(), source_dirs.end());
  source_dirs.erase(std::unique(source_dirs.begin(), source_dirs.end()), source_dirs.end());
  for (const auto& dir : source_dirs) {
    for (const auto& header : headers_under(dir)) hash.add_file("private header", header);
  }
  return hash.hex();
}

fs::path cached_library(const LibraryBuild& build, const fs::path& cache_dir) {
  const std::string key = library_key(build);
  const fs::path parent = cache_dir / build.target;
  const fs::path entry = parent / key;
  const fs::path archive = entry / kArchiveName;
  std::error_code ec;
  if (fs::exists(archive, ec)) return archive;

  fs::create_directories(parent, ec);
  const fs::path temp = unique_temp_dir(parent, key);
  fs::create_directories(temp, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", temp.string(), ec.message()));
  auto cleanup = [&temp]() {
    std::error_code ignored;
    fs::remove_all(temp, ignored);
  };

  ProcessOptions options;
  options.timeout = build.timeout;
  std::vector<std::string> objects;
  for (size_t i = 0; i < build.sources.size(); ++i) {
    // Numbered names: runtime and kernel sources may share a file name.
    const fs::path object = temp / fmt::format("{}_{}.o", i, build.sources[i].stem().string());
    std::vector<std::string> argv = {build.compiler.string()};
    argv.insert(argv.end(), build.flags.begin(), build.flags.end());
    argv.insert(argv.end(), {"-c", build.sources[i].string(), "-o", object.string()});
    const ProcessResult result = run_process(argv, options);
    if (!result.ok()) {
      cleanup();
      throw Error(ErrorKind::Toolchain,
                  fmt::format("{}: runtime library source {} does not compile ({}):\n{}", build.target,
                              build.sources[i].filename().string(), result.describe(),
                              compiler_error_excerpt(result.err)));
    }
    objects.push_back(object.string());
  }
  std::vector<std::string> argv = {build.archiver.string(), "rcs", (temp / kArchiveName).string()};
  argv.insert(argv.end(), objects.begin(), objects.end());
  const ProcessResult result = run_process(argv, options);
  if (!result.ok()) {
    cleanup();
    throw Error(ErrorKind::Toolchain, fmt::format("{}: archiving the runtime library failed ({}): {}", build.target,
                                                  result.describe(), compiler_error_excerpt(result.err)));
  }
  {
    // What went into the key, for humans asking why a library was (re)built.
    std::ofstream manifest(temp / "manifest.txt");
    manifest << "compiler " << build.compiler.string() << "\nversion " << build.compiler_version << "\n";
    for (const auto& flag : build.flags) manifest << "flag " << flag << "\n";
    for (const auto& source : build.sources) manifest << "source " << source.string() << "\n";
  }
  fs::rename(temp, entry, ec);
  if (ec) {
    // Another process finished the same entry first; its archive is identical.
    cleanup();
    if (!fs::exists(archive)) {
      throw Error(ErrorKind::Io, fmt::format("cannot store the runtime library in {}: {}", entry.string(), ec.message()));
    }
  }
  return archive;
}

}  // namespace mlonmcu::targets
