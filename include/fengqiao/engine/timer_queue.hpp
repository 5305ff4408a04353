/// @file timer_queue.hpp
/// @brief The engine's armed deadlines and warnings, taken in (time, arming order).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <vector>

#include "fengqiao/core/ids.hpp"
#include "fengqiao/core/time.hpp"

namespace fengqiao::detail {

// One armed timer: a case's deadline, or the warning before it.
struct Timer {
    TimePoint at;
    std::uint64_t order;  // arming order: timers due at one instant are taken in it
    CaseId case_id;
    bool warning;
    friend bool operator>(const Timer& a, const Timer& b) noexcept {
        return a.at != b.at ? a.at > b.at : a.order > b.order;
    }
};

// Timers in (time, arming order), the order one binary heap of all of them would give. An engine with
// millions of open cases holds tens of millions of timers (every change of a deadline arms new ones;
// the old ones are skipped when reached), and one heap that large misses the cache at every level of
// every pop. Here a timer due on a later day waits, unsorted, in that day's bucket; when the earlier
// days are done, the day's bucket is sorted once and read in order. Timers armed for the day in
// progress (or an earlier one) go through a small heap, merged with the day's sorted run.
class TimerQueue {
public:
    void push(const Timer& t) {
        const std::int64_t day = day_of(t.at);
        if (day <= today_) {
            soon_.push_back(t);
            std::push_heap(soon_.begin(), soon_.end(), std::greater<>{});
        } else {
            bucket(day).push_back(t);
        }
        ++size_;
    }

    // Takes the earliest timer into @p out if it is due at or before @p t.
    bool pop_due(TimePoint t, Timer& out) {
        for (;;) {
            const bool in_run = next_ < run_.size();
            if (in_run || !soon_.empty()) {
                const bool from_run = in_run && (soon_.empty() || soon_.front() > run_[next_]);
                const Timer& head = from_run ? run_[next_] : soon_.front();
                if (head.at > t) return false;
                out = head;
                if (from_run) {
                    ++next_;
                } else {
                    std::pop_heap(soon_.begin(), soon_.end(), std::greater<>{});
                    soon_.pop_back();
                }
                --size_;
                return true;
            }
            if (later_.empty() || later_.begin()->first > day_of(t)) return false;
            open_next_day();
        }
    }

    // Takes back @p t, pushed earlier and not yet taken (a rolled-back call armed it). Nothing
    // happens if it is not waiting.
    void cancel(const Timer& t) {
        const auto same = [&](const Timer& x) { return x.order == t.order; };
        const std::int64_t day = day_of(t.at);
        if (day <= today_) {
            if (const auto it = std::find_if(soon_.begin(), soon_.end(), same); it != soon_.end()) {
                soon_.erase(it);
                std::make_heap(soon_.begin(), soon_.end(), std::greater<>{});
                --size_;
            } else if (const auto r = std::find_if(run_.begin() + static_cast<std::ptrdiff_t>(next_), run_.end(), same);
                       r != run_.end()) {
                run_.erase(r);
                --size_;
            }
            return;
        }
        const auto b = later_.find(day);
        if (b == later_.end()) return;
        std::vector<Timer>& timers = b->second;
        // Pushed last, so looked for from the end; a bucket waits unsorted, so the last one fills the gap.
        const auto it = std::find_if(timers.rbegin(), timers.rend(), same);
        if (it == timers.rend()) return;
        *it = timers.back();
        timers.pop_back();
        --size_;
        if (timers.empty()) {
            for (Recent& r : recent_) {
                if (r.day == day) r = Recent{};
            }
            later_.erase(b);
        }
    }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    // The timer @p k places after the next one in the day's sorted run, if any: the case it will touch
    // soon, for the engine to fetch ahead.
    [[nodiscard]] const Timer* ahead(std::size_t k) const noexcept {
        return next_ + k < run_.size() ? &run_[next_ + k] : nullptr;
    }

    void clear() {
        later_.clear();
        run_.clear();
        soon_.clear();
        next_ = 0;
        today_ = std::numeric_limits<std::int64_t>::min();
        recent_ = {};
        size_ = 0;
    }

private:
    static std::int64_t day_of(TimePoint t) noexcept {
        const std::int64_t s = t.time_since_epoch().count();
        return s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    }

    // The bucket of a later day. A command arms a deadline and the warning a few days before it, so
    // the two buckets pushed to last are remembered.
    std::vector<Timer>& bucket(std::int64_t day) {
        if (recent_[0].day == day) return *recent_[0].timers;
        if (recent_[1].day != day) recent_[1] = Recent{day, &later_[day]};
        std::swap(recent_[0], recent_[1]);
        return *recent_[0].timers;
    }

    // The run and the heap are empty: the earliest waiting day becomes the day in progress.
    void open_next_day() {
        const auto it = later_.begin();
        today_ = it->first;
        run_.clear();
        run_.swap(it->second);
        later_.erase(it);
        for (Recent& r : recent_) {
            if (r.day == today_) r = Recent{};
        }
        std::sort(run_.begin(), run_.end(), [](const Timer& a, const Timer& b) { return b > a; });
        next_ = 0;
    }

    std::map<std::int64_t, std::vector<Timer>> later_;  // by day, after the day in progress
    std::vector<Timer> run_;                            // the day in progress, sorted
    std::size_t next_ = 0;                              // first timer of run_ not taken
    std::vector<Timer> soon_;  // a heap: armed for the day in progress or earlier after it began
    std::int64_t today_ = std::numeric_limits<std::int64_t>::min();
    struct Recent {
        std::int64_t day = std::numeric_limits<std::int64_t>::min();
        std::vector<Timer>* timers = nullptr;  // later_[day]: map entries stay where they are
    };
    std::array<Recent, 2> recent_{};  // the buckets pushed to last, the latest first
    std::size_t size_ = 0;
};

}  // namespace fengqiao::detail
