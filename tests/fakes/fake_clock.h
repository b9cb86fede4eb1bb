// A clock for tests that moves only by the time the code under test waits for: a 10 s timeout
// passes in a few milliseconds of real time, and elapsed times are exact.
#pragma once

#include <atomic>

#include "common/clock.h"

namespace mlonmcu::testing {

class FakeClock : public Clock {
 public:
  TimePoint now() const override { return TimePoint(std::chrono::milliseconds(ms_.load())); }
  void wait_for(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                std::chrono::milliseconds duration) override {
    ms_ += duration.count();
    cv.wait_for(lock, std::chrono::microseconds(200));  // let the other threads move on
  }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }

 private:
  std::atomic<int64_t> ms_{1000};
};

}  // namespace mlonmcu::testing
