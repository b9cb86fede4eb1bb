// Building for the simulated targets: the runtime-library cache, ISA/board variants, stack
// painting.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "baremetal_test_util.h"
#include "common/error.h"
#include "targets/baremetal/qemu_icount.h"

#ifndef MLONMCU_SOURCE_DIR
#error "MLONMCU_SOURCE_DIR must point at src/"
#endif

namespace mlonmcu::targets::testing {
namespace {

using ::testing::HasSubstr;

size_t cache_entries(const fs::path& dir) {
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.is_directory() ? 1 : 0;
  return n;
}

TEST(LibraryCache, LibraryIsBuiltOnceAndRebuiltWhenASourceChanges) {
  TargetFixture f("rv32_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  const fs::path lib_dir = dir.path() / "lib";
  write_file(lib_dir / "include" / "twice.h", "int twice(int x);\n");
  const fs::path lib_src = write_file(lib_dir / "twice.c", "#include \"twice.h\"\nint twice(int x) { return 2 * x; }\n");
  CompileRequest request;
  request.sources = {write_file(dir.path() / "main.c", "#include \"twice.h\"\nint main(void) { return twice(21) - 42; }\n")};
  request.libraries = {Library{"twice", Language::C, {lib_src}, {lib_dir / "include"}, {}}};
  request.cache_dir = dir.path() / "deps";

  request.work_dir = dir.path() / "run1";
  const CompileResult first = f.target->compile(request, f.cfg);
  const fs::path cache = request.cache_dir / "rv32_qemu";
  ASSERT_EQ(cache_entries(cache), 1u);
  const auto archive = fs::directory_iterator(cache)->path() / "libtwice.a";
  const auto built_at = fs::last_write_time(archive);

  request.work_dir = dir.path() / "run2";
  f.target->compile(request, f.cfg);
  EXPECT_EQ(cache_entries(cache), 1u);
  EXPECT_EQ(fs::last_write_time(archive), built_at);  // reused, not rebuilt

  RunRequest run;
  run.elf = first.elf;
  run.work_dir = request.work_dir;
  EXPECT_EQ(f.target->run(run, f.cfg).exit_code, 0);

  write_file(lib_dir / "include" / "twice.h", "int twice(int x); /* edited */\n");
  f.target->compile(request, f.cfg);
  EXPECT_EQ(cache_entries(cache), 2u);  // a header change is a new key
  write_file(lib_dir / "detail" / "inner.h", "/* a private header below the sources */\n");
  f.target->compile(request, f.cfg);
  EXPECT_EQ(cache_entries(cache), 3u);  // so is a private header next to the sources

  TargetFixture os("rv32_qemu", {"rv32_qemu.opt=Os"});
  os.target->compile(request, os.cfg);
  EXPECT_EQ(cache_entries(cache), 4u);  // other flags, other entry
}

TEST(LibraryCache, BrokenLibrarySourceIsToolchainError) {
  TargetFixture f("cm4_qemu");
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  CompileRequest request;
  request.work_dir = dir.path() / "run";
  request.sources = {write_file(dir.path() / "main.c", "int main(void) { return 0; }\n")};
  request.libraries = {Library{"broken", Language::C, {write_file(dir.path() / "broken.c", "int f(void) { return }\n")}, {}, {}}};
  request.cache_dir = dir.path() / "deps";
  try {
    f.target->compile(request, f.cfg);
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), HasSubstr("broken.c does not compile"));
  }
  // Nothing half-built is left behind as a cache entry.
  EXPECT_EQ(cache_entries(request.cache_dir / "cm4_qemu"), 0u);
}

// Every ISA / board variant builds and runs a program using floats and printf.
class Variants : public ::testing::TestWithParam<std::pair<std::string, std::vector<std::string>>> {};

TEST_P(Variants, BuildsAndRuns) {
  TargetFixture f(GetParam().first, GetParam().second);
  SKIP_WITHOUT_TOOLS(f);
  TempDir dir;
  RunRequest request;
  request.elf = compile_program(f, dir.path(),
                                "#include <stdio.h>\nvolatile float x = 1.5f;\n"
                                "int main(void) { printf(\"v %d\\n\", (int)(x * 4.0f)); return 0; }\n")
                    .elf;
  request.work_dir = dir.path();
  const RunResult result = f.target->run(request, f.cfg);
  EXPECT_EQ(result.output, "v 6\n");
  EXPECT_GT(result.total_instructions.value_or(0), 100);
}

INSTANTIATE_TEST_SUITE_P(
    Targets, Variants,
    ::testing::Values(std::make_pair(std::string("rv32_qemu"), std::vector<std::string>{}),
                      std::make_pair(std::string("rv32_qemu"), std::vector<std::string>{"rv32_qemu.arch=rv32imac"}),
                      std::make_pair(std::string("rv32_qemu"), std::vector<std::string>{"rv32_qemu.arch=rv32gc"}),
                      std::make_pair(std::string("cm0_qemu"), std::vector<std::string>{}),
                      std::make_pair(std::string("cm3_qemu"), std::vector<std::string>{}),
                      std::make_pair(std::string("cm4_qemu"), std::vector<std::string>{"cm4_qemu.opt=Os"}),
                      std::make_pair(std::string("cm7_qemu"), std::vector<std::string>{}),
                      std::make_pair(std::string("cm33_qemu"), std::vector<std::string>{}),
                      std::make_pair(std::string("cm55_qemu"), std::vector<std::string>{})),
    [](const auto& p) { return p.param.first + "_" + std::to_string(p.index); });

TEST(StackPaint, PeakStackIsMeasured) {
  for (const std::string name : {"rv32_qemu", "cm4_qemu"}) {
    TargetFixture f(name, {name + ".stack_size=16384"});
    SKIP_WITHOUT_TOOLS(f);
    TempDir dir;
    const fs::path mlif = fs::path(MLONMCU_SOURCE_DIR) / "platform" / "mlif";
    CompileRequest request;
    request.work_dir = dir.path();
    // Four nested frames of a 1000-byte buffer each: at least 4000 bytes of stack.
    request.sources = {write_file(dir.path() / "deep.c",
                                  "#include <stdio.h>\n#include <string.h>\n#include \"stack_paint.h\"\n"
                                  "__attribute__((noinline)) int deep(int n) { volatile char b[1000];"
                                  " memset((char*)b, n, sizeof b); return n ? deep(n - 1) + b[7] : 0; }\n"
                                  "int main(void) { mlif_stack_paint(); int r = deep(3);\n"
                                  " printf(\"MLIF_STACK %lu\\n\", (unsigned long)mlif_stack_peak_bytes()); return r - 6; }\n"),
                       mlif / "stack_paint.c"};
    request.include_dirs = {mlif};
    RunRequest run;
    run.elf = f.target->compile(request, f.cfg).elf;
    run.work_dir = dir.path();
    const RunResult result = f.target->run(run, f.cfg);
    ASSERT_TRUE(result.stack_bytes.has_value()) << result.output;
    EXPECT_GE(*result.stack_bytes, 4000);
    EXPECT_LT(*result.stack_bytes, 6000);  // not the whole 16 KiB region: painting worked
  }
}

TEST(IcountFile, MalformedOrMissingFileIsTargetError) {
  TempDir dir;
  EXPECT_THROW(read_icount_file(dir.path() / "missing.txt", "t"), Error);
  const fs::path bad = write_file(dir.path() / "bad.txt", "mlonmcu_icount 1\ntotal x\n");
  EXPECT_THROW(read_icount_file(bad, "t"), Error);
  const fs::path good = write_file(dir.path() / "good.txt",
                                   "mlonmcu_icount 1\ntotal 100\nsetup -1\nrun 0\nruns 0\nlayer_calls 0\n");
  const IcountCounts counts = read_icount_file(good, "t");
  EXPECT_EQ(counts.total, 100);
  EXPECT_FALSE(counts.setup.has_value());
  EXPECT_FALSE(counts.run.has_value());
}

TEST(IcountPluginOption, MarkersAndEscapedCommas) {
  IcountMarkers markers;
  markers.setup = 0x10;
  markers.run_begin = 0x20;
  markers.layer_begin = 0x30;
  markers.layer_end = 0x40;
  EXPECT_EQ(icount_plugin_option("/p/a.so", "/w,x/out", markers, 0), "/p/a.so,out=/w,,x/out,setup=0x10,run_begin=0x20");
  EXPECT_EQ(icount_plugin_option("/p/a.so", "/o", markers, 3),
            "/p/a.so,out=/o,setup=0x10,run_begin=0x20,layer_begin=0x30,layer_end=0x40,layers=3");
}

TEST(TargetNames, FactoriesKnowTheirNames) {
  EXPECT_EQ(riscv_target_names(), std::vector<std::string>{"rv32_qemu"});
  EXPECT_EQ(arm_target_names(),
            (std::vector<std::string>{"cm0_qemu", "cm3_qemu", "cm4_qemu", "cm7_qemu", "cm33_qemu", "cm55_qemu"}));
  for (const auto& name : arm_target_names()) EXPECT_EQ(make_arm_target(name)->name(), name);
  EXPECT_EQ(make_riscv_target("cm4_qemu"), nullptr);
  EXPECT_EQ(make_arm_target("rv32_qemu"), nullptr);
  config::Registry registry;
  make_riscv_target("rv32_qemu")->declare_config(registry);
  EXPECT_THROW(config::Config::parse(registry, {"rv32_qemu.arch=rv64gc"}), Error);
  EXPECT_EQ(config::Config::parse(registry, {}).get_string("rv32_qemu.opt"), "O2");
}

}  // namespace
}  // namespace mlonmcu::targets::testing
