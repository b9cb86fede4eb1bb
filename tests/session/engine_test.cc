// The real scheduler (graph, plan, runner, stage tasks, cache, session log) with in-memory
// fakes for files, processes, the clock, backends and targets: sharing and ordering, failures
// that stay local, timeouts, killed processes, resume after an interruption at every stage,
// every explanation, corrupt cache entries.
#include "session/execute.h"

#include <set>

#include <gtest/gtest.h>

#include "backends/runtime_sources.h"
#include "fakes/fake_clock.h"
#include "fakes/fake_components.h"
#include "fakes/fake_file_system.h"
#include "fakes/fake_process_runner.h"
#include "session/cleanup.h"
#include "session/config_registry.h"

namespace mlonmcu::session {
namespace {

namespace fs = std::filesystem;
using mlonmcu::testing::fake_compiler;
using mlonmcu::testing::fake_simulator;
using Script = mlonmcu::testing::FakeProcessRunner::Script;

const std::vector<std::string> kTargets = {"host_x86", "rv32_qemu", "cm4_qemu"};

// Sets the interrupt flag when the first task of a kind starts (Ctrl-C at that moment).
class InterruptAt : public RunnerObserver {
 public:
  InterruptAt(TaskKind kind, std::atomic<bool>& flag) : kind_(kind), flag_(flag) {}
  void task_started(const Task& task) override {
    if (task.kind == kind_) flag_.store(true);
  }

 private:
  TaskKind kind_;
  std::atomic<bool>& flag_;
};

// Remembers the order in which tasks started and finished.
class Order : public RunnerObserver {
 public:
  void task_started(const Task& task) override { events.push_back({task.id, true}); }
  void task_finished(const Task& task, const TaskReport&) override { events.push_back({task.id, false}); }
  std::vector<std::pair<int, bool>> events;
};

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* m : {"aww", "vww"}) files.put(model_file(m), std::string("model ") + m);
    files.put(mlonmcu::testing::kFakeRuntimeSource, "int runtime;\n");
  }

  static fs::path model_file(const std::string& name) { return fs::path("/models") / name / (name + ".tflite"); }

  std::vector<RunSpec> runs(const std::vector<std::string>& model_names, const std::vector<std::string>& targets,
                            const std::vector<std::string>& configs = {}, const std::vector<std::string>& features = {},
                            const std::vector<std::string>& backends = {"interp"},
                            const std::vector<std::vector<std::string>>& config_gen = {}) {
    MatrixSpec m;
    for (const auto& name : model_names) {
      models::ModelInfo info;
      info.name = name;
      info.model_file = model_file(name);
      m.models.push_back(info);
    }
    m.backends = backends;
    m.targets = targets;
    m.configs = configs;
    m.features = features;
    m.config_gen = config_gen;
    return expand_runs(m, config_registry(), session_dir(), components);
  }

  fs::path session_dir() const { return env / "temp" / "sessions" / std::to_string(session); }

  ExecuteResult execute(const std::vector<RunSpec>& r, RunnerObserver* observer = nullptr,
                        const std::atomic<bool>* interrupt = nullptr,
                        std::optional<SessionLog::Contents> resume = std::nullopt) {
    ExecuteOptions o;
    o.session_dir = session_dir();
    o.cache_root = env / "deps" / "cache";
    o.library_cache = env / "deps";
    o.tool_identity = tool;
    o.parallel = 2;
    o.tick = std::chrono::milliseconds(50);
    o.observer = observer;
    o.interrupt = interrupt;
    o.resume = std::move(resume);
    return execute_session(r, components, {files, processes, clock}, o);
  }

  static const report::Report::Row& row_of(const ExecuteResult& r, int run) {
    for (const auto& row : r.rows)
      if (row.at("Run") == std::to_string(run) && !row.count("Sub")) return row;
    throw std::runtime_error("no row");
  }

  static cache::Why why_of(const ExecuteResult& r, const std::string& task) {
    const int id = r.graph.find(task);
    if (id < 0) throw std::runtime_error("no task " + task);
    return r.tasks[static_cast<size_t>(id)].why.why;
  }

  static std::string detail_of(const ExecuteResult& r, const std::string& task) {
    return r.tasks[static_cast<size_t>(r.graph.find(task))].why.detail;
  }

  mlonmcu::testing::FakeFileSystem files{{backends::source_root()}};
  mlonmcu::testing::FakeClock clock;
  mlonmcu::testing::FakeProcessRunner processes;
  mlonmcu::testing::FakeComponents components{files};
  fs::path env = "/env";
  int session = 0;
  std::string tool = "mlonmcu 1";
};

