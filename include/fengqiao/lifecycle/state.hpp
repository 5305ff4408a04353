/// @file state.hpp
/// @brief The states of a case's lifecycle (DESIGN section 3). The level of a case is not a state:
/// it is the case's current jurisdiction.
#pragma once

#include <cstdint>

#include "fengqiao/core/enum_names.hpp"

namespace fengqiao {

/// Where a case stands in its lifecycle.
enum class State : std::uint8_t {
    reported,    ///< registered, not yet taken up (已登记)
    accepted,    ///< taken up at the current jurisdiction (已受理)
    mediating,   ///< mediators assigned, sessions under way (调解中)
    agreed,      ///< a mediation agreement was reached (达成协议)
    confirming,  ///< judicial confirmation applied for (司法确认中)
    follow_up,   ///< agreement being fulfilled and visited (回访履行)
    failed,      ///< mediation failed at this level (调解不成)
    referred,    ///< sent out to court, arbitration, an administrative body, petition or police (已移交)
    rejected,    ///< not taken up (不予受理) — final
    closed,      ///< ended: resolved, or decided elsewhere after referral (已结案) — final
    withdrawn,   ///< the applicant withdrew (已撤回) — final
};

/// Names of State values.
template <>
struct EnumNames<State> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "state";
    /// Canonical names.
    static constexpr std::array<std::string_view, 11> names{
        "reported", "accepted", "mediating", "agreed",   "confirming", "follow_up",
        "failed",   "referred", "rejected",  "closed",   "withdrawn"};
    /// Display labels.
    static constexpr std::array<std::string_view, 11> labels{"已登记", "已受理",   "调解中",   "达成协议",
                                                              "司法确认中", "回访履行", "调解不成", "已移交",
                                                              "不予受理", "已结案",   "已撤回"};
};

/// Number of states.
inline constexpr std::size_t state_count = EnumNames<State>::names.size();

/// True for states that take no further command.
[[nodiscard]] constexpr bool is_final(State s) noexcept {
    return s == State::rejected || s == State::closed || s == State::withdrawn;
}

/// True for states in which a case is still being handled.
[[nodiscard]] constexpr bool is_open(State s) noexcept { return !is_final(s); }

}  // namespace fengqiao
