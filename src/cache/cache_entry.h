// A self-describing cache entry, in the manner of ccache's: one file holding a header (magic,
// format version, payload size, payload checksum) and the payload (task kind, key, metadata,
// the output files, the tools that made them). Anything that does not check out — truncated,
// flipped bits, another key or kind — is reported as corrupt, never used.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlonmcu::cache {

// Bumped when the layout below changes; older entries then read as corrupt and are rebuilt.
constexpr int kEntryFormatVersion = 1;

struct EntryFile {
  std::string name;  // relative to the stage directory it is placed in
  std::string content;
  bool executable = false;
};

struct CacheEntry {
  std::string kind;      // "BUILD", "COMPILE", ...
  std::string key;       // CacheKey::digest()
  std::string metadata;  // the task's output description (JSON)
  std::vector<EntryFile> files;
  std::vector<std::pair<std::string, std::string>> tools;  // program path, identity when stored
};

std::string encode_entry(const CacheEntry& entry);

struct DecodedEntry {
  std::optional<CacheEntry> entry;
  std::string problem;  // why it is unusable, when entry is empty
};
DecodedEntry decode_entry(std::string_view bytes);

}  // namespace mlonmcu::cache
