// Time, behind an interface so the session's scheduler (timeouts, progress, ETA) can be tested
// with a fake clock that moves only when told to.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace mlonmcu {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Waits on cv for at most `duration` of this clock's time (a fake clock advances itself).
  virtual void wait_for(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                        std::chrono::milliseconds duration) = 0;
};

Clock& system_clock();

inline double seconds_between(Clock::TimePoint from, Clock::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace mlonmcu
