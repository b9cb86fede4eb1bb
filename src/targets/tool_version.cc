#include "targets/tool_version.h"

#include <cctype>
#include <map>
#include <mutex>

#include "common/process.h"

namespace mlonmcu::targets {

std::string version_line(const std::filesystem::path& program) {
  static std::mutex mutex;
  static std::map<std::string, std::string> lines;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = lines.find(program.string());
  if (it != lines.end()) return it->second;
  ProcessOptions options;
  options.timeout = std::chrono::seconds(60);
  const ProcessResult r = run_process({program.string(), "--version"}, options);
  return lines[program.string()] = r.out.substr(0, r.out.find('\n'));
}

namespace {

// The first run of digits with at least one '.' inside, at parenthesis depth `depth` only.
std::string dotted_number(const std::string& line, bool in_parentheses) {
  int depth = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '(') ++depth;
    if (c == ')') depth = depth > 0 ? depth - 1 : 0;
    if ((depth > 0) != in_parentheses || !std::isdigit(static_cast<unsigned char>(c))) continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '.')) continue;
    size_t end = i;
    while (end < line.size() && (std::isdigit(static_cast<unsigned char>(line[end])) || line[end] == '.')) ++end;
    while (end > i && line[end - 1] == '.') --end;
    const std::string number = line.substr(i, end - i);
    if (number.find('.') != std::string::npos) return number;
    i = end;
  }
  return "";
}

}  // namespace

std::string version_number(const std::string& line) {
  std::string number = dotted_number(line, false);
  return number.empty() ? dotted_number(line, true) : number;
}

std::string tool_with_version(const std::filesystem::path& program) {
  if (program.empty()) return "";
  const std::string number = version_number(version_line(program));
  return program.filename().string() + (number.empty() ? "" : " " + number);
}

}  // namespace mlonmcu::targets
