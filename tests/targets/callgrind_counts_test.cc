// The callgrind dump reader and the split of dumps into Setup / Run / Total / per-layer counts,
// on hand-written dump headers with hand-computed sums (no valgrind needed).
#include "targets/host/callgrind_counts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "common/error.h"

namespace mlonmcu::targets::callgrind {
namespace {

namespace fs = std::filesystem;

class DumpDir {
 public:
  DumpDir() {
    std::string pattern = (fs::temp_directory_path() / "mlonmcu_cgparse_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~DumpDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  DumpDir(const DumpDir&) = delete;
  DumpDir& operator=(const DumpDir&) = delete;
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A dump as callgrind 3.19 writes it, reduced to the header lines and one cost record.
std::string dump(int part, const std::string& trigger, const std::string& events, const std::string& sums,
                 bool with_totals = true) {
  std::string text = "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 42\ncmd:  ./p\n";
  text += "part: " + std::to_string(part) + "\n\n\ndesc: I1 cache: \n\ndesc: Timerange: Basic block 0 - 9\n";
  text += "desc: Trigger: " + trigger + "\n\npositions: line\n";
  text += "events: " + events + "\nsummary: " + sums + "\n\n";
  text += "ob=(1) /tmp/p\nfl=(1) ???\nfn=(1) main\n0 3\n\n";
  if (with_totals) text += "totals: " + sums + "\n";
  return text;
}

Error read_error(const fs::path& file) {
  try {
    read_part(file);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << file;
  return Error(ErrorKind::Internal, "none");
}

TEST(CallgrindParts, ReadsPartTriggerAndInstructionColumn) {
  DumpDir dir;
  const Part p = read_part(dir.write("a", dump(3, "--dump-before=mlif_mark_run_end", "Ir", "120")));
  EXPECT_EQ(p.index, 3);
  EXPECT_EQ(p.trigger, "mlif_mark_run_end");
  EXPECT_EQ(p.instructions, 120);

  const Part q = read_part(dir.write("b", dump(1, "Program termination", "Dr Ir Dw", "5 99 7")));
  EXPECT_EQ(q.trigger, "");
  EXPECT_EQ(q.instructions, 99);

  // Without the closing totals line the header summary is used.
  const Part r = read_part(dir.write("c", dump(2, "--dump-before=x", "Ir", "8", false)));
  EXPECT_EQ(r.instructions, 8);
}

TEST(CallgrindParts, MalformedOrMissingFilesAreTargetErrors) {
  DumpDir dir;
  EXPECT_EQ(read_error(dir.path() / "missing").kind(), ErrorKind::Target);
  EXPECT_THAT(read_error(dir.write("text", "hello\n")).what(), ::testing::HasSubstr("no format line"));
  const std::string truncated = dump(1, "Program termination", "Ir", "5").substr(0, 150);
  EXPECT_EQ(read_error(dir.write("truncated", truncated)).kind(), ErrorKind::Target);
  EXPECT_THAT(read_error(dir.write("no_ir", dump(1, "Program termination", "Dr", "5"))).what(),
              ::testing::HasSubstr("no Ir event"));
  EXPECT_THAT(read_error(dir.write("bad_num", dump(1, "Program termination", "Ir", "12x"))).what(),
              ::testing::HasSubstr("bad instruction count"));
}

TEST(CallgrindParts, AllDumpsOfABaseInPartOrderIgnoringOtherFiles) {
  DumpDir dir;
  dir.write("cg.out.2", dump(2, "--dump-before=b", "Ir", "20"));
  dir.write("cg.out.10", dump(10, "--dump-before=c", "Ir", "100"));
  dir.write("cg.out.1", dump(1, "--dump-before=a", "Ir", "10"));
  dir.write("cg.out", dump(11, "Program termination", "Ir", "110"));
  dir.write("cg.out.log", "not a dump\n");
  dir.write("cg.outer", "not a dump\n");
  const auto parts = read_parts(dir.path() / "cg.out");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0].trigger, "a");
  EXPECT_EQ(parts[1].trigger, "b");
  EXPECT_EQ(parts[2].trigger, "c");
  EXPECT_EQ(parts[3].trigger, "");
  EXPECT_EQ(parts[3].instructions, 110);
}

TEST(CallgrindParts, NoDumpIsATargetError) {
  DumpDir dir;
  EXPECT_THROW(read_parts(dir.path() / "cg.out"), Error);
}

Part part(const char* trigger, int64_t n) { return Part{0, trigger, n}; }

TEST(CallgrindSplit, SetupRunAndLayersFromMarkerIntervals) {
  // Two inferences of two layers each, then exit. The interval a part covers ends at the entry
  // of its trigger marker.
  const std::vector<Part> parts = {
      part(kSetupMarker, 100),    part(kRunBeginMarker, 5),   part(kLayerBeginMarker, 2),
      part(kLayerEndMarker, 30),  part(kLayerBeginMarker, 3), part(kLayerEndMarker, 50),
      part(kRunEndMarker, 4),     part(kRunBeginMarker, 6),   part(kLayerBeginMarker, 2),
      part(kLayerEndMarker, 31),  part(kLayerBeginMarker, 3), part(kLayerEndMarker, 51),
      part(kRunEndMarker, 4),     part("", 70)};
  const Counts c = split_at_markers(parts, 2);
  EXPECT_EQ(c.total, 361);
  EXPECT_EQ(c.setup, 100);
  EXPECT_EQ(c.run, (2 + 30 + 3 + 50 + 4) + (2 + 31 + 3 + 51 + 4));
  EXPECT_EQ(c.runs, 2);
  EXPECT_EQ(c.layer_calls, 4);
  EXPECT_EQ(c.layers, (std::vector<int64_t>{30 + 31, 50 + 51}));
}

TEST(CallgrindSplit, UnfinishedPhasesAreNotCounted) {
  // Setup marker never entered; an inference and a layer begin but the program ends first.
  const std::vector<Part> parts = {part(kRunBeginMarker, 10), part(kLayerBeginMarker, 1), part("", 500)};
  const Counts c = split_at_markers(parts, 1);
  EXPECT_EQ(c.total, 511);
  EXPECT_FALSE(c.setup.has_value());
  EXPECT_FALSE(c.run.has_value());
  EXPECT_EQ(c.runs, 0);
  EXPECT_EQ(c.layers, std::vector<int64_t>{0});
}

TEST(CallgrindSplit, LayerIndexWrapsAroundPerInference) {
  // Three layer calls with one layer per inference all land in layer 0.
  const std::vector<Part> parts = {part(kLayerBeginMarker, 1), part(kLayerEndMarker, 7),
                                   part(kLayerBeginMarker, 1), part(kLayerEndMarker, 8),
                                   part(kLayerBeginMarker, 1), part(kLayerEndMarker, 9)};
  const Counts c = split_at_markers(parts, 1);
  EXPECT_EQ(c.layers, std::vector<int64_t>{7 + 8 + 9});
  EXPECT_EQ(c.layer_calls, 3);
  EXPECT_TRUE(split_at_markers(parts, 0).layers.empty());
}

TEST(CallgrindSplit, DumpOptionsNameTheMarkers) {
  EXPECT_EQ(dump_options(false), (std::vector<std::string>{"--dump-before=mlif_mark_setup_done",
                                                            "--dump-before=mlif_mark_run_begin",
                                                            "--dump-before=mlif_mark_run_end"}));
  EXPECT_EQ(dump_options(true).size(), 5u);
}

}  // namespace
}  // namespace mlonmcu::targets::callgrind
