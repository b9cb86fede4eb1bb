// host_x86: compiling and running host programs, failures as clear errors, and exact instruction
// counts between the harness markers under callgrind. Expected counts are known by construction:
// the programs spin in an x86-64 asm loop of exactly two instructions per iteration
// ("dec; jnz"), and two programs that differ only in iteration counts (data, not code) must
// differ by exactly twice the added iterations in each phase.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/process.h"
#include "config/config.h"
#include "targets/host/host_target.h"

namespace mlonmcu::targets::host_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "mlonmcu_host_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Host {
  explicit Host(const std::vector<std::string>& assignments = {}) {
    target.declare_config(registry);
    cfg = config::Config::parse(registry, assignments);
  }
  HostTarget target;
  config::Registry registry;
  config::Config cfg;
};

CompileResult compile(const Host& host, const fs::path& dir, const std::string& source,
                      const std::vector<std::string>& defines = {}) {
  fs::create_directories(dir);
  std::ofstream(dir / "prog.c") << source;
  CompileRequest request;
  request.work_dir = dir;
  request.sources = {dir / "prog.c"};
  request.defines = defines;
  return host.target.compile(request, host.cfg);
}

RunResult run(const Host& host, const fs::path& elf, const fs::path& work_dir, int32_t layers = 0) {
  fs::create_directories(work_dir);
  RunRequest request;
  request.elf = elf;
  request.work_dir = work_dir;
  request.count_layers = layers > 0;
  request.num_layers = layers;
  return host.target.run(request, host.cfg);
}

Error run_expecting_error(const Host& host, const std::string& source) {
  ScratchDir dir;
  const auto elf = compile(host, dir.path(), source).elf;
  try {
    run(host, elf, dir.path() / "run");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorKind::Internal, "none");
}

bool have_valgrind() { return !find_program("valgrind").empty(); }

#define SKIP_WITHOUT_CALLGRIND()                                                    \
  do {                                                                              \
    if (!have_valgrind()) GTEST_SKIP() << "valgrind not installed";                 \
  } while (0)