TEST_F(EngineTest, EqualWorkIsOneTaskThatStartsAfterItsInputs) {
  Order order;
  const auto r = execute(runs({"aww", "vww"}, kTargets), &order);
  ASSERT_EQ(r.rows.size(), 6u);
  for (const auto& row : r.rows) EXPECT_EQ(row.at("Failing"), "false") << row.at("Reason");
  // Each model loaded once, each model+backend built once, shared by its three targets.
  EXPECT_EQ(r.stats.at(TaskKind::Load).ran, 2);
  EXPECT_EQ(r.stats.at(TaskKind::Build).ran, 2);
  EXPECT_EQ(r.stats.at(TaskKind::Lib).ran, 3);  // one runtime library per target, for both models
  EXPECT_EQ(r.stats.at(TaskKind::Compile).ran, 6);
  EXPECT_EQ(r.stats.at(TaskKind::Run).ran, 6);
  EXPECT_EQ(r.stats.at(TaskKind::Postprocess).ran, 6);
  EXPECT_EQ(components.loads.load(), 2);
  EXPECT_EQ(components.builds.load(), 2);
  for (const auto& t : kTargets) {
    EXPECT_EQ(processes.count(fake_compiler(t)), 2u) << t;
    EXPECT_EQ(processes.count(mlonmcu::testing::fake_archiver(t)), 1u) << t;
  }
  // Every task started after all its dependencies finished.
  std::set<int> finished;
  for (const auto& [task, started] : order.events) {
    if (!started) {
      finished.insert(task);
      continue;
    }
    for (int d : r.graph.task(task).deps) EXPECT_TRUE(finished.count(d)) << r.graph.task(task).name;
  }
  // The shared build output is in every run's own build directory.
  for (int run = 0; run < 6; ++run) EXPECT_TRUE(files.has(session_dir() / "runs" / std::to_string(run) / "build" / "model.c"));
  EXPECT_EQ(r.programs.at("fake-cc-cm4_qemu"), 2);
}

TEST_F(EngineTest, AFailingCompilerFailsOnlyTheRunsThatNeedIt) {
  processes.script(fake_compiler("cm4_qemu"), Script::exit(1));
  const auto r = execute(runs({"aww", "vww"}, kTargets));
  for (int run = 0; run < 6; ++run) {
    const auto& row = row_of(r, run);
    if (row.at("Target") != "cm4_qemu") {
      EXPECT_EQ(row.at("Failing"), "false") << row.at("Reason");
      continue;
    }
    EXPECT_EQ(row.at("Failing"), "true");
    EXPECT_EQ(row.at("Failure"), "toolchain");
    EXPECT_EQ(row.at("Reason"), "COMPILE: cm4_qemu: fake-cc failed (exit code 1)");
    // The full compiler output is in the run's log, not in the report.
    const std::string log = files.content(session_dir() / "runs" / row.at("Run") / "run.log");
    EXPECT_NE(log.find("error: second line"), std::string::npos) << log;
  }
  EXPECT_EQ(r.runs_failed, 2u);
  EXPECT_EQ(r.runs_ok, 4u);
}

TEST_F(EngineTest, AFailingLibraryFailsEveryRunThatLinksItAndNoOther) {
  processes.script(mlonmcu::testing::fake_archiver("rv32_qemu"), Script::exit(2));
  const auto r = execute(runs({"aww", "vww"}, kTargets));
  for (const auto& row : r.rows) {
    if (row.at("Target") == "rv32_qemu") {
      EXPECT_EQ(row.at("Failure"), "toolchain");
      EXPECT_EQ(row.at("Reason"), "LIB: rv32_qemu: fake-ar failed (exit code 2)");
    } else {
      EXPECT_EQ(row.at("Failing"), "false") << row.at("Reason");
    }
  }
  EXPECT_EQ(r.stats.at(TaskKind::Lib).failed, 1);  // one library task for both models
  EXPECT_EQ(processes.count(fake_compiler("rv32_qemu")), 0u);
}

