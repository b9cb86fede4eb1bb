// Lower-case hex text of bytes, as the harness and the runner programs print outputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlonmcu {

// Two lower-case digits per byte.
std::string encode_hex(const std::vector<uint8_t>& bytes);

// The bytes of `hex`; nullopt when its length is odd or it holds anything but 0-9a-f.
std::optional<std::vector<uint8_t>> decode_hex(std::string_view hex);

}  // namespace mlonmcu
