// DEFLATE and CRC-32 for .npz members, through zlib.
#include <zlib.h>

#include <limits>

#include "common/error.h"
#include "models/zip_reader.h"

namespace mlonmcu::models {

std::vector<uint8_t> inflate_raw(const uint8_t* data, size_t size, size_t expected_size,
                                 const std::string& what) {
  auto fail = [&](const std::string& why) -> Error {
    return Error(ErrorKind::Data, what + ": " + why);
  };
  if (size > std::numeric_limits<uInt>::max() || expected_size > std::numeric_limits<uInt>::max())
    throw fail("member too large");
  std::vector<uint8_t> out(expected_size);
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) throw fail("cannot start inflating");  // raw: no header
  z.next_in = const_cast<Bytef*>(data);
  z.avail_in = static_cast<uInt>(size);
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const uLong produced = z.total_out;
  inflateEnd(&z);
  if (rc == Z_BUF_ERROR && z.avail_out == 0) throw fail("more output than expected");
  if (rc != Z_STREAM_END) throw fail(std::string("corrupt deflate data") + (z.msg ? std::string(" (") + z.msg + ")" : ""));
  if (produced != expected_size) throw fail("output size differs from the archive's record");
  return out;
}

uint32_t crc32(const uint8_t* data, size_t size) {
  uLong crc = ::crc32(0L, Z_NULL, 0);
  while (size > 0) {
    const uInt chunk = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    crc = ::crc32(crc, data, chunk);
    data += chunk;
    size -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

}  // namespace mlonmcu::models
