// Writes byte arrays as C99 source (generated model data, harness data).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mlonmcu {

// "const uint8_t NAME[N] __attribute__((aligned(A))) = {...};" — 16 bytes per line.
std::string c_byte_array(const std::string& name, const std::vector<uint8_t>& bytes,
                         bool is_const = true, bool is_static = false, int alignment = 16);

// Writes bytes to a file (temp + rename); throws Io.
void write_binary_file(const std::string& path, const std::vector<uint8_t>& bytes);

// Writes text to a file atomically enough for our use (temp + rename); throws Io.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace mlonmcu
