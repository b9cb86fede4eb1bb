// report.xlsx: the report for spreadsheets (xlsx.cc).
#pragma once

#include <filesystem>

#include "report/report.h"

namespace mlonmcu::report {

// Written whole or not at all; throws Error(Io) naming the file.
void write_xlsx(const Report& report, const std::filesystem::path& path);

}  // namespace mlonmcu::report
