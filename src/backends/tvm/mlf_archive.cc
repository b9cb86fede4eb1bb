#include "backends/tvm/mlf_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "common/error.h"

namespace mlonmcu::backends::tvm {

namespace fs = std::filesystem;

namespace {

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
  throw Error(ErrorKind::Model, fmt::format("MLF archive {}: {}", file.string(), what));
}

// The entry's path inside the destination, or empty for the archive's root ("./").
fs::path safe_relative_path(const fs::path& file, const std::string& name) {
  const fs::path path = fs::path(name).lexically_normal();
  if (path.is_absolute()) fail(file, fmt::format("entry '{}' has an absolute path", name));
  fs::path out;
  for (const auto& part : path) {
    if (part == "..") fail(file, fmt::format("entry '{}' points outside the archive", name));
    if (part != "." && !part.empty()) out /= part;
  }
  return out;
}

}  // namespace

void unpack_archive(const fs::path& file, const fs::path& dest) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) fail(file, "no such file");
  fs::remove_all(dest, ec);
  fs::create_directories(dest, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create {}: {}", dest.string(), ec.message()));

  std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
  if (!reader) throw Error(ErrorKind::Internal, "libarchive: out of memory");
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), file.c_str(), 64 * 1024) != ARCHIVE_OK)
    fail(file, fmt::format("not a tar archive ({})", archive_error_string(reader.get())));

  uint64_t total = 0;
  size_t entries = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(reader.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
      fail(file, fmt::format("truncated or corrupt after {} entries ({})", entries, archive_error_string(reader.get())));
    ++entries;
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name != nullptr ? raw_name : "";
    const fs::path relative = safe_relative_path(file, name);
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) {
      if (!relative.empty()) fs::create_directories(dest / relative, ec);
      continue;
    }
    if (type != AE_IFREG) fail(file, fmt::format("entry '{}' is not a regular file or directory", name));
    if (relative.empty()) fail(file, "a file entry without a name");
    const fs::path target = dest / relative;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::Io, "cannot write " + target.string());
    char buffer[64 * 1024];
    for (;;) {
      const la_ssize_t n = archive_read_data(reader.get(), buffer, sizeof(buffer));
      if (n == 0) break;
      if (n < 0) fail(file, fmt::format("entry '{}' is truncated or corrupt ({})", name, archive_error_string(reader.get())));
      total += static_cast<uint64_t>(n);
      if (total > kMaxArchiveBytes) fail(file, fmt::format("unpacks to more than {} bytes", kMaxArchiveBytes));
      out.write(buffer, n);
    }
    if (!out) throw Error(ErrorKind::Io, "cannot write " + target.string());
  }
  if (entries == 0) fail(file, "empty archive");
}

}  // namespace mlonmcu::backends::tvm
