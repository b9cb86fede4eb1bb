// Cache keys, self-describing entries and the task cache, with an in-memory file system.
#include <gtest/gtest.h>

#include "cache/cache_entry.h"
#include "cache/cache_key.h"
#include "cache/explanation.h"
#include "cache/task_cache.h"
#include "common/content_hash.h"
#include "fakes/fake_file_system.h"

namespace mlonmcu::cache {
namespace {

TEST(ContentHash, MatchesSha256OfLabelledFields) {
  // sha256("l:3:abc") and sha256("") computed with Python's hashlib.
  ContentHash labelled;
  labelled.add("l", "abc");
  EXPECT_EQ(labelled.hex(), "ad0c2cc7b03b3d81f31401c8c90d5dcd44be114344ef3a48ae93b618e9140724");
  EXPECT_EQ(ContentHash().hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ContentHash ab_c, a_bc;
  ab_c.add("x", "ab");
  ab_c.add("x", "c");
  a_bc.add("x", "a");
  a_bc.add("x", "bc");
  EXPECT_NE(ab_c.hex(), a_bc.hex());
}

CacheKey sample_key(const std::string& opt = "O2") {
  CacheKey key;
  key.format("compile", 1).tool("gcc", "size=10 mtime=5").config("cm4_qemu.opt", opt).input("a.c", "int a;");
  return key;
}

TEST(CacheKey, EveryFieldKindAndLabelCountsAndTheTextReadsBack) {
  EXPECT_EQ(sample_key().digest(), sample_key().digest());
  EXPECT_NE(sample_key("O2").digest(), sample_key("Os").digest());
  // The same value under another label or kind is another key.
  CacheKey as_config, as_input;
  as_config.config("x", "1");
  as_input.input_digest("x", "1");
  EXPECT_NE(as_config.digest(), as_input.digest());
  const auto back = CacheKey::parse_text(sample_key().text());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fields(), sample_key().fields());
  EXPECT_EQ(back->digest(), sample_key().digest());
  EXPECT_EQ(sample_key().fields()[3].value, sha256_hex("int a;"));  // contents are kept as digests
  EXPECT_FALSE(CacheKey::parse_text("nonsense line\n"));
}

TEST(Explanation, TheMostImportantDifferenceIsNamed) {
  CacheKey a = sample_key(), format, tool, config, input, removed;
  format.format("compile", 2).tool("gcc", "size=10 mtime=5").config("cm4_qemu.opt", "Os").input("a.c", "x");
  tool.format("compile", 1).tool("gcc", "size=11 mtime=6").config("cm4_qemu.opt", "Os");
  config.format("compile", 1).tool("gcc", "size=10 mtime=5").config("cm4_qemu.opt", "Os").input("a.c", "x");
  input.format("compile", 1).tool("gcc", "size=10 mtime=5").config("cm4_qemu.opt", "O2").input("a.c", "int b;");
  removed.format("compile", 1).tool("gcc", "size=10 mtime=5").config("cm4_qemu.opt", "O2");
  EXPECT_EQ(explain_difference(a.fields(), format.fields()).text(), "ran: format changed: compile 1 -> 2");
  EXPECT_EQ(explain_difference(a.fields(), tool.fields()).text(), "ran: tool changed: gcc");
  EXPECT_EQ(explain_difference(a.fields(), config.fields()).text(), "ran: config changed: cm4_qemu.opt O2 -> Os");
  EXPECT_EQ(explain_difference(a.fields(), input.fields()).text(), "ran: input changed: a.c");
  EXPECT_EQ(explain_difference(a.fields(), removed.fields()).text(), "ran: input changed: a.c (no longer used)");
  EXPECT_EQ(explain_difference(a.fields(), a.fields()).why, Why::NoEntry);
}

CacheEntry sample_entry() {
  CacheEntry e;
  e.kind = "COMPILE";
  e.key = sample_key().digest();
  e.metadata = R"({"program":"program.elf"})";
  e.files = {{"program.elf", std::string("\x7f" "ELF\0\1\2", 7), true}, {"notes.txt", "", false}};
  return e;
}

TEST(CacheEntry, RoundTripsAndRejectsEveryKindOfDamage) {
  CacheEntry entry = sample_entry();
  entry.tools = {{"/usr/bin/gcc", "size=10 mtime=5"}};
  const std::string bytes = encode_entry(entry);
  const DecodedEntry ok = decode_entry(bytes);
  ASSERT_TRUE(ok.entry) << ok.problem;
  EXPECT_EQ(ok.entry->key, sample_entry().key);
  EXPECT_EQ(ok.entry->files.size(), 2u);
  EXPECT_EQ(ok.entry->files[0].content, sample_entry().files[0].content);
  EXPECT_TRUE(ok.entry->files[0].executable);
  EXPECT_FALSE(ok.entry->files[1].executable);
  EXPECT_EQ(ok.entry->tools, entry.tools);

  EXPECT_EQ(decode_entry(bytes.substr(0, bytes.size() - 1)).problem.rfind("size", 0), 0u);
  EXPECT_EQ(decode_entry(bytes.substr(0, 10)).problem, "not a cache entry (bad magic)");
  EXPECT_EQ(decode_entry("").problem, "not a cache entry (bad magic)");
  std::string flipped = bytes;
  flipped[bytes.size() - 3] ^= 1;
  EXPECT_EQ(decode_entry(flipped).problem, "checksum mismatch");
  std::string other_version = bytes;
  other_version[14] = 9;  // the version right after the magic
  EXPECT_EQ(decode_entry(other_version).problem, "entry format 9 (this MLonMCU reads 1)");
}

class TaskCacheTest : public ::testing::Test {
 protected:
  mlonmcu::testing::FakeFileSystem files;
  TaskCache cache{files, "/deps/cache"};
  const std::string identity = "COMPILE aww/interp/cm4_qemu";
};

TEST_F(TaskCacheTest, StoresFindsAndExplainsMisses) {
  EXPECT_EQ(cache.lookup(identity, sample_key()).why.why, Why::NoEntry);
  cache.store("COMPILE", identity, sample_key(), sample_entry());
  const auto hit = cache.lookup(identity, sample_key());
  ASSERT_TRUE(hit.entry);
  EXPECT_EQ(hit.why.why, Why::Reused);
  EXPECT_EQ(hit.entry->metadata, sample_entry().metadata);
  // Another key of the same task: what changed, compared with the closest earlier key.
  cache.store("COMPILE", identity, sample_key("O3"), sample_entry());
  const auto miss = cache.lookup(identity, sample_key("Os"));
  EXPECT_FALSE(miss.entry);
  EXPECT_EQ(miss.why.text(), "ran: config changed: cm4_qemu.opt O3 -> Os");
  CacheKey newer_format;
  newer_format.format("compile", 2).tool("gcc", "size=10 mtime=5").config("cm4_qemu.opt", "O2").input("a.c", "int a;");
  EXPECT_EQ(cache.lookup(identity, newer_format).why.why, Why::FormatChanged);
  // Unrelated identities know nothing of each other.
  EXPECT_EQ(cache.lookup("COMPILE vww/interp/cm4_qemu", sample_key("Os")).why.why, Why::NoEntry);
}

TEST_F(TaskCacheTest, ARecordedToolThatChangedIsAMiss) {
  files.put("/usr/bin/gcc", "gcc 12");
  CacheEntry entry = sample_entry();
  entry.tools = {{"/usr/bin/gcc", tool_identity(files, "/usr/bin/gcc")}};
  cache.store("COMPILE", identity, sample_key(), entry);
  EXPECT_TRUE(cache.lookup(identity, sample_key()).entry);
  files.put("/usr/bin/gcc", "gcc 13 (upgraded)");
  const auto after = cache.lookup(identity, sample_key());
  EXPECT_FALSE(after.entry);
  EXPECT_EQ(after.why.text(), "ran: tool changed: gcc");
  EXPECT_EQ(tool_identity(files, "/usr/bin/nothing"), "missing");
}

TEST_F(TaskCacheTest, ACorruptEntryIsReportedNotUsed) {
  cache.store("COMPILE", identity, sample_key(), sample_entry());
  for (const auto& f : files.all_files()) {
    if (f.extension() != ".entry") continue;
    std::string bytes = files.content(f);
    files.put(f, bytes.substr(0, bytes.size() / 2));  // torn
  }
  const auto torn = cache.lookup(identity, sample_key());
  EXPECT_FALSE(torn.entry);
  EXPECT_EQ(torn.why.why, Why::EntryCorrupt);
}

TEST_F(TaskCacheTest, TrimKeepsOnlyTheEntriesOfKeptSessions) {
  for (const char* opt : {"O2", "Os", "O3"}) cache.store("COMPILE", identity, sample_key(opt), sample_entry());
  const auto trimmed = cache.trim({sample_key("O2").digest(), sample_key("O3").digest()});
  EXPECT_EQ(trimmed.entries, 1u);
  EXPECT_EQ(trimmed.bytes, encode_entry([] {
                             CacheEntry e = sample_entry();
                             e.key = sample_key("Os").digest();
                             return e;
                           }()).size());
  EXPECT_FALSE(cache.lookup(identity, sample_key("Os")).entry);
  EXPECT_TRUE(cache.lookup(identity, sample_key("O2")).entry);
  EXPECT_TRUE(cache.lookup(identity, sample_key("O3")).entry);
}

}  // namespace
}  // namespace mlonmcu::cache
