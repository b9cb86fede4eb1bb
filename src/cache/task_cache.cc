#include "cache/task_cache.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace mlonmcu::cache {

namespace fs = std::filesystem;

namespace {

// Earlier keys kept per identity: enough for a few alternatives (--config-gen) side by side.
constexpr size_t kIndexDepth = 4;
constexpr std::string_view kIndexSeparator = "--\n";

std::vector<CacheKey> read_index(const FileSystem& files, const fs::path& path) {
  std::vector<CacheKey> keys;
  const auto text = files.read(path);
  if (!text) return keys;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t end = text->find(kIndexSeparator, pos);
    if (end == std::string::npos) end = text->size();
    if (auto key = CacheKey::parse_text(std::string_view(*text).substr(pos, end - pos))) keys.push_back(*key);
    pos = end + kIndexSeparator.size();
  }
  return keys;
}

size_t differences(const CacheKey& a, const CacheKey& b) {
  size_t n = 0;
  for (const auto& f : a.fields())
    if (std::find(b.fields().begin(), b.fields().end(), f) == b.fields().end()) ++n;
  return n + (a.fields().size() > b.fields().size() ? a.fields().size() - b.fields().size()
                                                    : b.fields().size() - a.fields().size());
}

}  // namespace

std::string_view identity_kind(std::string_view identity) { return identity.substr(0, identity.find(' ')); }

std::string tool_identity(const FileSystem& files, const fs::path& program) {
  const auto stat = files.stat(program);
  if (!stat) return "missing";
  return fmt::format("size={} mtime={}", stat->size, stat->mtime_ns);
}

fs::path TaskCache::entry_path(std::string_view kind, std::string_view key) const {
  std::string dir(kind);
  std::transform(dir.begin(), dir.end(), dir.begin(), ::tolower);
  return root_ / dir / std::string(key.substr(0, 2)) / (std::string(key) + ".entry");
}

fs::path TaskCache::index_path(std::string_view identity) const {
  std::string dir(identity_kind(identity));
  std::transform(dir.begin(), dir.end(), dir.begin(), ::tolower);
  return root_ / dir / "index" / (sha256_hex(identity).substr(0, 24) + ".keys");
}

TaskCache::Lookup TaskCache::lookup(std::string_view identity, const CacheKey& key) const {
  Lookup result;
  const std::string digest = key.digest();
  const fs::path path = entry_path(identity_kind(identity), digest);
  if (const auto bytes = fs_.read(path)) {
    DecodedEntry decoded = decode_entry(*bytes);
    if (decoded.entry && decoded.entry->key != digest) decoded = {std::nullopt, "entry of another key"};
    if (!decoded.entry) {
      result.why = {Why::EntryCorrupt, decoded.problem};
      return result;
    }
    for (const auto& [program, identity_then] : decoded.entry->tools) {
      if (tool_identity(fs_, program) != identity_then) {
        result.why = {Why::ToolChanged, fs::path(program).filename().string()};
        return result;
      }
    }
    result.entry = std::move(decoded.entry);
    result.why = {Why::Reused, digest.substr(0, 12)};
    return result;
  }
  const std::vector<CacheKey> earlier = read_index(fs_, index_path(identity));
  if (earlier.empty()) {
    result.why = {Why::NoEntry, ""};
    return result;
  }
  const CacheKey* closest = &earlier.front();
  for (const auto& k : earlier)
    if (differences(k, key) < differences(*closest, key)) closest = &k;
  result.why = explain_difference(closest->fields(), key.fields());
  return result;
}

void TaskCache::store(std::string_view kind, std::string_view identity, const CacheKey& key, CacheEntry entry) {
  entry.kind = std::string(kind);
  entry.key = key.digest();
  fs_.write(entry_path(kind, entry.key), encode_entry(entry));
  // The index is advice for explanations: a lost update between concurrent sessions only makes
  // one explanation less precise.
  std::vector<CacheKey> keys = read_index(fs_, index_path(identity));
  keys.erase(std::remove_if(keys.begin(), keys.end(), [&](const CacheKey& k) { return k.digest() == entry.key; }),
             keys.end());
  keys.insert(keys.begin(), key);
  if (keys.size() > kIndexDepth) keys.resize(kIndexDepth);
  std::string text;
  for (size_t i = 0; i < keys.size(); ++i) text += (i ? std::string(kIndexSeparator) : "") + keys[i].text();
  fs_.write(index_path(identity), text);
}

TaskCache::Trimmed TaskCache::trim(const std::set<std::string>& keep) {
  Trimmed trimmed;
  for (const fs::path& file : fs_.files_under(root_)) {
    if (file.extension() != ".entry" || keep.count(file.stem().string())) continue;
    const auto stat = fs_.stat(file);
    if (!stat) continue;
    fs_.remove_all(file);
    ++trimmed.entries;
    trimmed.bytes += stat->size;
  }
  return trimmed;
}

}  // namespace mlonmcu::cache
