// Compiling for a target: program objects, and libraries (interpreter runtime, TFLite-Micro,
// CMSIS-NN, ...) compiled once per (target, compiler, flags, sources) into a static archive kept
// in the environment's deps/ directory and reused across runs and sessions. The key is a content
// hash, so an edited source or header gives a new entry; entries are built in a temporary
// directory and renamed into place, so concurrent sessions never see a half-built library, and
// one build per entry runs at a time (a lock file between processes, a shared result between
// the threads of one process), so parallel runs wait for it instead of repeating it.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "targets/library.h"
#include "targets/target.h"

namespace mlonmcu::targets {

// How a target compiles: drivers and flags per language (everything but -I, -D and the source).
struct Toolchain {
  std::string target;  // target name, first path component in the cache
  std::filesystem::path c_compiler;
  std::filesystem::path cxx_compiler;  // empty: the target has no C++ support
  std::filesystem::path archiver;
  std::string c_version;    // first line of --version, part of the keys of C libraries
  std::string cxx_version;  // ... of C++ libraries
  std::vector<std::string> c_flags;
  std::vector<std::string> cxx_flags;
  std::chrono::milliseconds timeout{600000};
  int jobs = 0;  // parallel compiler processes; 0: one per core
};

// Compiles each source (C or C++ by its extension) into dir/<index>_<stem>.o with the extra
// flags (-I, -D) added. Throws Error(Toolchain) with the compiler's first error lines.
std::vector<std::filesystem::path> compile_objects(const Toolchain& toolchain,
                                                   const std::vector<std::filesystem::path>& sources,
                                                   const std::vector<std::string>& extra_flags,
                                                   const std::filesystem::path& dir);

// The compiler and flags a toolchain compiles `language` with, as "compiler=..." / "flag=..."
// (the LIB task's cache key; without the version, which costs a process start).
std::vector<std::string> toolchain_fields(const Toolchain& toolchain, Language language);

// Content digest of what a library is made of (its sources, every header below its include
// dirs, its defines), whatever it is compiled with.
std::string library_digest(const Library& library);

// Cache key (hex SHA-256) of a library built with a toolchain.
std::string library_key(const Toolchain& toolchain, const Library& library);

// Returns the archive of the library, compiling it into cache_dir/<target>/<key>/ when missing.
// Throws Error(Toolchain) with the compiler's first error lines when a source does not compile.
std::filesystem::path cached_library(const Toolchain& toolchain, const Library& library,
                                     const std::filesystem::path& cache_dir);

// Everything a program's link needs but the flags: its libraries (request.archives when built
// already, else from cache_dir, or the run's work_dir/libs without one), its own sources compiled into work_dir/obj (searching its and its
// libraries' include dirs), as link arguments: the objects, then the archives as one group (they
// may use each other: TFLM's kernels its core, both CMSIS-NN).
std::vector<std::string> build_link_inputs(const Toolchain& toolchain, const CompileRequest& request);

// True when the program has C++ sources or libraries (it is linked with the C++ driver).
bool needs_cxx(const CompileRequest& request);

// First lines of a compiler's stderr that explain a failure (error lines first).
std::string compiler_error_excerpt(const std::string& err, size_t max_lines = 12);

}  // namespace mlonmcu::targets
