// Just enough of ZIP to read NumPy's .npz files: the central directory (with ZIP64 sizes, which
// NumPy always writes), stored and deflate members, CRC-32 checked. A small inflate of our own
// keeps the tool free of an extra library dependency. Every size and offset is checked; bad
// archives throw Error(Data).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mlonmcu::models {

struct ZipMember {
  std::string name;
  std::vector<uint8_t> data;  // uncompressed
};

// Reads all members; `what` names the archive in error messages.
std::vector<ZipMember> read_zip(const std::vector<uint8_t>& archive, const std::string& what);

// Raw DEFLATE (RFC 1951) through zlib; `expected_size` is the exact output size.
std::vector<uint8_t> inflate_raw(const uint8_t* data, size_t size, size_t expected_size,
                                 const std::string& what);

uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace mlonmcu::models
