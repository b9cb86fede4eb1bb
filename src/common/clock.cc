#include "common/clock.h"

namespace mlonmcu {

namespace {

class SystemClock : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  void wait_for(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                std::chrono::milliseconds duration) override {
    cv.wait_for(lock, duration);
  }
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace mlonmcu
