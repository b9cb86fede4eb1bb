#include "common/error.h"
#include "models/zip_reader.h"

namespace mlonmcu::models {

namespace {

constexpr uint32_t kEndOfCentralDir = 0x06054b50;
constexpr uint32_t kCentralHeader = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;
constexpr uint32_t kZip64EndLocator = 0x07064b50;
constexpr uint32_t kZip64End = 0x06064b50;

class Cursor {
 public:
  Cursor(const std::vector<uint8_t>& bytes, const std::string& what) : bytes_(bytes), what_(what) {}
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(ErrorKind::Data, what_ + ": not a readable .npz/zip archive: " + problem);
  }
  void need(uint64_t offset, uint64_t count) const {
    if (offset > bytes_.size() || count > bytes_.size() - offset) fail("truncated");
  }
  uint16_t u16(uint64_t offset) const {
    need(offset, 2);
    return static_cast<uint16_t>(bytes_[offset] | (bytes_[offset + 1] << 8));
  }
  uint32_t u32(uint64_t offset) const {
    return u16(offset) | (static_cast<uint32_t>(u16(offset + 2)) << 16);
  }
  uint64_t u64(uint64_t offset) const {
    return u32(offset) | (static_cast<uint64_t>(u32(offset + 4)) << 32);
  }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  const std::string& what() const { return what_; }

 private:
  const std::vector<uint8_t>& bytes_;
  const std::string& what_;
};

struct Entry {
  std::string name;
  uint16_t method = 0;
  uint32_t crc = 0;
  uint64_t compressed = 0;
  uint64_t uncompressed = 0;
  uint64_t local_offset = 0;
};

// Sizes/offsets that do not fit 32 bits are 0xFFFFFFFF in the header and live in the ZIP64
// extra field, in this order: uncompressed, compressed, local header offset.
void apply_zip64_extra(const Cursor& c, uint64_t extra, uint64_t extra_len, Entry& e) {
  uint64_t pos = extra;
  while (pos + 4 <= extra + extra_len) {
    const uint16_t id = c.u16(pos);
    const uint16_t len = c.u16(pos + 2);
    if (id == 0x0001) {
      uint64_t field = pos + 4;
      const uint64_t end = field + len;
      auto take = [&](uint64_t& value) {
        if (value != 0xffffffffu) return;
        if (field + 8 > end) c.fail("short ZIP64 extra field");
        value = c.u64(field);
        field += 8;
      };
      take(e.uncompressed);
      take(e.compressed);
      take(e.local_offset);
      return;
    }
    pos += 4 + len;
  }
}

uint64_t find_end_record(const Cursor& c) {
  const auto& b = c.bytes();
  if (b.size() < 22) c.fail("too small");
  const uint64_t lowest = b.size() > 22 + 65535 ? b.size() - 22 - 65535 : 0;
  for (uint64_t pos = b.size() - 22 + 1; pos-- > lowest;) {
    if (c.u32(pos) == kEndOfCentralDir) return pos;
  }
  c.fail("no end of central directory");
}

}  // namespace


std::vector<ZipMember> read_zip(const std::vector<uint8_t>& archive, const std::string& what) {
  const Cursor c(archive, what);
  const uint64_t end = find_end_record(c);
  uint64_t count = c.u16(end + 10);
  uint64_t dir_offset = c.u32(end + 16);
  if ((count == 0xffff || dir_offset == 0xffffffffu) && end >= 20 &&
      c.u32(end - 20) == kZip64EndLocator) {
    const uint64_t z64 = c.u64(end - 20 + 8);
    if (c.u32(z64) != kZip64End) c.fail("bad ZIP64 end record");
    count = c.u64(z64 + 32);
    dir_offset = c.u64(z64 + 48);
  }
  std::vector<ZipMember> members;
  uint64_t pos = dir_offset;
  for (uint64_t i = 0; i < count; ++i) {
    if (c.u32(pos) != kCentralHeader) c.fail("bad central directory entry");
    Entry e;
    e.method = c.u16(pos + 10);
    e.crc = c.u32(pos + 16);
    e.compressed = c.u32(pos + 20);
    e.uncompressed = c.u32(pos + 24);
    const uint16_t name_len = c.u16(pos + 28);
    const uint16_t extra_len = c.u16(pos + 30);
    const uint16_t comment_len = c.u16(pos + 32);
    e.local_offset = c.u32(pos + 42);
    c.need(pos + 46, name_len);
    e.name.assign(reinterpret_cast<const char*>(archive.data() + pos + 46), name_len);
    apply_zip64_extra(c, pos + 46 + name_len, extra_len, e);
    pos += 46ULL + name_len + extra_len + comment_len;

    if (c.u32(e.local_offset) != kLocalHeader) c.fail("bad local header for " + e.name);
    const uint64_t data = e.local_offset + 30 + c.u16(e.local_offset + 26) + c.u16(e.local_offset + 28);
    c.need(data, e.compressed);
    // Golden data is small; refuse absurd sizes instead of allocating them.
    if (e.uncompressed > (uint64_t{1} << 31)) c.fail(e.name + " is too large");
    ZipMember m;
    m.name = e.name;
    if (e.method == 0) {
      if (e.compressed != e.uncompressed) c.fail(e.name + ": stored sizes differ");
      m.data.assign(archive.begin() + static_cast<std::ptrdiff_t>(data),
                    archive.begin() + static_cast<std::ptrdiff_t>(data + e.compressed));
    } else if (e.method == 8) {
      m.data = inflate_raw(archive.data() + data, e.compressed, e.uncompressed, what + ":" + e.name);
    } else {
      c.fail(e.name + " uses compression method " + std::to_string(e.method) +
             " (only stored and deflate are supported)");
    }
    if (crc32(m.data.data(), m.data.size()) != e.crc) c.fail(e.name + ": CRC mismatch");
    members.push_back(std::move(m));
  }
  return members;
}

}  // namespace mlonmcu::models
