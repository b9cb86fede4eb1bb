// The equivalence suite (equivalence.c) as a program for a target: sources, the kernel library
// to link, and its output protocol ("MISMATCH <text>" lines, then "EQUIVALENCE <cases>
// <variants> <mismatches>"; the exit code is 0 unless the program crashes, so the mismatches
// reach the caller). Used by the on-target test and by
// bench/bench_equivalence.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "backends/runtime_sources.h"
#include "targets/target.h"

namespace mlonmcu::test {

inline targets::CompileRequest equivalence_program(const std::filesystem::path& dir,
                                                   const std::filesystem::path& cache_dir,
                                                   uint32_t seed, int32_t cases) {
  namespace fs = std::filesystem;
  const fs::path tests = backends::source_root() / ".." / "tests";
  fs::create_directories(dir);
  const fs::path main_c = dir / "equivalence_main.c";
  std::ofstream(main_c) << fmt::format(R"(#include <stdio.h>
#include "kernels/equivalence.h"
static void report(const char* line) {{ printf("MISMATCH %s\n", line); }}
int main(void) {{
  const mlonmcu_equivalence_result_t r = mlonmcu_equivalence_run({}u, {}, report);
  printf("EQUIVALENCE %d %d %d\n", (int)r.cases, (int)r.variants, (int)r.mismatches);
  return 0;
}}
)",
                                       seed, cases);
  targets::CompileRequest request;
  request.work_dir = dir;
  request.program_name = "equivalence";
  request.sources = {main_c, tests / "kernels" / "equivalence.c"};
  request.include_dirs = {tests};
  request.libraries = {backends::runtime_library(/*with_interpreter=*/false)};
  request.cache_dir = cache_dir;
  return request;
}

struct EquivalenceCounts {
  int64_t cases = -1, variants = -1, mismatches = -1;
};

inline EquivalenceCounts parse_equivalence_output(const std::string& output) {
  EquivalenceCounts counts;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string tag;
    if (words >> tag && tag == "EQUIVALENCE") words >> counts.cases >> counts.variants >> counts.mismatches;
  }
  return counts;
}

}  // namespace mlonmcu::test
