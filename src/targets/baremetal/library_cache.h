// Runtime libraries (interpreter, kernels) compiled once per (target, compiler, flags, sources)
// into a static archive kept in the environment's deps/ directory and reused across runs and
// sessions. The key is a content hash, so an edited source or header gives a new entry; entries
// are built in a temporary directory and renamed into place, so concurrent sessions never see a
// half-built library.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mlonmcu::targets {

struct LibraryBuild {
  std::string target;                    // target name, first path component in the cache
  std::filesystem::path compiler;        // resolved cross compiler
  std::filesystem::path archiver;        // matching `ar`
  std::string compiler_version;          // part of the key
  std::vector<std::string> flags;        // everything passed to `-c` besides the source
  std::vector<std::filesystem::path> sources;
  std::vector<std::filesystem::path> include_dirs;  // their headers are part of the key
  std::chrono::milliseconds timeout{600000};
};

// Cache key (hex SHA-256) of a library build.
std::string library_key(const LibraryBuild& build);

// Returns the archive for this build, compiling it into cache_dir/<target>/<key>/ when missing.
// Throws Error(Toolchain) with the compiler's first error lines when a source does not compile.
std::filesystem::path cached_library(const LibraryBuild& build, const std::filesystem::path& cache_dir);

// First lines of a compiler's stderr that explain a failure (error lines first).
std::string compiler_error_excerpt(const std::string& err, size_t max_lines = 12);

}  // namespace mlonmcu::targets
