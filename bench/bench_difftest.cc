// The differential tests at scale: N randomized models per op and dtype variant (seeded), run
// through TensorFlow Lite Micro's reference kernels on the host and through the built-in
// backends on each target; prints per op, variant, backend and target how many cases were
// bit-exact, and the first difference of each failing group. Usage:
//   bench_difftest [--seed S] [--cases N] [--ops A,B] [--backends interp,aot]
//                  [--targets host_x86,rv32_qemu,cm4_qemu] [--tflm DIR] [--cache DIR] [--failures]
// Exit code 1 when a case fails. --cache keeps TFLM's compiled libraries between invocations.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_util.h"
#include "common/error.h"
#include "difftest/differential.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

int main(int argc, char** argv) {
  uint64_t seed = 1;
  int count = 20;
  std::vector<std::string> ops, backends = {"interp", "aot"}, targets = {"host_x86"};
  fs::path tflm = fs::path(MLONMCU_SOURCE_DIR) / ".." / ".." / "shared" / "third_party" / "tflite-micro";
  fs::path cache;
  bool all_failures = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--failures") {
      all_failures = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "bench_difftest: %s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--seed") seed = std::stoull(value);
    else if (flag == "--cases") count = std::stoi(value);
    else if (flag == "--ops") ops = bench::split_list(value);
    else if (flag == "--backends") backends = bench::split_list(value);
    else if (flag == "--targets") targets = bench::split_list(value);
    else if (flag == "--tflm") tflm = value;
    else if (flag == "--cache") cache = value;
    else {
      std::fprintf(stderr, "bench_difftest: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  const fs::path work = fs::temp_directory_path() / fmt::format("mlonmcu_bench_difftest_{}", ::getpid());
  if (cache.empty()) cache = work / "cache";
  int failed = 0;
  try {
    const std::vector<difftest::Case> cases = difftest::make_cases(seed, count, ops);
    std::printf("%zu cases (seed %llu, %d per op and variant)\n\n", cases.size(),
                static_cast<unsigned long long>(seed), count);
    std::printf("| op | variant | backend | target | bit-exact | first failure |\n|---|---|---|---|---:|---|\n");
    for (const std::string& target : targets) {
      difftest::DiffSettings s;
      s.tflm_root = tflm;
      s.cache_dir = cache;
      s.work_dir = work / target;
      s.backends = backends;
      s.target = target;
      struct Group {
        int cases = 0, passed = 0;
        std::string first_failure;
      };
      std::map<std::tuple<std::string, std::string, std::string>, Group> groups;
      for (const difftest::CaseOutcome& o : difftest::run_differential(cases, s)) {
        Group& g = groups[{o.op, o.variant, o.backend}];
        ++g.cases;
        g.passed += o.passed ? 1 : 0;
        if (!o.passed) {
          ++failed;
          if (g.first_failure.empty()) g.first_failure = o.name + ": " + o.detail;
          if (all_failures) std::fprintf(stderr, "%s %s %s: %s\n", target.c_str(), o.backend.c_str(), o.name.c_str(), o.detail.c_str());
        }
      }
      for (const auto& [key, g] : groups)
        std::printf("| %s | %s | %s | %s | %d/%d | %s |\n", std::get<0>(key).c_str(), std::get<1>(key).c_str(),
                    std::get<2>(key).c_str(), target.c_str(), g.passed, g.cases, g.first_failure.c_str());
    }
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_difftest: %s\n", e.what());
    return 1;
  }
  std::error_code ec;
  fs::remove_all(work / "host_x86", ec);
  std::printf("\n%d failing\n", failed);
  return failed == 0 ? 0 : 1;
}
