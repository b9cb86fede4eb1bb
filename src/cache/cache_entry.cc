// Layout (integers little-endian):
//   magic "MLONMCU-CACHE\n" | u32 format version | u64 payload size | 64 hex chars SHA-256(payload)
//   payload: kind, key, metadata, u32 file count, (name, content, u8 executable)*,
//            u32 tool count, (path, identity)*
//   where every string is a u64 length followed by its bytes.
#include "cache/cache_entry.h"

#include <cstdint>

#include <fmt/format.h>

#include "cache/cache_key.h"

namespace mlonmcu::cache {

namespace {

constexpr std::string_view kMagic = "MLONMCU-CACHE\n";
constexpr size_t kChecksumSize = 64;

void put_int(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void put_string(std::string& out, std::string_view s) {
  put_int(out, s.size(), 8);
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool take_int(uint64_t& value, int bytes) {
    if (data_.size() - pos_ < static_cast<size_t>(bytes)) return false;
    value = 0;
    for (int i = 0; i < bytes; ++i) value |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
    pos_ += static_cast<size_t>(bytes);
    return true;
  }
  bool take_string(std::string& out) {
    uint64_t size = 0;
    if (!take_int(size, 8) || data_.size() - pos_ < size) return false;
    out.assign(data_.substr(pos_, size));
    pos_ += size;
    return true;
  }
  bool take_pairs(std::vector<std::pair<std::string, std::string>>& out) {
    uint64_t count = 0;
    if (!take_int(count, 4)) return false;
    for (uint64_t i = 0; i < count; ++i) {
      std::pair<std::string, std::string> item;
      if (!take_string(item.first) || !take_string(item.second)) return false;
      out.push_back(std::move(item));
    }
    return true;
  }
  bool take_files(std::vector<EntryFile>& out) {
    uint64_t count = 0, executable = 0;
    if (!take_int(count, 4)) return false;
    for (uint64_t i = 0; i < count; ++i) {
      EntryFile f;
      if (!take_string(f.name) || !take_string(f.content) || !take_int(executable, 1)) return false;
      f.executable = executable != 0;
      out.push_back(std::move(f));
    }
    return true;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

std::string encode_entry(const CacheEntry& entry) {
  std::string payload;
  put_string(payload, entry.kind);
  put_string(payload, entry.key);
  put_string(payload, entry.metadata);
  put_int(payload, entry.files.size(), 4);
  for (const auto& f : entry.files) {
    put_string(payload, f.name);
    put_string(payload, f.content);
    put_int(payload, f.executable ? 1 : 0, 1);
  }
  put_int(payload, entry.tools.size(), 4);
  for (const auto& [path, identity] : entry.tools) {
    put_string(payload, path);
    put_string(payload, identity);
  }
  std::string out(kMagic);
  put_int(out, kEntryFormatVersion, 4);
  put_int(out, payload.size(), 8);
  out += sha256_hex(payload);
  out += payload;
  return out;
}

DecodedEntry decode_entry(std::string_view bytes) {
  DecodedEntry result;
  if (bytes.substr(0, kMagic.size()) != kMagic) {
    result.problem = "not a cache entry (bad magic)";
    return result;
  }
  Reader header(bytes.substr(kMagic.size()));
  uint64_t version = 0, size = 0;
  if (!header.take_int(version, 4) || !header.take_int(size, 8)) {
    result.problem = "truncated header";
    return result;
  }
  if (version != kEntryFormatVersion) {
    result.problem = fmt::format("entry format {} (this MLonMCU reads {})", version, kEntryFormatVersion);
    return result;
  }
  const size_t payload_at = kMagic.size() + 12 + kChecksumSize;
  if (bytes.size() != payload_at + size) {
    result.problem = fmt::format("size {} instead of {}", bytes.size(), payload_at + size);
    return result;
  }
  const std::string_view checksum = bytes.substr(kMagic.size() + 12, kChecksumSize);
  const std::string_view payload = bytes.substr(payload_at);
  if (sha256_hex(payload) != checksum) {
    result.problem = "checksum mismatch";
    return result;
  }
  CacheEntry entry;
  Reader in(payload);
  if (!in.take_string(entry.kind) || !in.take_string(entry.key) || !in.take_string(entry.metadata) ||
      !in.take_files(entry.files) || !in.take_pairs(entry.tools) || !in.at_end()) {
    result.problem = "malformed payload";
    return result;
  }
  result.entry = std::move(entry);
  return result;
}

}  // namespace mlonmcu::cache
