// The report as JSON (for scripts) and as a Markdown table (for CI logs).
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <optional>

#include "report/report.h"
#include "report/report_files.h"

namespace mlonmcu::report {

namespace {

bool all_digits(const std::string& s, size_t begin, size_t end) {
  if (begin >= end) return false;
  for (size_t i = begin; i < end; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// Only text that is exactly how a number is written becomes a JSON number: "007", "1.", "+3",
// " 4" or "0x10" stay strings, so no cell is silently changed by the conversion.
std::optional<nlohmann::ordered_json> as_number(const std::string& s) {
  size_t pos = s.empty() || s[0] != '-' ? 0 : 1;
  const size_t int_end = s.find_first_not_of("0123456789", pos);
  const size_t int_stop = int_end == std::string::npos ? s.size() : int_end;
  if (!all_digits(s, pos, int_stop)) return std::nullopt;
  if (s[pos] == '0' && int_stop - pos > 1) return std::nullopt;  // leading zero
  if (int_stop == s.size()) {
    errno = 0;
    const long long value = std::strtoll(s.c_str(), nullptr, 10);
    if (errno == ERANGE) return std::nullopt;
    return nlohmann::ordered_json(static_cast<int64_t>(value));
  }
  pos = int_stop;
  if (s[pos] == '.') {
    const size_t frac_end = s.find_first_not_of("0123456789", pos + 1);
    const size_t frac_stop = frac_end == std::string::npos ? s.size() : frac_end;
    if (!all_digits(s, pos + 1, frac_stop)) return std::nullopt;
    pos = frac_stop;
  }
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
    if (!all_digits(s, pos, s.size())) return std::nullopt;
    pos = s.size();
  }
  if (pos != s.size()) return std::nullopt;
  errno = 0;
  const double value = std::strtod(s.c_str(), nullptr);
  if (errno == ERANGE) return std::nullopt;
  return nlohmann::ordered_json(value);
}

std::string markdown_cell(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_json(const Report& report) {
  const auto columns = report.columns();
  auto rows = nlohmann::ordered_json::array();
  for (const auto& row : report.rows()) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& column : columns) {
      const auto it = row.find(column);
      if (it == row.end()) {
        object[column] = nullptr;
      } else if (auto number = as_number(it->second)) {
        object[column] = std::move(*number);
      } else {
        object[column] = it->second;
      }
    }
    rows.push_back(std::move(object));
  }
  // Replace invalid UTF-8 (e.g. bytes from a crashing program's output in Reason) instead of throwing.
  return rows.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void write_json(const Report& report, const std::filesystem::path& path) {
  write_text_file(path, to_json(report));
}

std::string to_markdown(const Report& report) {
  const auto columns = report.columns();
  if (columns.empty()) return "";
  std::string out = "|";
  for (const auto& column : columns) out += " " + markdown_cell(column) + " |";
  out += "\n|";
  for (size_t i = 0; i < columns.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& row : report.rows()) {
    out += "|";
    for (const auto& column : columns) {
      const auto it = row.find(column);
      out += " " + (it == row.end() ? std::string() : markdown_cell(it->second)) + " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace mlonmcu::report
