/// @file deadline.hpp
/// @brief Time limits on the states of a case, and the warning before each.
#pragma once

#include "fengqiao/core/time.hpp"
#include "fengqiao/model/case.hpp"

namespace fengqiao {

/// A time limit: when it expires and when to warn. no_time for either means none.
struct Deadline {
    TimePoint due = no_time;      ///< when it expires
    TimePoint warn_at = no_time;  ///< when listeners get a warning (before due)
};

/// Sets the time limit of a case whenever it enters a state or a new level. Implement it to apply a
/// county's own limits.
///
/// When a deadline expires the engine issues Expire: a mediating case fails (and the escalation
/// policy is asked what next); in any other open state the case is marked overdue.
class DeadlinePolicy {
public:
    virtual ~DeadlinePolicy() = default;
    /// The limit for @p c, which has just entered its current state (or level) at @p entered.
    [[nodiscard]] virtual Deadline deadline(const Case& c, TimePoint entered) const = 0;
};

/// The minimal default, in calendar days: mediation 30 days (the general limit of people's
/// mediation), judicial confirmation to be applied for within 30 days of a written agreement
/// (People's Mediation Law art. 33); a warning 3 days before each. No limit in other states.
class CalendarDayDeadlines final : public DeadlinePolicy {
public:
    /// See the class description.
    [[nodiscard]] Deadline deadline(const Case& c, TimePoint entered) const override;
};

}  // namespace fengqiao