TEST_F(EngineTest, AHangingSimulatorTimesOutAndOnlyItsRunsFail) {
  processes.script(fake_simulator("rv32_qemu"), Script::hang());
  const auto r = execute(runs({"aww", "vww"}, kTargets, {"session.run_timeout=5"}));
  for (int run = 0; run < 6; ++run) {
    const auto& row = row_of(r, run);
    if (row.at("Target") == "rv32_qemu") {
      EXPECT_EQ(row.at("Failure"), "timeout");
      EXPECT_EQ(row.at("Reason"), "RUN: RUN exceeded its time limit of 5 s");
    } else {
      EXPECT_EQ(row.at("Failing"), "false") << row.at("Reason");
    }
  }
  EXPECT_FALSE(r.interrupted);
}

TEST_F(EngineTest, AKilledSimulatorFailsItsRunWithFailureTarget) {
  processes.script(fake_simulator("cm4_qemu"), Script::killed(9));
  const auto r = execute(runs({"aww"}, kTargets));
  EXPECT_EQ(row_of(r, 2).at("Failure"), "target");
  EXPECT_NE(row_of(r, 2).at("Reason").find("RUN: cm4_qemu: simulator killed by signal 9"), std::string::npos);
  EXPECT_EQ(row_of(r, 0).at("Failing"), "false");
  EXPECT_EQ(row_of(r, 1).at("Failing"), "false");
}

TEST_F(EngineTest, AFailedSharedBuildSkipsEverythingAfterItForItsRunsOnly) {
  components.failing_builds = {"other"};
  const auto r = execute(runs({"aww"}, kTargets, {}, {}, {"interp", "other"}));
  for (int run = 0; run < 6; ++run) {
    const auto& row = row_of(r, run);
    if (row.at("Backend") == "other") {
      EXPECT_EQ(row.at("Reason"), "BUILD: fake backend: build failed");
      EXPECT_EQ(row.at("Failure"), "internal");
    } else {
      EXPECT_EQ(row.at("Failing"), "false");
    }
  }
  EXPECT_EQ(r.stats.at(TaskKind::Build).failed, 1);
  EXPECT_EQ(r.stats.at(TaskKind::Compile).ran, 3);  // none for the failed build
  EXPECT_EQ(r.stats.at(TaskKind::Compile).other, 3);
}

TEST_F(EngineTest, UnsupportedModelsAndValidateWithoutGoldenDataFailAtLoad) {
  components.unsupported = {"other"};
  const auto r = execute(runs({"aww"}, {"rv32_qemu"}, {}, {"validate"}, {"interp", "other"}));
  EXPECT_EQ(row_of(r, 0).at("Failure"), "usage");
  EXPECT_EQ(row_of(r, 0).at("Reason"),
            "LOAD: validate: model 'aww' has no golden data (the model has no input/ directory)");
  EXPECT_EQ(row_of(r, 1).at("Failure"), "unsupported");
  EXPECT_EQ(row_of(r, 1).at("Reason"), "LOAD: backend 'other' does not support aww");
  EXPECT_EQ(processes.count(fake_compiler("rv32_qemu")), 0u);  // known before anything is compiled
}

TEST_F(EngineTest, ConfigAlternativesMakeRunsAndShareWhatTheyDoNotChange) {
  const auto r = execute(runs({"aww"}, {"host_x86", "cm4_qemu"}, {}, {}, {"interp"},
                              {{"cm4_qemu.opt=O2"}, {"cm4_qemu.opt=Os"}}));
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.stats.at(TaskKind::Build).ran, 1);
  EXPECT_EQ(r.stats.at(TaskKind::Compile).ran, 3);  // host_x86 does not read cm4_qemu.opt
  EXPECT_EQ(row_of(r, 0).at("Config"), "");          // host_x86: the key does not apply
  EXPECT_EQ(row_of(r, 1).at("Config"), "");
  EXPECT_EQ(row_of(r, 2).at("Config"), "");          // O2 is the default
  EXPECT_EQ(row_of(r, 3).at("Config"), "cm4_qemu.opt=Os");
}

