// Reading a Model Library Format archive: the tar file `tvmc compile -f mlf` writes (plain or
// compressed), unpacked with libarchive into a directory. Only regular files and directories
// are taken, at relative paths inside the destination; anything else (links, devices, `..`,
// absolute paths, more than kMaxBytes in total) makes the archive unusable, so a hostile or
// foreign file can neither escape the run's directory nor fill the disk.
#pragma once

#include <cstdint>
#include <filesystem>

namespace mlonmcu::backends::tvm {

inline constexpr uint64_t kMaxArchiveBytes = uint64_t{1} << 30;  // unpacked; the largest MLF here is 3.7 MB

// Unpacks `archive` into `dest` (created; emptied first). Throws Error(Model) naming the archive
// and what is wrong with it (not a tar, truncated, unsafe entry, too large), Error(Io) when the
// destination cannot be written.
void unpack_archive(const std::filesystem::path& archive, const std::filesystem::path& dest);

}  // namespace mlonmcu::backends::tvm
