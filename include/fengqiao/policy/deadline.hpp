/// @file deadline.hpp
/// @brief Time limits on the states of a case, and the warning before each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fengqiao/core/calendar.hpp"
#include "fengqiao/core/enum_names.hpp"
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
    /// The limit for @p c, which has just entered its current state (or level) at @p entered. A limit
    /// is due no earlier than @p entered, and a warning needs a limit and comes no later than it; the
    /// engine refuses any other answer (fengqiao::Exception, invalid_argument) and applies nothing.
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

/// How a time limit counts days.
enum class DayCount : std::uint8_t {
    calendar,  ///< every day counts; a limit ending on a rest day moves to the next working day
    working,   ///< only working days count
};

/// Names of DayCount values.
template <>
struct EnumNames<DayCount> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "day count";
    /// Canonical names.
    static constexpr std::array<std::string_view, 2> names{"calendar", "working"};
    /// Display labels.
    static constexpr std::array<std::string_view, 2> labels{"日", "工作日"};
};

/// One statutory time limit: which cases it applies to, how long, and where the rule comes from.
/// Unset selectors match anything; the rule with the most set selectors that match wins (the earlier
/// rule on a tie).
struct DeadlineRule {
    State state = State::mediating;           ///< the state the limit runs in
    std::optional<Category> category;         ///< only cases of this category
    std::optional<Channel> channel;           ///< only cases that came through this channel
    std::optional<ReferralRoute> route;       ///< only cases referred along this route
    std::uint16_t days = 30;                  ///< the limit
    DayCount count = DayCount::calendar;      ///< how days count
    std::uint16_t extension_days = 0;         ///< extension the statute allows (used with grant_extensions)
    std::string source;                       ///< the statute or practice, e.g. "People's Mediation Law art. 33"
};

/// Parameters of StatutoryDeadlines (the "deadline" object of a county file).
struct StatutoryDeadlineSettings {
    std::vector<DeadlineRule> rules;       ///< the limits; states without a matching rule have none
    std::uint16_t warning_lead_days = 3;   ///< warn this many days before a limit expires
    bool grant_extensions = false;         ///< count every rule's extension as granted

    /// The statutory defaults (DESIGN section 4), each citing its source.
    [[nodiscard]] static StatutoryDeadlineSettings defaults();
};

/// Statutory time limits on a working-day calendar with holidays, make-up days and suspensions.
class StatutoryDeadlines final : public DeadlinePolicy {
public:
    /// Builds the policy over @p calendar.
    StatutoryDeadlines(StatutoryDeadlineSettings settings, WorkingCalendar calendar);
    /// The limit of the best-matching rule for @p c's current state, counted from @p entered.
    [[nodiscard]] Deadline deadline(const Case& c, TimePoint entered) const override;
    /// The rule that applies to @p c in its current state, or nullptr.
    [[nodiscard]] const DeadlineRule* rule_for(const Case& c) const noexcept;
    /// The parameters in force.
    [[nodiscard]] const StatutoryDeadlineSettings& settings() const noexcept { return settings_; }
    /// The calendar limits are counted on.
    [[nodiscard]] const WorkingCalendar& calendar() const noexcept { return calendar_; }

private:
    StatutoryDeadlineSettings settings_;
    WorkingCalendar calendar_;
};

}  // namespace fengqiao
