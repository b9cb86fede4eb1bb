// SHA-256 content hash for cache keys (task outputs, runtime libraries).
// Every field is added with a label and its length, so ("ab","c") and ("a","bc") differ.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace mlonmcu {

class ContentHash {
 public:
  ContentHash();
  // Adds a labelled field: label, length, bytes.
  void add(std::string_view label, std::string_view value);
  // Adds a file's path label and its whole content; throws Error(Io) when unreadable.
  void add_file(std::string_view label, const std::filesystem::path& path);
  // Lower-case hex digest; the object must not be used afterwards.
  std::string hex();

 private:
  void update(const uint8_t* data, size_t size);
  void block(const uint8_t* chunk);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

}  // namespace mlonmcu
