#include "fengqiao/core/clock.hpp"

namespace fengqiao {

TimePoint SystemClock::now() const {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

}  // namespace fengqiao
