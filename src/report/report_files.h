// Writing report files: whole file or nothing, so a crash or a full disk never leaves a
// half-written report in place of a good one.
#pragma once

#include <filesystem>
#include <string>

namespace mlonmcu::report {

// Creates parent directories, writes <path>.tmp and renames it; throws Error(Io) naming the file.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace mlonmcu::report
