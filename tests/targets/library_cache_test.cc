// The library cache with the host's compilers: C++ libraries, one build per entry when many
// threads ask at once, and keys that follow a library's defines and language.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "baremetal_test_util.h"
#include "common/error.h"
#include "common/process.h"
#include "targets/baremetal/library_cache.h"

namespace mlonmcu::targets::testing {
namespace {

size_t lines_in(const fs::path& file) {
  std::ifstream in(file);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

// A host toolchain whose compilers log every call before running the real one.
Toolchain logging_toolchain(const fs::path& dir, const fs::path& log) {
  auto wrapper = [&](const std::string& name, const std::string& real) {
    const fs::path script = write_file(dir / name, "#!/bin/sh\necho \"$@\" >> " + log.string() + "\nexec " + real +
                                                       " \"$@\"\n");
    ::chmod(script.c_str(), 0755);
    return script;
  };
  Toolchain t;
  t.target = "host_x86";
  t.c_compiler = wrapper("cc", find_program("cc").string());
  t.cxx_compiler = wrapper("c++", find_program("c++").string());
  t.archiver = find_program("ar");
  t.c_flags = {"-O2"};
  t.cxx_flags = {"-O2", "-std=c++17", "-fno-exceptions"};
  return t;
}

TEST(LibraryCache, ThreadsAskingForOneLibraryShareOneBuild) {
  if (find_program("cc").empty() || find_program("c++").empty()) GTEST_SKIP() << "no host cc/c++";
  TempDir dir;
  const fs::path log = dir.path() / "calls.log";
  const Toolchain toolchain = logging_toolchain(dir.path(), log);
  Library lib{"twice", Language::Cxx, {}, {dir.path() / "include"}, {"FACTOR=2"}};
  write_file(dir.path() / "include" / "twice.h", "extern \"C\" int twice(int x);\n");
  for (int i = 0; i < 3; ++i)
    lib.sources.push_back(write_file(dir.path() / ("part" + std::to_string(i) + ".cc"),
                                     "#include \"twice.h\"\nint part" + std::to_string(i) +
                                         "(int x) { return FACTOR * x; }\n"));
  lib.sources.push_back(write_file(dir.path() / "twice.cc",
                                   "#include \"twice.h\"\nextern \"C\" int twice(int x) { return FACTOR * x; }\n"));
  const fs::path cache = dir.path() / "deps";

  std::vector<fs::path> archives(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < archives.size(); ++i)
    threads.emplace_back([&, i] { archives[i] = cached_library(toolchain, lib, cache); });
  for (auto& t : threads) t.join();
  for (const auto& a : archives) EXPECT_EQ(a, archives[0]);
  EXPECT_EQ(archives[0].filename(), "libtwice.a");
  EXPECT_EQ(lines_in(log), lib.sources.size());  // each source compiled once, not once per thread

  // A C program links the C++ library through its C interface (with the C++ driver).
  const fs::path main_c = write_file(dir.path() / "main.c", "int twice(int);\nint main(void) { return twice(21) - 42; }\n");
  const ProcessResult link = run_process({find_program("c++").string(), "-x", "c", main_c.string(), "-x", "none",
                                          archives[0].string(), "-o", (dir.path() / "prog").string()});
  ASSERT_TRUE(link.ok()) << link.err;
  EXPECT_EQ(run_process({(dir.path() / "prog").string()}).exit_code, 0);

  // Defines and language are part of the key.
  Library other = lib;
  other.defines = {"FACTOR=3"};
  EXPECT_NE(library_key(toolchain, other), library_key(toolchain, lib));
  EXPECT_NE(library_digest(other), library_digest(lib));
  Library as_c = lib;
  as_c.language = Language::C;
  EXPECT_NE(library_key(toolchain, as_c), library_key(toolchain, lib));
  // Another spelling of the same files (through "..", as two checkouts name a shared one) is
  // the same library.
  Library respelled = lib;
  for (auto& source : respelled.sources) source = source.parent_path() / "include" / ".." / source.filename();
  respelled.include_dirs = {dir.path() / "include" / ".." / "include"};
  EXPECT_EQ(library_digest(respelled), library_digest(lib));
}

TEST(LibraryCache, CompileErrorNamesTheLibraryAndLeavesNoEntry) {
  if (find_program("cc").empty()) GTEST_SKIP() << "no host cc";
  TempDir dir;
  const Toolchain toolchain = logging_toolchain(dir.path(), dir.path() / "calls.log");
  const Library lib{"broken", Language::C, {write_file(dir.path() / "bad.c", "int f(void) { return }\n")}, {}, {}};
  try {
    (void)cached_library(toolchain, lib, dir.path() / "deps");
    FAIL() << "no error thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Toolchain);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("library broken: host_x86: bad.c does not compile"));
  }
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "deps" / "host_x86")) entries += entry.is_directory();
  EXPECT_EQ(entries, 0u);
}

}  // namespace
}  // namespace mlonmcu::targets::testing