// Markers as the MLIF harness defines them, a two-instruction spin loop, 3 layers per inference.
// SETUP_ITERS, L0, L1, L2 (iterations per layer) and RUNS come from -D.
constexpr const char* kMarkedProgram = R"(
#include <stdint.h>
#include <stdio.h>
__attribute__((noinline)) void mlif_mark_setup_done(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlif_mark_run_begin(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlif_mark_run_end(void) { __asm__ volatile(""); }
__attribute__((noinline)) void mlonmcu_layer_begin(int32_t i) { __asm__ volatile("" : : "r"(i)); }
__attribute__((noinline)) void mlonmcu_layer_end(int32_t i) { __asm__ volatile("" : : "r"(i)); }
static volatile unsigned layer_iters[3] = {L0, L1, L2};
static volatile unsigned setup_iters = SETUP_ITERS;
__attribute__((noinline)) static void spin(unsigned n) {
  __asm__ volatile("1: dec %0\n\tjnz 1b" : "+r"(n) : : "cc");
}
int main(void) {
  int r, l;
  spin(setup_iters);
  mlif_mark_setup_done();
  for (r = 0; r < RUNS; ++r) {
    mlif_mark_run_begin();
    for (l = 0; l < 3; ++l) {
      mlonmcu_layer_begin(l);
      spin(layer_iters[l]);
      mlonmcu_layer_end(l);
    }
    mlif_mark_run_end();
  }
  printf("MLIF_DONE %d\n", RUNS);
  return 0;
}
)";

std::vector<std::string> marked_defines(int setup, int l0, int l1, int l2, int runs) {
  return {"SETUP_ITERS=" + std::to_string(setup), "L0=" + std::to_string(l0), "L1=" + std::to_string(l1),
          "L2=" + std::to_string(l2), "RUNS=" + std::to_string(runs)};
}

#if defined(__x86_64__)
#define SKIP_UNLESS_X86_64() (void)0
#else
#define SKIP_UNLESS_X86_64() GTEST_SKIP() << "the spin loop is x86-64 assembly"
#endif

TEST(HostCallgrind, PhasesDifferByExactlyTheAddedLoopIterations) {
  SKIP_WITHOUT_CALLGRIND();
  SKIP_UNLESS_X86_64();
  Host host({"host_x86.count=callgrind"});
  ScratchDir dir;
  const auto base = compile(host, dir.path() / "base",
                            kMarkedProgram, marked_defines(1000, 100, 200, 300, 2));
  const auto more = compile(host, dir.path() / "more",
                            kMarkedProgram, marked_defines(1500, 150, 200, 370, 2));
  const RunResult a = run(host, base.elf, dir.path() / "run_base", 3);
  const RunResult b = run(host, more.elf, dir.path() / "run_more", 3);
  ASSERT_TRUE(a.setup_instructions && a.run_instructions && a.total_instructions);
  ASSERT_TRUE(b.setup_instructions && b.run_instructions && b.total_instructions);
  ASSERT_EQ(a.layer_instructions.size(), 3u);
  ASSERT_EQ(b.layer_instructions.size(), 3u);
  // Two instructions per added iteration: setup +500 iterations; per inference +50 and +70.
  EXPECT_EQ(*b.setup_instructions - *a.setup_instructions, 2 * 500);
  EXPECT_EQ(*b.run_instructions - *a.run_instructions, 2 * 2 * (50 + 70));
  EXPECT_EQ(b.layer_instructions[0] - a.layer_instructions[0], 2 * 2 * 50);
  EXPECT_EQ(b.layer_instructions[1] - a.layer_instructions[1], 0);
  EXPECT_EQ(b.layer_instructions[2] - a.layer_instructions[2], 2 * 2 * 70);
  EXPECT_EQ(*b.total_instructions - *a.total_instructions, 2 * 500 + 2 * 2 * (50 + 70));
  // Each phase holds at least its own loops, and the phases are disjoint parts of the total.
  EXPECT_GE(*a.setup_instructions, 2 * 1000);
  for (int l = 0; l < 3; ++l) EXPECT_GE(a.layer_instructions[l], 2 * 2 * 100 * (l + 1));
  EXPECT_GE(*a.run_instructions, a.layer_instructions[0] + a.layer_instructions[1] + a.layer_instructions[2]);
  EXPECT_LE(*a.setup_instructions + *a.run_instructions, *a.total_instructions);
  EXPECT_THAT(a.output, HasSubstr("MLIF_DONE 2"));
}

TEST(HostCallgrind, CountsAreIdenticalAcrossRunsAndProgramLocations) {
  SKIP_WITHOUT_CALLGRIND();
  Host host({"host_x86.count=callgrind"});
  ScratchDir dir;
  const auto defines = marked_defines(10, 20, 30, 40, 1);
  const auto near = compile(host, dir.path() / "a", kMarkedProgram, defines);
  const auto far = compile(host, dir.path() / "a_much_longer_directory_name_for_the_program" / "nested",
                           kMarkedProgram, defines);
  const RunResult first = run(host, near.elf, dir.path() / "r1", 3);
  const RunResult second = run(host, near.elf, dir.path() / "second_run_dir", 3);
  const RunResult moved = run(host, far.elf, dir.path() / "r3", 3);
  for (const RunResult* r : {&second, &moved}) {
    EXPECT_EQ(r->setup_instructions, first.setup_instructions);
    EXPECT_EQ(r->run_instructions, first.run_instructions);
    EXPECT_EQ(r->total_instructions, first.total_instructions);
    EXPECT_EQ(r->layer_instructions, first.layer_instructions);
  }
}

TEST(HostCallgrind, LayersOnlyWhenAskedAndArtifactsKeptSmall) {
  SKIP_WITHOUT_CALLGRIND();
  Host host({"host_x86.count=callgrind"});
  ScratchDir dir;
  const auto prog = compile(host, dir.path(), kMarkedProgram, marked_defines(10, 20, 30, 40, 3));
  const RunResult r = run(host, prog.elf, dir.path() / "run", 0);
  EXPECT_TRUE(r.layer_instructions.empty());
  ASSERT_TRUE(r.run_instructions.has_value());
  EXPECT_GE(*r.run_instructions, 3 * 2 * (20 + 30 + 40));
  // The per-marker dumps are summarised and removed.
  EXPECT_FALSE(fs::exists(dir.path() / "run" / "callgrind"));
  std::ifstream summary(dir.path() / "run" / "callgrind_counts.txt");
  std::stringstream text;
  text << summary.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("runs 3\n"));
  EXPECT_THAT(text.str(), HasSubstr("run " + std::to_string(*r.run_instructions) + "\n"));
}

TEST(HostCallgrind, WithoutCountingNoInstructionsAreReportedAndLayerCountsAreRefused) {
  Host host;
  ScratchDir dir;
  const auto prog = compile(host, dir.path(), kMarkedProgram, marked_defines(1, 1, 1, 1, 1));
  const RunResult r = run(host, prog.elf, dir.path() / "run");
  EXPECT_FALSE(r.total_instructions || r.setup_instructions || r.run_instructions);
  EXPECT_TRUE(r.layer_instructions.empty());
  EXPECT_EQ(r.output, "MLIF_DONE 1\n");
  // layer_profile without callgrind would give no layer rows: a clear error instead.
  try {
    run(host, prog.elf, dir.path() / "run", 3);
    ADD_FAILURE() << "layer counts without callgrind were accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Config);
    EXPECT_THAT(e.what(), HasSubstr("host_x86.count=callgrind"));
  }
}

