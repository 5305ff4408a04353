/// @file clock.hpp
/// @brief The one source of time an engine reads: the system clock in production, a virtual clock in
/// tests and simulations.
#pragma once

#include "fengqiao/core/time.hpp"

namespace fengqiao {

/// Where an engine gets "now". Inject one; the engine never reads time any other way.
class Clock {
public:
    virtual ~Clock() = default;
    /// The current instant.
    [[nodiscard]] virtual TimePoint now() const = 0;
    /// True if the engine may move this clock forward itself (a virtual clock); false for wall time.
    [[nodiscard]] virtual bool is_virtual() const noexcept { return false; }
    /// Moves a virtual clock to @p t (never backwards). Wall clocks ignore it.
    virtual void set(TimePoint t) { (void)t; }
};

/// Wall-clock time, truncated to whole seconds.
class SystemClock final : public Clock {
public:
    /// The current wall-clock instant.
    [[nodiscard]] TimePoint now() const override;
};

/// A clock that stands still until told to move; used by tests, replays and simulations.
class VirtualClock final : public Clock {
public:
    /// Starts at @p start (default 2025-01-01T00:00:00+08:00).
    explicit VirtualClock(TimePoint start = default_start()) noexcept : now_(start) {}
    /// The instant the clock was last set to.
    [[nodiscard]] TimePoint now() const override { return now_; }
    /// Always true.
    [[nodiscard]] bool is_virtual() const noexcept override { return true; }
    /// Moves to @p t; a time earlier than now() is ignored, so time never runs backwards.
    void set(TimePoint t) override {
        if (t > now_) now_ = t;
    }
    /// 2025-01-01 00:00 China Standard Time.
    [[nodiscard]] static constexpr TimePoint default_start() noexcept {
        return start_of_local_day(days_from_civil(CivilDate{2025, 1, 1}));
    }

private:
    TimePoint now_;
};

}  // namespace fengqiao
