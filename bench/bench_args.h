// Command-line helpers shared by the benchmark commands.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace mlonmcu::bench {

// "a,b,,c" → {"a", "b", "c"}
inline std::vector<std::string> split_list(const std::string& s, char separator = ',') {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, separator);)
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace mlonmcu::bench
