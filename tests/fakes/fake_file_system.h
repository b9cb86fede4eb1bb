// An in-memory FileSystem for tests, over a read-only view of real directories (MLonMCU's own
// C sources, which the COMPILE task hashes). Modification times come from a counter that every
// write advances, so "older" and "newer" are exact.
#pragma once

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/file_system.h"

namespace mlonmcu::testing {

class FakeFileSystem : public FileSystem {
 public:
  explicit FakeFileSystem(std::vector<Path> read_only_real_dirs = {}) : real_dirs_(std::move(read_only_real_dirs)) {}

  std::optional<std::string> read(const Path& file) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = files_.find(norm(file)); it != files_.end()) return it->second.content;
    if (!is_real(file)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  void write(const Path& file, std::string_view data, bool executable = false) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (full_) throw Error(ErrorKind::Io, "cannot write " + file.string() + ": no space left on device");
    files_[norm(file)] = {std::string(data), ++clock_, executable};
    ++writes_;
  }
  void append(const Path& file, std::string_view data) override {
    std::lock_guard<std::mutex> lock(mutex_);
    File& f = files_[norm(file)];
    f.content += data;
    f.mtime = ++clock_;
  }
  std::optional<FileStat> stat(const Path& path) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    const Path p = norm(path);
    if (auto it = files_.find(p); it != files_.end()) return FileStat{false, it->second.content.size(), it->second.mtime};
    for (const auto& [name, f] : files_)
      if (inside(name, p)) return FileStat{true, 0, 0};
    if (is_real(path)) {
      std::error_code ec;
      if (std::filesystem::exists(path, ec))
        return FileStat{std::filesystem::is_directory(path, ec),
                        std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0, 0};
    }
    return std::nullopt;
  }
  void create_directories(const Path&) override {}  // directories exist implicitly
  void remove_all(const Path& path) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const Path p = norm(path);
    for (auto it = files_.begin(); it != files_.end();) it = (it->first == p || inside(it->first, p)) ? files_.erase(it) : std::next(it);
  }
  std::vector<Path> list(const Path& dir) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::set<Path> children;
    const Path d = norm(dir);
    for (const auto& [name, f] : files_)
      if (inside(name, d)) children.insert(d / *name.lexically_relative(d).begin());
    return {children.begin(), children.end()};
  }
  std::vector<Path> files_under(const Path& dir) const override {
    std::vector<Path> out;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (const auto& [name, f] : files_)
        if (inside(name, norm(dir))) out.push_back(name);
    }
    if (is_real(dir)) {
      std::error_code ec;
      for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) out.push_back(it->path());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // For tests.
  void put(const Path& file, const std::string& content) { write(file, content); }
  std::string content(const Path& file) const { return read(file).value_or(""); }
  bool has(const Path& file) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return files_.count(norm(file)) != 0;
  }
  bool executable(const Path& file) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = files_.find(norm(file));
    return it != files_.end() && it->second.executable;
  }
  std::vector<Path> all_files() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Path> out;
    for (const auto& [name, f] : files_) out.push_back(name);
    return out;
  }
  int64_t now() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return clock_;
  }
  void set_full(bool full) {
    std::lock_guard<std::mutex> lock(mutex_);
    full_ = full;
  }

 private:
  struct File {
    std::string content;
    int64_t mtime = 0;
    bool executable = false;
  };
  static Path norm(const Path& p) { return p.lexically_normal(); }
  static bool inside(const Path& file, const Path& dir) {
    const Path rel = file.lexically_relative(dir);
    return !rel.empty() && rel != "." && rel.string().rfind("..", 0) != 0;
  }
  bool is_real(const Path& path) const {
    for (const Path& d : real_dirs_)
      if (norm(path) == norm(d) || inside(norm(path), norm(d))) return true;
    return false;
  }

  std::vector<Path> real_dirs_;
  mutable std::mutex mutex_;
  std::map<Path, File> files_;
  int64_t clock_ = 0;
  size_t writes_ = 0;
  bool full_ = false;
};

}  // namespace mlonmcu::testing