TEST(HostCallgrind, CrashUnderCallgrindIsTargetError) {
  SKIP_WITHOUT_CALLGRIND();
  const Error e = run_expecting_error(Host({"host_x86.count=callgrind"}),
                                      "int main(void) { *(volatile int*)0 = 1; return 0; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_THAT(e.what(), HasSubstr("host_x86: program crashed: killed by signal 11"));
  EXPECT_THAT(e.what(), HasSubstr("callgrind.log"));
}

TEST(HostCallgrind, EndlessLoopUnderCallgrindTimesOut) {
  SKIP_WITHOUT_CALLGRIND();
  const auto start = std::chrono::steady_clock::now();
  const Error e = run_expecting_error(Host({"host_x86.count=callgrind", "host_x86.timeout=1"}),
                                      "int main(void) { for (;;) { __asm__ volatile(\"\"); } }\n");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(e.kind(), ErrorKind::Timeout);
  EXPECT_LT(seconds, 10.0);
}

TEST(HostFailure, SegfaultIsTargetErrorNamingTheSignal) {
  const Error e = run_expecting_error(Host(), "int main(void) { *(volatile int*)0 = 1; return 0; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_THAT(e.what(), HasSubstr("host_x86: program crashed: killed by signal 11"));
}

TEST(HostFailure, AbortSaysAborted) {
  const Error e = run_expecting_error(Host(), "#include <stdlib.h>\nint main(void) { abort(); }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_THAT(e.what(), HasSubstr("host_x86: program aborted"));
}

TEST(HostFailure, NonZeroExitNamesTheCode) {
  const Error e = run_expecting_error(Host(), "int main(void) { return 3; }\n");
  EXPECT_EQ(e.kind(), ErrorKind::Target);
  EXPECT_EQ(std::string(e.what()), "host_x86: exit code 3");
}

TEST(HostFailure, EndlessLoopTimesOutWithinSeconds) {
  const auto start = std::chrono::steady_clock::now();
  const Error e = run_expecting_error(Host({"host_x86.timeout=1"}),
                                      "int main(void) { for (;;) { __asm__ volatile(\"\"); } }\n");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(e.kind(), ErrorKind::Timeout);
  EXPECT_THAT(e.what(), HasSubstr("timed out after 1 s"));
  EXPECT_LT(seconds, 5.0);
}

TEST(HostFailure, MissingCompilerIsToolchainErrorWithInstallHint) {
  Host host({"host_x86.cc=/nonexistent/cc"});
  ScratchDir dir;
  try {
    compile(host, dir.path(), "int main(void) { return 0; }\n");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), HasSubstr("'/nonexistent/cc' not found"));
    EXPECT_THAT(e.what(), HasSubstr("apt-get install -y gcc"));
  }
}

TEST(HostFailure, CompileErrorIsToolchainErrorWithCompilerMessage) {
  Host host;
  ScratchDir dir;
  try {
    compile(host, dir.path(), "int main(void) { return undeclared_thing; }\n");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), HasSubstr("does not compile"));
    EXPECT_THAT(e.what(), HasSubstr("undeclared_thing"));
  }
}

// gnu99 (not ISO C) lets gcc contract by default, as clang always does.
// a*b is not exact in float (1 + 2^-11 + 2^-24 needs 24 fraction bits), so a fused a*b - p keeps
// the rounding error 2^-24 while separate multiply and subtract give exactly 0. Volatile loads
// keep the two products apart so the second one can be contracted.
constexpr const char* kContractionProgram = R"(
#include <stdio.h>
static volatile float a = 1.0f + 0x1p-12f, b = 1.0f + 0x1p-12f;
static volatile float p;
int main(void) {
  float residual;
  p = a * b;
  residual = a * b - p;
  printf("%a\n", (double)residual);
  return 0;
}
)";

bool cpu_has_fma() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

TEST(HostFlags, NoFusedMultiplyAddByDefaultEvenWithFmaEnabled) {
  SKIP_UNLESS_X86_64();
  Host host({"host_x86.cflags=-mfma -std=gnu99"});
  ScratchDir dir;
  const auto prog = compile(host, dir.path(), kContractionProgram);
  EXPECT_EQ(run(host, prog.elf, dir.path() / "run").output, "0x0p+0\n");
}

TEST(HostFlags, UserFlagsComeLastAndCanReenableContraction) {
  SKIP_UNLESS_X86_64();
  if (!cpu_has_fma()) GTEST_SKIP() << "CPU without FMA";
  Host host({"host_x86.cflags=-mfma   -ffp-contract=fast"});
  ScratchDir dir;
  const auto prog = compile(host, dir.path(), kContractionProgram);
  const std::string out = run(host, prog.elf, dir.path() / "run").output;
  EXPECT_TRUE(out == "0x1p-24\n" || out == "-0x1p-24\n") << out;
}

TEST(HostFlags, ExtraDefineReachesTheProgram) {
  Host host({"host_x86.cflags=-DEXTRA_VALUE=7 -Wall"});
  ScratchDir dir;
  const auto prog =
      compile(host, dir.path(), "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", EXTRA_VALUE); }\n");
  EXPECT_EQ(run(host, prog.elf, dir.path() / "run").output, "7\n");
}

TEST(HostFlags, QuotedFlagsAreAConfigError) {
  Host host({"host_x86.cflags=-DNAME=\"a b\""});
  ScratchDir dir;
  try {
    compile(host, dir.path(), "int main(void) { return 0; }\n");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Config);
    EXPECT_THAT(e.what(), HasSubstr("host_x86.cflags"));
  }
}

}  // namespace
}  // namespace mlonmcu::targets::host_test
