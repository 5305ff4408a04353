/// @file calendar.hpp
/// @brief Working days: weekends, public holidays, make-up working days and suspension periods, for
/// counting statutory time limits.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "fengqiao/core/time.hpp"

namespace fengqiao {

/// A period during which time limits do not run (e.g. a county-wide suspension of mediation work).
struct Suspension {
    CivilDate from;      ///< first suspended day
    CivilDate to;        ///< last suspended day (inclusive)
    std::string reason;  ///< why, shown in documentation and reports
};

/// Decides which days count toward a time limit and where a limit ends.
///
/// Days are local days at utc_offset (China Standard Time by default). Saturdays and Sundays are rest
/// days unless listed as make-up working days (调休); listed public holidays are rest days. Days inside a
/// suspension do not count toward any limit.
///
/// Two ways of counting, as Chinese statutes use them:
/// - **calendar days** (e.g. "30 days"): the limit ends at the end of the n-th day after the start day;
///   if that last day is not a working day, the limit moves to the end of the next working day (Civil
///   Procedure Law art. 85: a period whose last day is a holiday ends on the first day after it).
/// - **working days** (e.g. "30 working days"): the limit ends at the end of the n-th working day after
///   the start day.
class WorkingCalendar {
public:
    /// Weekends only, in China Standard Time.
    WorkingCalendar() = default;

    /// Adds a public holiday (a rest day even on a weekday).
    void add_holiday(CivilDate d);
    /// Adds a make-up working day (a working day even on a weekend).
    void add_working_day(CivilDate d);
    /// Adds a suspension period; throws fengqiao::Exception (invalid_argument) if it ends before it starts.
    void add_suspension(Suspension s);
    /// Sets the UTC offset local days are counted in.
    void set_utc_offset(Duration offset) noexcept { offset_ = offset; }

    /// The UTC offset local days are counted in.
    [[nodiscard]] Duration utc_offset() const noexcept { return offset_; }
    /// True if @p d is a working day (ignoring suspensions).
    [[nodiscard]] bool is_working_day(CivilDate d) const;
    /// True if @p d falls inside a suspension period.
    [[nodiscard]] bool is_suspended(CivilDate d) const;
    /// The end of a limit of @p n calendar days starting at @p start (see the class description).
    /// Throws fengqiao::Exception (invalid_argument) for a negative @p n.
    [[nodiscard]] TimePoint add_calendar_days(TimePoint start, int n) const;
    /// The end of a limit of @p n working days starting at @p start. Throws fengqiao::Exception
    /// (invalid_argument) for a negative @p n.
    [[nodiscard]] TimePoint add_working_days(TimePoint start, int n) const;

    /// Listed holidays, in the order added.
    [[nodiscard]] const std::vector<CivilDate>& holidays() const noexcept { return holiday_list_; }
    /// Listed make-up working days, in the order added.
    [[nodiscard]] const std::vector<CivilDate>& working_days() const noexcept { return working_list_; }
    /// Suspension periods, in the order added.
    [[nodiscard]] const std::vector<Suspension>& suspensions() const noexcept { return suspensions_; }

private:
    [[nodiscard]] bool counts(std::int64_t day) const;
    [[nodiscard]] bool working(std::int64_t day) const;

    Duration offset_ = china_standard_offset;
    std::unordered_set<std::int64_t> holidays_;
    std::unordered_set<std::int64_t> make_up_;
    std::vector<CivilDate> holiday_list_;
    std::vector<CivilDate> working_list_;
    std::vector<Suspension> suspensions_;
    std::vector<std::pair<std::int64_t, std::int64_t>> suspended_days_;
};

}  // namespace fengqiao
