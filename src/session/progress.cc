#include "session/progress.h"

#include <fmt/format.h>

namespace mlonmcu::session {

namespace {

constexpr size_t kMaxTaskLines = 8;
constexpr auto kRedrawInterval = std::chrono::milliseconds(250);

}  // namespace

std::string duration_text(double seconds) {
  const auto total = static_cast<long>(seconds + 0.5);
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{:02}:{:02}", total / 60, total % 60);
}

Progress::Progress(std::ostream& out, Clock& clock, std::vector<std::string> run_labels, ProgressOptions options)
    : out_(out), clock_(clock), labels_(std::move(run_labels)), options_(options), started_(clock.now()) {}

std::string Progress::status_line() const {
  const double elapsed = seconds_between(started_, clock_.now());
  const size_t total = labels_.size();
  std::string eta = "--:--";
  if (done_ > 0 && done_ < total) eta = duration_text(elapsed / static_cast<double>(done_) * static_cast<double>(total - done_));
  if (done_ == total) eta = duration_text(0);
  return fmt::format("[{}/{} runs] {} failed, {} elapsed, ETA {}", done_, total, failed_, duration_text(elapsed), eta);
}

void Progress::task_started(const Task& task) {
  running_[task.id] = {task.name, clock_.now()};
  if (options_.terminal) redraw();
}

void Progress::task_finished(const Task& task, const TaskReport& report) {
  running_.erase(task.id);
  if (options_.explain) print(fmt::format("explain: {}: {}", task.name, report.why.text()));
  if (options_.terminal) redraw();
}

void Progress::run_finished(const RunEnd& end) {
  ++done_;
  std::string status = "ok";
  if (end.state == RunState::Failed) {
    ++failed_;
    const std::string stage = end.stop_task ? std::string(task_kind_name(end.stop_task->kind)) : "SESSION";
    status = end.failure ? fmt::format("FAILED ({}): {}: {}", failure_kind_name(end.failure->kind), stage, end.failure->reason)
                         : "FAILED";
  } else if (end.state == RunState::Incomplete) {
    status = "INCOMPLETE";
  }
  if (options_.run_lines)
    print(fmt::format("[{}/{}] {} {}", done_, labels_.size(), labels_[static_cast<size_t>(end.run)], status));
  else if (options_.terminal)
    redraw();
}

void Progress::tick() {
  if (options_.terminal && clock_.now() - last_draw_ >= kRedrawInterval) redraw();
}

void Progress::print(const std::string& line) {
  clear_status();
  out_ << line << "\n";
  if (options_.terminal) redraw();
  out_.flush();
}

void Progress::clear_status() {
  for (size_t i = 0; i < drawn_lines_; ++i) out_ << "\x1b[1A\x1b[2K";  // up one line, erase it
  drawn_lines_ = 0;
}

void Progress::redraw() {
  clear_status();
  const Clock::TimePoint now = clock_.now();
  std::vector<std::string> lines = {status_line()};
  for (const auto& [task, running] : running_) {
    if (lines.size() > kMaxTaskLines) {
      lines.push_back(fmt::format("  ... and {} more", running_.size() - kMaxTaskLines));
      break;
    }
    lines.push_back(fmt::format("  {} {:.1f} s", running.first, seconds_between(running.second, now)));
  }
  for (auto& line : lines) {
    if (line.size() > options_.width) line.resize(options_.width);
    out_ << line << "\n";
  }
  drawn_lines_ = lines.size();
  last_draw_ = now;
  out_.flush();
}

void Progress::finish() {
  clear_status();
  out_.flush();
}

}  // namespace mlonmcu::session
