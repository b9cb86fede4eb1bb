// Prints what the session engine shares and caches, for the 24-run session of issue 7: the
// MLPerf Tiny models aww, vww, resnet, toycar × the backends interp and aot × host_x86,
// rv32_qemu, cm4_qemu, --parallel 2 (with --opt-alternatives: one backend × two config
// alternatives, -O2 and -Os on every target); first in a fresh environment (cold), then the same
// session again (warm): tasks run and reused per kind, processes started per program, compiler
// invocations, wall time. Usage:
//   bench_session [--models a,b] [--backends b1,b2] [--targets t1,t2] [--parallel N]
//                 [--opt-alternatives] [--keep DIR]
// The environment is a temporary one on ../shared/models (kept in DIR with --keep).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "bench_args.h"
#include "common/error.h"
#include "environment/environment.h"
#include "session/session.h"

namespace fs = std::filesystem;
using namespace mlonmcu;

namespace {

bool is_compiler(const std::string& program) {
  for (const char* suffix : {"gcc", "g++", "cc", "c++", "clang", "clang++", "-ar", "ar"})
    if (program.size() >= std::string(suffix).size() &&
        program.compare(program.size() - std::string(suffix).size(), std::string::npos, suffix) == 0)
      return true;
  return false;
}

int compiler_invocations(const session::SessionResult& r) {
  int n = 0;
  for (const auto& [program, count] : r.programs) n += is_compiler(program) ? count : 0;
  return n;
}

size_t failed_runs(const session::SessionResult& r) {
  size_t n = 0;
  for (const auto& row : r.report.rows())
    if (!row.count("Sub") && row.at("Failing") == "true") ++n;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> models = {"aww", "vww", "resnet", "toycar"};
  std::vector<std::string> backends = {"interp", "aot"};
  std::vector<std::string> targets = {"host_x86", "rv32_qemu", "cm4_qemu"};
  std::string keep;
  int parallel = 2;
  bool opt_alternatives = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--opt-alternatives") {
      opt_alternatives = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "bench_session: %s needs a value\n", flag.c_str());
      return 2;
    }
    const std::string value = argv[++i];
    if (flag == "--models") models = bench::split_list(value);
    else if (flag == "--backends") backends = bench::split_list(value);
    else if (flag == "--targets") targets = bench::split_list(value);
    else if (flag == "--parallel") parallel = std::stoi(value);
    else if (flag == "--keep") keep = value;
    else {
      std::fprintf(stderr, "bench_session: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  const fs::path shared = fs::path(MLONMCU_SOURCE_DIR) / ".." / ".." / "shared" / "models";
  if (!fs::exists(shared)) {
    std::fprintf(stderr, "bench_session: no %s\n", shared.string().c_str());
    return 2;
  }
  try {
    const fs::path home = keep.empty() ? fs::temp_directory_path() / fmt::format("mlonmcu_bench_session_{}", ::getpid())
                                       : fs::path(keep);
    fs::remove_all(home);
    environment::InitOptions init;
    init.model_dirs = {fs::canonical(shared)};
    const auto env = environment::init_environment(home, init);

    session::SessionSpec spec;
    spec.models = models;
    spec.backends = opt_alternatives ? std::vector<std::string>{backends.front()} : backends;
    spec.targets = targets;
    if (opt_alternatives) {
      for (const char* opt : {"O2", "Os"}) {
        std::vector<std::string> alternative;
        for (const auto& t : targets) alternative.push_back(fmt::format("{}.opt={}", t, opt));
        spec.config_gen.push_back(alternative);
      }
    }
    spec.parallel = parallel;
    spec.progress = false;
    spec.verbosity = -1;
    const session::SessionResult cold = session::run_session(env, spec);
    const session::SessionResult warm = session::run_session(env, spec);

    const size_t variants = opt_alternatives ? 2 : spec.backends.size();
    fmt::print("session: {} models x {} x {} targets = {} runs, --parallel {}\n\n", models.size(),
               opt_alternatives ? "2 config alternatives (-O2, -Os)"
                                : fmt::format("{} backends ({})", variants, fmt::join(spec.backends, ", ")),
               targets.size(), models.size() * targets.size() * variants, parallel);
    fmt::print("{:<12} {:>6} {:>7} {:>7}   {:>6} {:>7} {:>7}\n", "tasks", "cold", "", "", "warm", "", "");
    fmt::print("{:<12} {:>6} {:>7} {:>7}   {:>6} {:>7} {:>7}\n", "kind", "ran", "reused", "failed", "ran", "reused",
               "failed");
    for (session::TaskKind kind : session::kTaskKinds) {
      const auto c = cold.stats.count(kind) ? cold.stats.at(kind) : session::KindStats{};
      const auto w = warm.stats.count(kind) ? warm.stats.at(kind) : session::KindStats{};
      if (c.ran + c.reused + c.failed + w.ran + w.reused + w.failed == 0) continue;
      fmt::print("{:<12} {:>6} {:>7} {:>7}   {:>6} {:>7} {:>7}\n", session::task_kind_name(kind), c.ran, c.reused,
                 c.failed, w.ran, w.reused, w.failed);
    }
    fmt::print("\nprocesses started (cold / warm):\n");
    std::map<std::string, std::pair<int, int>> programs;
    for (const auto& [p, n] : cold.programs) programs[p].first = n;
    for (const auto& [p, n] : warm.programs) programs[p].second = n;
    for (const auto& [p, n] : programs) fmt::print("  {:<28} {:>5} / {}\n", p, n.first, n.second);
    fmt::print("\ncompiler invocations: cold {}, warm {}\n", compiler_invocations(cold), compiler_invocations(warm));
    fmt::print("wall time: cold {:.1f} s, warm {:.1f} s\n", cold.seconds, warm.seconds);
    fmt::print("failed runs: cold {}, warm {}\n", failed_runs(cold), failed_runs(warm));
    if (keep.empty()) fs::remove_all(home);
    return failed_runs(cold) + failed_runs(warm) == 0 ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "bench_session: %s\n", e.what());
    return 1;
  }
}
