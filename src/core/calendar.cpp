#include "fengqiao/core/calendar.hpp"

#include "fengqiao/core/error.hpp"

namespace fengqiao {

void WorkingCalendar::add_holiday(CivilDate d) {
    if (holidays_.insert(days_from_civil(d)).second) holiday_list_.push_back(d);
}

void WorkingCalendar::add_working_day(CivilDate d) {
    if (make_up_.insert(days_from_civil(d)).second) working_list_.push_back(d);
}

void WorkingCalendar::add_suspension(Suspension s) {
    const auto from = days_from_civil(s.from);
    const auto to = days_from_civil(s.to);
    if (to < from) {
        throw Exception(ErrorCode::invalid_argument, "suspension '" + s.reason + "' ends (" + format_date(s.to) +
                                                         ") before it starts (" + format_date(s.from) + ")");
    }
    suspended_days_.emplace_back(from, to);
    suspensions_.push_back(std::move(s));
}

bool WorkingCalendar::working(std::int64_t day) const {
    if (make_up_.count(day) != 0) return true;
    if (holidays_.count(day) != 0) return false;
    return weekday_from_days(day) < 5;
}

bool WorkingCalendar::counts(std::int64_t day) const {
    for (const auto& [from, to] : suspended_days_) {
        if (day >= from && day <= to) return false;
    }
    return true;
}

bool WorkingCalendar::is_working_day(CivilDate d) const { return working(days_from_civil(d)); }

bool WorkingCalendar::is_suspended(CivilDate d) const { return !counts(days_from_civil(d)); }

TimePoint WorkingCalendar::add_calendar_days(TimePoint start, int n) const {
    if (n < 0) {
        throw Exception(ErrorCode::invalid_argument,
                        "a time limit is a number of calendar days from 0 up, not " + std::to_string(n));
    }
    std::int64_t day = local_day(start, offset_);
    for (int counted = 0; counted < n;) {
        ++day;
        if (counts(day)) ++counted;
    }
    while (!working(day) || !counts(day)) ++day;
    return start_of_local_day(day + 1, offset_);
}

TimePoint WorkingCalendar::add_working_days(TimePoint start, int n) const {
    if (n < 0) {
        throw Exception(ErrorCode::invalid_argument,
                        "a time limit is a number of working days from 0 up, not " + std::to_string(n));
    }
    std::int64_t day = local_day(start, offset_);
    for (int counted = 0; counted < n;) {
        ++day;
        if (working(day) && counts(day)) ++counted;
    }
    return start_of_local_day(day + 1, offset_);
}

}  // namespace fengqiao
