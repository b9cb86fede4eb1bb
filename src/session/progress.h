// Progress of a session on stderr. On a terminal: a live status block at the bottom — one line
// for the session (runs done/total, failed, elapsed, ETA) and one per task running now — with a
// permanent line above it per finished run. Otherwise: only the permanent lines. With
// --explain, every task's explanation as it finishes.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "session/engine/runner.h"

namespace mlonmcu::session {

struct ProgressOptions {
  bool terminal = false;   // redraw a status block (ANSI escapes)
  bool run_lines = true;   // a line per finished run
  bool explain = false;    // a line per finished task: why it ran or was reused
  size_t width = 120;      // terminal columns; longer status lines are cut
};

class Progress : public RunnerObserver {
 public:
  Progress(std::ostream& out, Clock& clock, std::vector<std::string> run_labels, ProgressOptions options);
  void task_started(const Task& task) override;
  void task_finished(const Task& task, const TaskReport& report) override;
  void run_finished(const RunEnd& end) override;
  void tick() override;
  // Removes the status block; then the caller prints its summary.
  void finish();
  // "[12/24 runs] 1 failed, 00:14 elapsed, ETA 00:20"
  std::string status_line() const;

 private:
  void print(const std::string& line);  // a permanent line, above the status block
  void redraw();
  void clear_status();

  std::ostream& out_;
  Clock& clock_;
  std::vector<std::string> labels_;
  ProgressOptions options_;
  Clock::TimePoint started_;
  Clock::TimePoint last_draw_{};
  std::map<int, std::pair<std::string, Clock::TimePoint>> running_;  // task id → name, start
  size_t done_ = 0, failed_ = 0;
  size_t drawn_lines_ = 0;
};

std::string duration_text(double seconds);  // "00:14", "1:02:03"

}  // namespace mlonmcu::session
