#include "report/columns.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

namespace mlonmcu::report {

const std::vector<Column>& session_columns() {
  static const std::vector<Column> columns = {
#define COLUMN(ID, NAME, UNIT, TYPE, FLAGS, DESCRIPTION) {NAME, UNIT, ColumnType::TYPE, FLAGS, DESCRIPTION},
#include "report/columns.def"
#undef COLUMN
  };
  return columns;
}

const Column* find_session_column(const std::string& name) {
  for (const Column& c : session_columns())
    if (c.name == name) return &c;
  return nullptr;
}

const char* column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::Text: return "text";
    case ColumnType::Integer: return "integer";
    case ColumnType::Real: return "real";
    case ColumnType::Bool: return "boolean";
  }
  return "text";
}

namespace {

bool all_digits(const std::string& s, size_t begin, size_t end) {
  if (begin >= end) return false;
  for (size_t i = begin; i < end; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// End of the integer part of `s` written as a plain number ("-12", "0"), or npos.
size_t integer_part_end(const std::string& s) {
  const size_t begin = !s.empty() && s[0] == '-' ? 1 : 0;
  size_t end = s.find_first_not_of("0123456789", begin);
  if (end == std::string::npos) end = s.size();
  if (!all_digits(s, begin, end)) return std::string::npos;
  if (s[begin] == '0' && end - begin > 1) return std::string::npos;  // leading zero: an id, not a number
  return end;
}

}  // namespace

std::optional<long long> parse_integer_cell(const std::string& text) {
  if (integer_part_end(text) != text.size()) return std::nullopt;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE) return std::nullopt;
  return value;
}

std::optional<double> parse_real_cell(const std::string& text) {
  size_t pos = integer_part_end(text);
  if (pos == std::string::npos) return std::nullopt;
  if (pos < text.size() && text[pos] == '.') {
    size_t end = text.find_first_not_of("0123456789", pos + 1);
    if (end == std::string::npos) end = text.size();
    if (!all_digits(text, pos + 1, end)) return std::nullopt;
    pos = end;
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    if (!all_digits(text, pos, text.size())) return std::nullopt;
    pos = text.size();
  }
  if (pos != text.size()) return std::nullopt;
  errno = 0;
  const double value = std::strtod(text.c_str(), nullptr);
  if (errno == ERANGE) return std::nullopt;
  return value;
}

std::optional<bool> parse_bool_cell(const std::string& text) {
  if (text == "true" || text == "True") return true;
  if (text == "false" || text == "False") return false;
  return std::nullopt;
}

std::string describe_columns() {
  std::string out = fmt::format("{:<28} {:<8} {:<17} {}\n", "column", "type", "unit", "meaning");
  for (const Column& c : session_columns())
    out += fmt::format("{:<28} {:<8} {:<17} {}\n", c.name, column_type_name(c.type), c.unit.empty() ? "-" : c.unit,
                       c.description);
  return out;
}

}  // namespace mlonmcu::report
