// The file operations of the session engine (cache entries, session log, run artifacts), behind
// an interface so the scheduler and the cache are tested against an in-memory fake. Paths are
// used as given; writes create missing parent directories.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlonmcu {

struct FileStat {
  bool is_directory = false;
  uint64_t size = 0;
  int64_t mtime_ns = 0;  // last modification, nanoseconds since the epoch
};

class FileSystem {
 public:
  using Path = std::filesystem::path;
  virtual ~FileSystem() = default;
  virtual std::optional<std::string> read(const Path& file) const = 0;  // empty when missing or unreadable
  // Whole file or nothing: written to a temporary file beside it and renamed. Throws Error(Io).
  virtual void write(const Path& file, std::string_view data, bool executable = false) = 0;
  virtual void append(const Path& file, std::string_view data) = 0;     // throws Error(Io)
  virtual std::optional<FileStat> stat(const Path& path) const = 0;
  virtual void create_directories(const Path& dir) = 0;                 // throws Error(Io)
  virtual void remove_all(const Path& path) = 0;                        // missing is fine
  virtual std::vector<Path> list(const Path& dir) const = 0;            // direct children, sorted
  virtual std::vector<Path> files_under(const Path& dir) const = 0;     // regular files, recursive, sorted
  bool exists(const Path& path) const { return stat(path).has_value(); }
};

FileSystem& real_file_system();

}  // namespace mlonmcu
