// The environment's cache of task outputs (deps/cache): one self-describing entry file per
// (task kind, key) at <root>/<kind>/<key[0:2]>/<key>.entry, written to a temporary file and
// renamed so concurrent sessions never see half an entry. Beside the entries, an index per task
// identity (the same task across sessions, whatever its inputs) keeps the key fields of its
// latest entries, so a miss can say what changed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "cache/cache_entry.h"
#include "cache/cache_key.h"
#include "cache/explanation.h"
#include "common/file_system.h"

namespace mlonmcu::cache {

// Size and modification time of an installed program ("missing" when absent): the cheap
// identity ccache uses by default, which needs no process start.
std::string tool_identity(const FileSystem& fs, const std::filesystem::path& program);

class TaskCache {
 public:
  TaskCache(FileSystem& fs, std::filesystem::path root) : fs_(fs), root_(std::move(root)) {}

  struct Lookup {
    std::optional<CacheEntry> entry;  // present: reuse it (why = Reused)
    Explanation why;
  };
  // A usable entry, or why there is none: no entry, corrupt, a recorded tool changed, or (from
  // the identity's index) what differs from the latest earlier key.
  Lookup lookup(std::string_view identity, const CacheKey& key) const;
  // Stores entry (its kind and key are filled in) and records the key under the identity.
  void store(std::string_view kind, std::string_view identity, const CacheKey& key, CacheEntry entry);

  // Removes every entry whose key is not in `keep` (the keys the kept sessions used).
  struct Trimmed {
    size_t entries = 0;
    uint64_t bytes = 0;
  };
  Trimmed trim(const std::set<std::string>& keep);

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path entry_path(std::string_view kind, std::string_view key) const;
  std::filesystem::path index_path(std::string_view identity) const;
  FileSystem& fs_;
  std::filesystem::path root_;
};

// The task kind an identity belongs to is its first word ("COMPILE aww/interp/cm4_qemu").
std::string_view identity_kind(std::string_view identity);

}  // namespace mlonmcu::cache