TEST_F(EngineTest, KernelWeightLayoutsMakeOneBuildPerInstructionSetUnlessTheReferenceKernelsRun) {
  components.kernel_isas = {{"cm4_qemu", "arm_dsp"}, {"cm7_qemu", "arm_dsp"}, {"cm55_qemu", "arm_mve"}};
  const std::vector<std::string> cores = {"cm4_qemu", "cm7_qemu", "cm55_qemu"};
  auto optimized = execute(runs({"aww"}, cores));
  EXPECT_EQ(optimized.stats.at(TaskKind::Build).ran, 2);  // arm_dsp (cm4 and cm7), arm_mve
  for (int run = 0; run < 3; ++run) EXPECT_EQ(row_of(optimized, run).at("Config"), "");  // filled in, not set
  ++session;
  auto reference = execute(runs({"aww"}, cores, {}, {"refkernels"}));
  EXPECT_EQ(reference.stats.at(TaskKind::Build).ran, 1);
  ++session;
  auto pinned = execute(runs({"aww"}, cores, {"kernels.isa=portable"}));
  EXPECT_EQ(pinned.stats.at(TaskKind::Build).ran + pinned.stats.at(TaskKind::Build).reused, 1);
  EXPECT_EQ(row_of(pinned, 2).at("Config"), "kernels.isa=portable");
}

TEST_F(EngineTest, AHeaderBesideALibrarysSourcesIsPartOfItsKey) {
  const fs::path header = mlonmcu::testing::kFakeRuntimeSource.parent_path() / "isa" / "inner.h";
  files.put(header, "int a;\n");
  EXPECT_EQ(execute(runs({"aww"}, {"cm4_qemu"})).stats.at(TaskKind::Lib).ran, 1);
  ++session;
  EXPECT_EQ(execute(runs({"aww"}, {"cm4_qemu"})).stats.at(TaskKind::Lib).ran, 0);
  files.put(header, "int b;\n");
  ++session;
  const auto changed = execute(runs({"aww"}, {"cm4_qemu"}));
  EXPECT_EQ(changed.stats.at(TaskKind::Lib).ran, 1);
  EXPECT_EQ(changed.stats.at(TaskKind::Compile).ran, 1);  // the archive changed
}

TEST_F(EngineTest, AFileABuildCopiesIsPartOfItsKey) {
  const fs::path copied = mlonmcu::testing::kFakeCopiedSources / "isa" / "kernel.h";
  files.put(copied, "int a;\n");
  EXPECT_EQ(execute(runs({"aww"}, {"cm4_qemu"})).stats.at(TaskKind::Build).ran, 1);
  ++session;
  EXPECT_EQ(execute(runs({"aww"}, {"cm4_qemu"})).stats.at(TaskKind::Build).ran, 0);
  files.put(copied, "int b;\n");
  ++session;
  const auto changed = execute(runs({"aww"}, {"cm4_qemu"}));
  EXPECT_EQ(changed.stats.at(TaskKind::Build).ran, 1);
  EXPECT_EQ(changed.stats.at(TaskKind::Lib).ran, 0);  // the library's own sources did not change
}

