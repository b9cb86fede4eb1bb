#include "common/case_report.h"

#include <sstream>

#include "common/hex.h"

namespace mlonmcu {

std::vector<CaseRun> parse_case_report(std::string_view output, size_t count,
                                           std::string_view program) {
  std::vector<CaseRun> out(count);
  std::istringstream lines{std::string(output)};
  CaseRun* current = nullptr;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string tag, status;
    size_t index = 0;
    if (!(words >> tag >> index)) continue;
    if (tag == "case") {
      current = index < count ? &out[index] : nullptr;
      if (current == nullptr) continue;
      words >> status;
      current->ok = status == "ok";
      if (!current->ok) std::getline(words >> std::ws, current->error);
    } else if (tag == "output" && current != nullptr) {
      std::string hex;
      words >> hex;
      if (auto bytes = decode_hex(hex)) {
        current->outputs.push_back(std::move(*bytes));
      } else {
        current->ok = false;
        current->error = "garbled output line from " + std::string(program);
      }
    }
  }
  for (CaseRun& c : out)
    if (!c.ok && c.error.empty()) c.error = "no result from " + std::string(program);
  return out;
}

}  // namespace mlonmcu
