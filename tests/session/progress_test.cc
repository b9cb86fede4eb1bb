// Progress lines: plain lines per finished run off a terminal; on a terminal a status block
// (done/total, failed, elapsed, ETA, running tasks) redrawn below them; explanations.
#include "session/progress.h"

#include <sstream>

#include <gtest/gtest.h>

#include "fakes/fake_clock.h"

namespace mlonmcu::session {
namespace {

Task task(int id, TaskKind kind, const std::string& name) {
  Task t;
  t.id = id;
  t.kind = kind;
  t.name = name;
  return t;
}

TEST(Progress, PlainLinesWhenNotATerminal) {
  std::ostringstream out;
  mlonmcu::testing::FakeClock clock;
  ProgressOptions options;
  options.explain = true;
  Progress p(out, clock, {"aww/interp/rv32_qemu", "vww/interp/rv32_qemu"}, options);
  const Task compile = task(3, TaskKind::Compile, "COMPILE aww/interp/rv32_qemu");
  p.task_started(compile);
  TaskReport report;
  report.why = {cache::Why::Reused, "3fa2c1e0"};
  p.task_finished(compile, report);
  p.run_finished({0, RunState::Done, nullptr, nullptr});
  const Failure failure = make_failure(FailureKind::Target, "rv32_qemu: simulator killed by signal 9 (Killed)");
  const Task run = task(4, TaskKind::Run, "RUN vww/interp/rv32_qemu");
  p.run_finished({1, RunState::Failed, &run, &failure});
  EXPECT_EQ(out.str(),
            "explain: COMPILE aww/interp/rv32_qemu: reused: cache entry: 3fa2c1e0\n"
            "[1/2] aww/interp/rv32_qemu ok\n"
            "[2/2] vww/interp/rv32_qemu FAILED (target): RUN: rv32_qemu: simulator killed by signal 9 (Killed)\n");
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);  // no escapes off a terminal
}

TEST(Progress, StatusBlockWithElapsedTimeEtaAndRunningTasksOnATerminal) {
  std::ostringstream out;
  mlonmcu::testing::FakeClock clock;
  ProgressOptions options;
  options.terminal = true;
  Progress p(out, clock, {"a", "b", "c", "d"}, options);
  EXPECT_EQ(p.status_line(), "[0/4 runs] 0 failed, 00:00 elapsed, ETA --:--");
  p.task_started(task(1, TaskKind::Compile, "COMPILE a"));
  clock.advance(std::chrono::seconds(10));
  p.run_finished({0, RunState::Done, nullptr, nullptr});
  EXPECT_EQ(p.status_line(), "[1/4 runs] 0 failed, 00:10 elapsed, ETA 00:30");
  const std::string text = out.str();
  EXPECT_NE(text.find("[1/4] a ok\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  COMPILE a 10.0 s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\x1b[1A\x1b[2K"), std::string::npos);  // the old block is erased before a line
  const size_t before = out.str().size();
  p.finish();
  EXPECT_NE(out.str().substr(before).find("\x1b[1A\x1b[2K"), std::string::npos);  // the block is gone
  EXPECT_EQ(duration_text(3723), "1:02:03");
}

}  // namespace
}  // namespace mlonmcu::session
