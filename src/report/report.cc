#include "report/report.h"

#include <set>

namespace mlonmcu::report {

const std::vector<std::string>& canonical_columns() {
  static const std::vector<std::string> columns = {
      // What ran.
      "Session", "Run", "Sub", "Model", "Frontend", "Framework", "Backend", "Platform", "Target",
      "Features", "Config", "Comment", "Failing", "Failure", "Reason", "Incomplete",
      // What was measured.
      "Setup Instructions", "Run Instructions", "Total Instructions", "Total Cycles",
      "Total ROM", "ROM code", "ROM read-only", "ROM misc",
      "Total RAM", "RAM data", "RAM zero-init data", "RAM stack", "RAM heap",
      "Workspace Size [B]", "Validation", "Validation Max Diff", "Validation Top-1",
      // How long it took.
      "Load Stage Time [s]", "Build Stage Time [s]", "Compile Stage Time [s]", "Run Stage Time [s]",
      "Postprocess Stage Time [s]",
  };
  return columns;
}

std::vector<std::string> Report::columns() const {
  std::set<std::string> used;
  std::vector<std::string> extras;  // first-seen order
  const auto& canonical = canonical_columns();
  const std::set<std::string> known(canonical.begin(), canonical.end());
  for (const auto& row : rows_) {
    for (const auto& [name, value] : row) {
      if (used.insert(name).second && known.count(name) == 0) extras.push_back(name);
    }
  }
  std::vector<std::string> result;
  for (const auto& name : canonical) {
    if (used.count(name) != 0) result.push_back(name);
  }
  result.insert(result.end(), extras.begin(), extras.end());
  return result;
}

}  // namespace mlonmcu::report
