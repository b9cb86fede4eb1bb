#include "common/file_system.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu {

namespace fs = std::filesystem;

namespace {

void make_parent(const fs::path& file) {
  if (!file.has_parent_path()) return;
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", file.parent_path().string(), ec.message()));
}

class RealFileSystem : public FileSystem {
 public:
  std::optional<std::string> read(const Path& file) const override {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return std::nullopt;
    return data;
  }

  void write(const Path& file, std::string_view data, bool executable) override {
    make_parent(file);
    static std::atomic<unsigned> counter{0};
    // Unique per process and call: concurrent writers of one file never share a temporary.
    const fs::path temp = file.string() + fmt::format(".tmp.{}.{}", ::getpid(), counter.fetch_add(1));
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out.write(data.data(), static_cast<std::streamsize>(data.size()));
      out.flush();
      if (!out) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw Error(ErrorKind::Io, "cannot write " + file.string());
      }
    }
    std::error_code ec;
    if (executable) {
      fs::permissions(temp, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                      fs::perm_options::add, ec);
    }
    if (!ec) fs::rename(temp, file, ec);
    if (ec) {
      fs::remove(temp, ec);
      throw Error(ErrorKind::Io, fmt::format("cannot write {}", file.string()));
    }
  }

  void append(const Path& file, std::string_view data) override {
    make_parent(file);
    std::ofstream out(file, std::ios::binary | std::ios::app);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) throw Error(ErrorKind::Io, "cannot append to " + file.string());
  }

  std::optional<FileStat> stat(const Path& path) const override {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) return std::nullopt;
    FileStat out;
    out.is_directory = fs::is_directory(status);
    if (!out.is_directory) out.size = fs::file_size(path, ec);
    const auto time = fs::last_write_time(path, ec);
    const auto since_epoch = std::chrono::file_clock::to_sys(time).time_since_epoch();
    out.mtime_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
    return out;
  }

  void create_directories(const Path& dir) override {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }

  void remove_all(const Path& path) override {
    std::error_code ec;
    fs::remove_all(path, ec);
  }

  std::vector<Path> list(const Path& dir) const override {
    std::vector<Path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<Path> files_under(const Path& dir) const override {
    std::vector<Path> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec)) out.push_back(it->path());
    std::sort(out.begin(), out.end());  // directory order differs between machines
    return out;
  }
};

}  // namespace

FileSystem& real_file_system() {
  static RealFileSystem instance;
  return instance;
}

}  // namespace mlonmcu
