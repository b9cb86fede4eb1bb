// CSV as RFC 4180 describes it: a header row, fields separated by commas, a field quoted when it
// holds a comma, a double quote, CR or LF, with quotes inside doubled. Lines end in "\n"
// (what pandas and the Python MLonMCU write; every CSV reader accepts it).
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "common/error.h"
#include "report/report.h"
#include "report/report_files.h"

namespace mlonmcu::report {

namespace {

void append_field(std::string& out, const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string to_csv(const Report& report) {
  const auto columns = report.columns();
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i != 0) out += ',';
    append_field(out, columns[i]);
  }
  out += '\n';
  for (const auto& row : report.rows()) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i != 0) out += ',';
      append_field(out, cell(row, columns[i]));
    }
    out += '\n';
  }
  return out;
}

void write_csv(const Report& report, const std::filesystem::path& path) {
  write_text_file(path, to_csv(report));
}

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      throw Error(ErrorKind::Io, fmt::format("cannot create directory {}: {}", path.parent_path().string(),
                                             ec.message()));
    }
  }
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::Io, fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno)));
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(tmp, ec);
      throw Error(ErrorKind::Io, fmt::format("cannot write {} (disk full?)", path.string()));
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw Error(ErrorKind::Io, fmt::format("cannot write {}", path.string()));
  }
}

}  // namespace mlonmcu::report