TEST_F(EngineTest, ResumeAfterAnInterruptionAtEveryStageRunsOnlyUnfinishedTasks) {
  // The report an uninterrupted session writes.
  auto strip_times = [](std::vector<report::Report::Row> rows) {
    for (auto& row : rows)
      for (auto it = row.begin(); it != row.end();) it = it->first.find("Stage Time") != std::string::npos ? row.erase(it) : std::next(it);
    return rows;
  };
  env = "/reference";
  const auto expected = strip_times(execute(runs({"aww", "vww"}, kTargets, {}, {"layer_profile"})).rows);

  for (TaskKind kind : kTaskKinds) {
    SCOPED_TRACE(std::string(task_kind_name(kind)));
    env = fs::path("/env") / std::string(task_kind_name(kind));  // an empty cache each time
    const auto session_runs = runs({"aww", "vww"}, kTargets, {}, {"layer_profile"});
    std::atomic<bool> interrupt{false};
    InterruptAt at(kind, interrupt);
    const auto first = execute(session_runs, &at, &interrupt);
    EXPECT_TRUE(first.interrupted);
    EXPECT_GT(first.runs_incomplete, 0u);
    for (const auto& row : first.rows)
      if (row.at("Incomplete") == "true") {
        EXPECT_EQ(row.at("Failure"), "interrupted");
      }

    processes.clear();
    const auto log = SessionLog(files, session_dir() / kSessionLogName).read();
    const auto resumed = execute(session_runs, nullptr, nullptr, log);
    EXPECT_FALSE(resumed.interrupted);
    EXPECT_EQ(resumed.runs_ok, 6u);
    EXPECT_EQ(strip_times(resumed.rows), expected);
    // Tasks done before are taken from the log; only the others do their work.
    size_t compiles_left = 0;
    for (const Task& task : first.graph.tasks()) {
      const auto& before = first.tasks[static_cast<size_t>(task.id)];
      const auto& after = resumed.tasks[static_cast<size_t>(task.id)];
      if (before.state == TaskState::Done && task.kind != TaskKind::Load) {
        EXPECT_EQ(after.why.why, cache::Why::ReusedFromLog) << task.name;
      } else if (task.kind == TaskKind::Compile) {
        ++compiles_left;
      }
      if (task.kind == TaskKind::Load && after.state == TaskState::Skipped) {
        EXPECT_EQ(after.why.why, cache::Why::NotNeeded) << task.name;
      }
    }
    size_t compiles = 0;
    for (const auto& t : kTargets) compiles += processes.count(fake_compiler(t));
    EXPECT_EQ(compiles, compiles_left);
  }
}

TEST_F(EngineTest, ExplainsWhyEveryTaskRanOrWasReused) {
  files.put(fake_compiler("host_x86"), "compiler v1");
  auto next = [&](const std::vector<std::string>& configs = {}) {
    ++session;
    return execute(runs({"aww"}, {"host_x86"}, configs));
  };
  auto first = next();
  EXPECT_EQ(why_of(first, "LOAD aww"), cache::Why::NotCached);
  EXPECT_EQ(why_of(first, "BUILD aww/interp"), cache::Why::NoEntry);
  EXPECT_EQ(why_of(first, "POSTPROCESS aww/interp/host_x86"), cache::Why::NotCached);

  auto again = next();
  for (const char* t : {"BUILD aww/interp", "COMPILE aww/interp/host_x86", "RUN aww/interp/host_x86"})
    EXPECT_EQ(why_of(again, t), cache::Why::Reused) << t;
  EXPECT_EQ(processes.count(fake_compiler("host_x86")), 1u);

  auto config = next({"interp.arena_size=4096"});
  EXPECT_EQ(why_of(config, "BUILD aww/interp"), cache::Why::ConfigChanged);
  EXPECT_EQ(detail_of(config, "BUILD aww/interp"), "interp.arena_size 0 -> 4096");
  EXPECT_EQ(why_of(config, "COMPILE aww/interp/host_x86"), cache::Why::InputChanged);
  EXPECT_EQ(detail_of(config, "COMPILE aww/interp/host_x86"), "build/model.c");

  files.put(model_file("aww"), "model aww, retrained");
  auto input = next();
  EXPECT_EQ(why_of(input, "BUILD aww/interp"), cache::Why::InputChanged);
  EXPECT_EQ(detail_of(input, "BUILD aww/interp"), "model");

  tool = "mlonmcu 2";
  auto rebuilt = next();
  EXPECT_EQ(why_of(rebuilt, "BUILD aww/interp"), cache::Why::ToolChanged);
  EXPECT_EQ(detail_of(rebuilt, "BUILD aww/interp"), "mlonmcu");
  // Libraries are keyed by what the target compiles them with, not by MLonMCU: they stay.
  EXPECT_EQ(why_of(rebuilt, "LIB host_x86/fake_runtime"), cache::Why::Reused);

  files.put(fake_compiler("host_x86"), "compiler v2");  // a new compiler, same MLonMCU
  auto compiler = next();
  EXPECT_EQ(why_of(compiler, "BUILD aww/interp"), cache::Why::Reused);
  EXPECT_EQ(why_of(compiler, "COMPILE aww/interp/host_x86"), cache::Why::ToolChanged);
  EXPECT_EQ(detail_of(compiler, "COMPILE aww/interp/host_x86"), "fake-cc-host_x86");

  // Every run's log holds its tasks' explanations.
  const std::string log = files.content(session_dir() / "runs" / "0" / "run.log");
  EXPECT_NE(log.find("COMPILE aww/interp/host_x86: ran: tool changed: fake-cc-host_x86"), std::string::npos) << log;
}

