// Runs the kernels' randomized equivalence suite (tests/kernels/equivalence.c) with more cases
// than the tests do, on the host and compiled for simulated targets, and prints per target the
// cases, optimized-kernel runs compared and mismatches (with the first mismatch lines). Usage:
//   bench_equivalence [--targets cm4_qemu,cm55_qemu,rv32_qemu] [--seed N] [--cases N]
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "config/config.h"
#include "kernels/equivalence.h"
#include "kernels/equivalence_program.h"
#include "targets/target.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

std::vector<std::string> g_host_lines;
void collect(const char* line) { g_host_lines.emplace_back(line); }

void print_row(const std::string& where, int64_t cases, int64_t variants, int64_t mismatches,
               const std::vector<std::string>& lines) {
  std::printf("| %s | %lld | %lld | %lld |\n", where.c_str(), static_cast<long long>(cases),
              static_cast<long long>(variants), static_cast<long long>(mismatches));
  for (size_t i = 0; i < lines.size() && i < 5; ++i) std::printf("|   %s | | | |\n", lines[i].c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> target_names = {"cm4_qemu", "cm55_qemu", "rv32_qemu"};
  uint32_t seed = 1;
  int32_t cases = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--targets") target_names = split(value);
    else if (flag == "--seed") seed = static_cast<uint32_t>(std::stoul(value));
    else if (flag == "--cases") cases = std::stoi(value);
    else {
      std::fprintf(stderr, "bench_equivalence: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  bool all_ok = true;
  std::printf("| where | cases | optimized runs | mismatches |\n|---|---:|---:|---:|\n");
  const mlonmcu_equivalence_result_t host = mlonmcu_equivalence_run(seed, cases, collect);
  print_row("host", host.cases, host.variants, host.mismatches, g_host_lines);
  all_ok = all_ok && host.mismatches == 0;
  const fs::path work = fs::temp_directory_path() / fmt::format("mlonmcu_equivalence_{}", ::getpid());
  for (const auto& name : target_names) {
    try {
      auto target = targets::make_target(name);
      config::Registry registry;
      target->declare_config(registry);
      const config::Config cfg = config::Config::parse(registry, {name + ".timeout=3600"});
      const auto request = test::equivalence_program(work / name, work / "deps", seed, cases);
      targets::RunRequest run;
      run.elf = target->compile(request, cfg).elf;
      run.work_dir = work / name;
      const targets::RunResult result = target->run(run, cfg);
      const test::EquivalenceCounts counts = test::parse_equivalence_output(result.output);
      std::vector<std::string> lines;
      std::istringstream out(result.output);
      for (std::string line; std::getline(out, line);)
        if (line.rfind("MISMATCH ", 0) == 0) lines.push_back(line.substr(9));
      print_row(name, counts.cases, counts.variants, counts.mismatches, lines);
      all_ok = all_ok && counts.mismatches == 0 && counts.cases > 0;
    } catch (const Error& e) {
      std::printf("| %s | failed: %s | | |\n", name.c_str(), e.what());
      all_ok = false;
    }
  }
  std::error_code ec;
  fs::remove_all(work, ec);
  return all_ok ? 0 : 1;
}
