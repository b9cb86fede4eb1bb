// DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks. Canonical
// Huffman codes are decoded by walking code lengths one bit at a time (counts per length +
// symbols sorted by code), which is small and fast enough for golden-data files.
#include <array>

#include "common/error.h"
#include "models/zip_reader.h"

namespace mlonmcu::models {

namespace {

constexpr int kMaxBits = 15;

class BitReader {
 public:
  BitReader(const uint8_t* data, size_t size, const std::string& what)
      : data_(data), size_(size), what_(what) {}

  uint32_t bits(int count) {
    uint32_t value = 0;
    for (int i = 0; i < count; ++i) value |= static_cast<uint32_t>(bit()) << i;
    return value;
  }
  int bit() {
    if (pos_ >= size_) fail("compressed data ends early");
    const int b = (data_[pos_] >> bit_) & 1;
    if (++bit_ == 8) {
      bit_ = 0;
      ++pos_;
    }
    return b;
  }
  void align_to_byte() {
    if (bit_ != 0) {
      bit_ = 0;
      ++pos_;
    }
  }
  const uint8_t* take_bytes(size_t count) {
    if (pos_ > size_ || count > size_ - pos_) fail("stored block runs past the end");
    const uint8_t* p = data_ + pos_;
    pos_ += count;
    return p;
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw Error(ErrorKind::Data, what_ + ": corrupt deflate data: " + problem);
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  int bit_ = 0;
  const std::string& what_;
};

struct Huffman {
  std::array<uint16_t, kMaxBits + 1> count{};
  std::vector<uint16_t> symbols;
};

// Builds the decoding table from code lengths; rejects over-subscribed code sets.
Huffman build(const uint8_t* lengths, int n, BitReader& in) {
  Huffman h;
  h.symbols.assign(static_cast<size_t>(n), 0);
  for (int s = 0; s < n; ++s) h.count[lengths[s]]++;
  h.count[0] = 0;
  int left = 1;
  for (int len = 1; len <= kMaxBits; ++len) {
    left = (left << 1) - h.count[static_cast<size_t>(len)];
    if (left < 0) in.fail("over-subscribed Huffman code");
  }
  std::array<uint16_t, kMaxBits + 2> offs{};
  for (int len = 1; len < kMaxBits; ++len) offs[static_cast<size_t>(len + 1)] = static_cast<uint16_t>(offs[static_cast<size_t>(len)] + h.count[static_cast<size_t>(len)]);
  for (int s = 0; s < n; ++s) {
    if (lengths[s] != 0) h.symbols[offs[lengths[s]]++] = static_cast<uint16_t>(s);
  }
  return h;
}

int decode(const Huffman& h, BitReader& in) {
  int code = 0, first = 0, index = 0;
  for (int len = 1; len <= kMaxBits; ++len) {
    code |= in.bit();
    const int count = h.count[static_cast<size_t>(len)];
    if (code - count < first) return h.symbols[static_cast<size_t>(index + (code - first))];
    index += count;
    first = (first + count) << 1;
    code <<= 1;
  }
  in.fail("invalid Huffman code");
}

constexpr std::array<uint16_t, 29> kLengthBase = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,
                                                  15, 17, 19, 23, 27, 31, 35, 43, 51,  59,
                                                  67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<uint8_t, 29> kLengthExtra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                  2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<uint16_t, 30> kDistBase = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<uint8_t, 30> kDistExtra = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                                6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

void inflate_block(const Huffman& lit, const Huffman& dist, BitReader& in,
                   std::vector<uint8_t>& out, size_t limit) {
  for (;;) {
    const int sym = decode(lit, in);
    if (sym < 256) {
      if (out.size() >= limit) in.fail("more output than expected");
      out.push_back(static_cast<uint8_t>(sym));
      continue;
    }
    if (sym == 256) return;
    const int li = sym - 257;
    if (li >= 29) in.fail("invalid length symbol");
    const size_t length = kLengthBase[static_cast<size_t>(li)] + in.bits(kLengthExtra[static_cast<size_t>(li)]);
    const int di = decode(dist, in);
    if (di >= 30) in.fail("invalid distance symbol");
    const size_t distance = kDistBase[static_cast<size_t>(di)] + in.bits(kDistExtra[static_cast<size_t>(di)]);
    if (distance > out.size()) in.fail("distance reaches before the start");
    if (length > limit - out.size()) in.fail("more output than expected");
    for (size_t i = 0; i < length; ++i) out.push_back(out[out.size() - distance]);
  }
}

void dynamic_tables(BitReader& in, Huffman& lit, Huffman& dist) {
  const int nlen = static_cast<int>(in.bits(5)) + 257;
  const int ndist = static_cast<int>(in.bits(5)) + 1;
  const int ncode = static_cast<int>(in.bits(4)) + 4;
  if (nlen > 286 || ndist > 30) in.fail("bad table sizes");
  static constexpr std::array<uint8_t, 19> kOrder = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                     11, 4,  12, 3, 13, 2, 14, 1, 15};
  std::array<uint8_t, 320> lengths{};
  for (int i = 0; i < ncode; ++i) lengths[kOrder[static_cast<size_t>(i)]] = static_cast<uint8_t>(in.bits(3));
  const Huffman codes = build(lengths.data(), 19, in);
  lengths.fill(0);
  int index = 0;
  while (index < nlen + ndist) {
    int sym = decode(codes, in);
    if (sym < 16) {
      lengths[static_cast<size_t>(index++)] = static_cast<uint8_t>(sym);
      continue;
    }
    uint8_t value = 0;
    int repeat = 0;
    if (sym == 16) {
      if (index == 0) in.fail("repeat with no previous length");
      value = lengths[static_cast<size_t>(index - 1)];
      repeat = 3 + static_cast<int>(in.bits(2));
    } else if (sym == 17) {
      repeat = 3 + static_cast<int>(in.bits(3));
    } else {
      repeat = 11 + static_cast<int>(in.bits(7));
    }
    if (index + repeat > nlen + ndist) in.fail("too many code lengths");
    while (repeat-- > 0) lengths[static_cast<size_t>(index++)] = value;
  }
  if (lengths[256] == 0) in.fail("no end-of-block code");
  lit = build(lengths.data(), nlen, in);
  dist = build(lengths.data() + nlen, ndist, in);
}

}  // namespace

std::vector<uint8_t> inflate_raw(const uint8_t* data, size_t size, size_t expected_size,
                                 const std::string& what) {
  BitReader in(data, size, what);
  std::vector<uint8_t> out;
  out.reserve(expected_size);
  int last = 0;
  while (last == 0) {
    last = in.bit();
    const uint32_t type = in.bits(2);
    if (type == 0) {
      in.align_to_byte();
      const uint8_t* header = in.take_bytes(4);
      const uint32_t len = header[0] | (header[1] << 8);
      const uint32_t nlen = header[2] | (header[3] << 8);
      if ((len ^ 0xffffu) != nlen) in.fail("stored block length check failed");
      if (len > expected_size - out.size()) in.fail("more output than expected");
      const uint8_t* bytes = in.take_bytes(len);
      out.insert(out.end(), bytes, bytes + len);
    } else if (type == 1) {
      std::array<uint8_t, 320> lengths{};
      for (int i = 0; i < 144; ++i) lengths[static_cast<size_t>(i)] = 8;
      for (int i = 144; i < 256; ++i) lengths[static_cast<size_t>(i)] = 9;
      for (int i = 256; i < 280; ++i) lengths[static_cast<size_t>(i)] = 7;
      for (int i = 280; i < 288; ++i) lengths[static_cast<size_t>(i)] = 8;
      for (int i = 288; i < 318; ++i) lengths[static_cast<size_t>(i)] = 5;
      const Huffman lit = build(lengths.data(), 288, in);
      const Huffman dist = build(lengths.data() + 288, 30, in);
      inflate_block(lit, dist, in, out, expected_size);
    } else if (type == 2) {
      Huffman lit, dist;
      dynamic_tables(in, lit, dist);
      inflate_block(lit, dist, in, out, expected_size);
    } else {
      in.fail("invalid block type 3");
    }
  }
  if (out.size() != expected_size) in.fail("output size differs from the archive's record");
  return out;
}

}  // namespace mlonmcu::models