TEST_F(EngineTest, ACorruptCacheEntryIsRebuiltAndThenReused) {
  execute(runs({"aww"}, {"host_x86"}));
  size_t corrupted = 0;
  for (const auto& file : files.all_files()) {
    if (file.extension() != ".entry" || file.string().find("/compile/") == std::string::npos) continue;
    std::string bytes = files.content(file);
    bytes[bytes.size() / 2] ^= 0x20;  // one flipped bit in the payload
    files.put(file, bytes);
    ++corrupted;
  }
  ASSERT_EQ(corrupted, 1u);
  ++session;
  const auto rebuilt = execute(runs({"aww"}, {"host_x86"}));
  EXPECT_EQ(why_of(rebuilt, "COMPILE aww/interp/host_x86"), cache::Why::EntryCorrupt);
  EXPECT_EQ(detail_of(rebuilt, "COMPILE aww/interp/host_x86"), "checksum mismatch");
  EXPECT_EQ(row_of(rebuilt, 0).at("Failing"), "false");
  ++session;
  const auto reused = execute(runs({"aww"}, {"host_x86"}));
  EXPECT_EQ(why_of(reused, "COMPILE aww/interp/host_x86"), cache::Why::Reused);
  EXPECT_EQ(processes.count(fake_compiler("host_x86")), 2u);
}

TEST_F(EngineTest, AFullDiskFailsTheRunsWithOneClearReason) {
  class FillDiskAtBuild : public RunnerObserver {
   public:
    explicit FillDiskAtBuild(mlonmcu::testing::FakeFileSystem& files) : files_(files) {}
    void task_started(const Task& task) override {
      if (task.kind == TaskKind::Build) files_.set_full(true);
    }

   private:
    mlonmcu::testing::FakeFileSystem& files_;
  } fill(files);
  const auto r = execute(runs({"aww"}, {"host_x86", "rv32_qemu"}), &fill);
  for (const auto& row : r.rows) {
    EXPECT_EQ(row.at("Failing"), "true");
    EXPECT_EQ(row.at("Failure"), "internal");
    EXPECT_NE(row.at("Reason").find("BUILD: cannot write"), std::string::npos) << row.at("Reason");
    EXPECT_NE(row.at("Reason").find("no space left on device"), std::string::npos) << row.at("Reason");
  }
  EXPECT_FALSE(r.interrupted);
}

TEST_F(EngineTest, CleanupKeepsTheNewestSessionsAndTheCacheEntriesTheyUse) {
  for (const char* arena : {"0", "1024", "2048"}) {
    execute(runs({"aww"}, {"host_x86"}, {std::string("interp.arena_size=") + arena}));
    ++session;
  }
  environment::Environment environment;
  environment.home = env;
  auto entries = [&] {
    size_t n = 0;
    for (const auto& f : files.all_files()) n += f.extension() == ".entry";
    return n;
  };
  EXPECT_EQ(entries(), 10u);  // BUILD, COMPILE, RUN of three configs; one LIB for all
  const auto r = cleanup_environment(files, environment, 1, false);
  EXPECT_EQ(r.sessions_removed, 2u);
  EXPECT_EQ(r.sessions_kept, 1u);
  EXPECT_EQ(r.entries_removed, 6u);
  EXPECT_GT(r.bytes_freed, 0u);
  EXPECT_FALSE(files.exists(env / "temp" / "sessions" / "0"));
  // The kept session's outputs are still reused.
  const auto again = execute(runs({"aww"}, {"host_x86"}, {"interp.arena_size=2048"}));
  EXPECT_EQ(why_of(again, "COMPILE aww/interp/host_x86"), cache::Why::Reused);
  EXPECT_EQ(cleanup_environment(files, environment, 5, true).sessions_removed, 0u);
  EXPECT_EQ(entries(), 0u);
}

}  // namespace
}  // namespace mlonmcu::session
