// What version a compiler or simulator is, for library cache keys and the report's Compiler and
// Simulator columns. Asked once per program and process (a process start each).
#pragma once

#include <filesystem>
#include <string>

namespace mlonmcu::targets {

// The first line `program --version` prints ("" when it cannot be started).
std::string version_line(const std::filesystem::path& program);

// "<program's file name> <version>" ("arm-none-eabi-gcc 12.2.1", "qemu-system-arm 7.2.15"): the
// first dotted number outside parentheses of version_line (inside them when there is none
// outside); "" for an empty path.
std::string tool_with_version(const std::filesystem::path& program);

// The dotted number of a --version line as tool_with_version picks it ("" when none).
std::string version_number(const std::string& line);

}  // namespace mlonmcu::targets
