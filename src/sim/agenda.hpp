// The simulation's agenda: the events people will act on, taken in (time, planning order).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "fengqiao/core/time.hpp"

namespace fengqiao::sim::detail {

enum class Step : std::uint8_t { arrive, intake, assign, session, after_agreement, court_decision, visit, escalate, outside, check };

struct Event {
    TimePoint at;
    std::uint64_t order;
    std::uint32_t subject;  // case index, or arrival index for Step::arrive
    std::uint32_t token;
    Step step;
    friend bool operator>(const Event& a, const Event& b) noexcept {
        return a.at != b.at ? a.at > b.at : a.order > b.order;
    }
};

// Events in (time, order) order. A heap of every pending event grows to millions at province scale
// and each pop then misses the cache. Most events are days away, so they wait in per-day buckets; a
// day's bucket is sorted once when the day starts. The day's arrivals (tens of thousands at province
// scale) are another sorted run, and only events planned for later the same day go through a (small)
// heap. Pops take the earliest of the three, so the order is the same as one heap's. Events are pushed
// with increasing `order` (the simulation numbers them as it plans them), which sort_day() relies on.
class Agenda {
public:
    Agenda(TimePoint start, std::uint32_t days) : start_(start), buckets_(days + 1) {}

    void push(const Event& e) {
        const std::size_t day = day_of(e.at);
        if (day <= today_) {
            same_day_.push_back(e);
            std::push_heap(same_day_.begin(), same_day_.end(), std::greater<>{});
        } else if (day < buckets_.size()) {
            buckets_[day].push_back(e);
        }  // beyond the horizon: never happens within the run
    }
    /// Starts day @p day: its bucket becomes the sorted run of the day.
    void open_day(std::uint32_t day) {
        today_ = day;
        sorted_.clear();
        sorted_.swap(buckets_[day]);
        std::vector<Event>().swap(buckets_[day]);  // the previous day's buffer: no event goes back there
        sort_day(start_ + fengqiao::days(day));
        next_ = 0;
        arrivals_.clear();
        next_arrival_ = 0;
    }
    /// Sets the arrivals of the day that open_day() started (all within it).
    void set_arrivals(std::vector<Event> arrivals) {
        arrivals_ = std::move(arrivals);
        std::sort(arrivals_.begin(), arrivals_.end(), earlier);
        next_arrival_ = 0;
    }
    /// The event @p k places after the next one in the day's sorted run, if there is one: most events come
    /// from that run, so it tells which cases the loop will touch soon.
    [[nodiscard]] const Event* ahead(std::size_t k) const noexcept {
        return next_ + k < sorted_.size() ? &sorted_[next_ + k] : nullptr;
    }
    [[nodiscard]] bool has_before(TimePoint t) const {
        return (next_ < sorted_.size() && sorted_[next_].at < t) ||
               (next_arrival_ < arrivals_.size() && arrivals_[next_arrival_].at < t) ||
               (!same_day_.empty() && same_day_.front().at < t);
    }
    Event pop() {
        // The earlier head of the two sorted runs, then that against the heap's top.
        std::size_t* run = next_ < sorted_.size() ? &next_ : nullptr;
        const Event* head = run != nullptr ? &sorted_[next_] : nullptr;
        if (next_arrival_ < arrivals_.size() && (head == nullptr || *head > arrivals_[next_arrival_])) {
            run = &next_arrival_;
            head = &arrivals_[next_arrival_];
        }
        if (head != nullptr && (same_day_.empty() || same_day_.front() > *head)) {
            ++*run;
            return *head;
        }
        std::pop_heap(same_day_.begin(), same_day_.end(), std::greater<>{});
        const Event e = same_day_.back();
        same_day_.pop_back();
        return e;
    }

private:
    // Sorts sorted_, the events of the day starting at @p day_start, by (time, order). Events enter a
    // bucket in the order they were planned, which is `order`, so a stable sort by time alone gives
    // (time, order): at province scale (hundreds of thousands of events a day) two stable counting
    // passes over the second of the day (17 bits) replace a comparison sort that was a tenth of the run.
    void sort_day(TimePoint day_start) {
        constexpr std::size_t small = 2048, low_bits = 9, low = std::size_t{1} << low_bits, high = 256;
        const auto second = [day_start](const Event& e) { return static_cast<std::size_t>((e.at - day_start).count()); };
        const bool in_day = std::all_of(sorted_.begin(), sorted_.end(), [&](const Event& e) {
            return e.at >= day_start && second(e) < (high << low_bits);
        });
        if (sorted_.size() < small || !in_day) {
            std::sort(sorted_.begin(), sorted_.end(), earlier);
            return;
        }
        scratch_.resize(sorted_.size());
        const auto pass = [&](const std::vector<Event>& from, std::vector<Event>& to, std::size_t shift, std::size_t buckets) {
            std::vector<std::size_t> start(buckets + 1, 0);
            for (const Event& e : from) ++start[((second(e) >> shift) & (buckets - 1)) + 1];
            for (std::size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
            for (const Event& e : from) to[start[(second(e) >> shift) & (buckets - 1)]++] = e;
        };
        pass(sorted_, scratch_, 0, low);
        pass(scratch_, sorted_, low_bits, high);
    }

    std::size_t day_of(TimePoint t) const {
        return t < start_ ? 0 : static_cast<std::size_t>((t - start_).count() / 86400);
    }
    static bool earlier(const Event& a, const Event& b) noexcept { return b > a; }

    TimePoint start_;
    std::vector<std::vector<Event>> buckets_;
    std::vector<Event> sorted_;
    std::vector<Event> scratch_;  // sort_day()'s other buffer
    std::size_t next_ = 0;
    std::vector<Event> arrivals_;
    std::size_t next_arrival_ = 0;
    std::vector<Event> same_day_;
    std::size_t today_ = 0;
};

}  // namespace fengqiao::sim::detail
