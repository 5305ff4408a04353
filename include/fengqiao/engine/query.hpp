/// @file query.hpp
/// @brief Selecting cases, and the statistics a county watches.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "fengqiao/core/ids.hpp"
#include "fengqiao/lifecycle/state.hpp"
#include "fengqiao/model/category.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/model/outcome.hpp"
#include "fengqiao/model/risk.hpp"

namespace fengqiao {

/// A filter over cases; every field that is set must match. Read from the engine's primary state.
struct CaseQuery {
    std::optional<State> state;              ///< in exactly this state
    std::optional<JurisdictionId> within;    ///< handled in this jurisdiction or below it
    std::optional<Category> category;        ///< of this category
    std::optional<RiskGrade> min_risk;       ///< at this risk grade or higher
    bool open_only = false;                  ///< only cases still being handled
    bool overdue_only = false;               ///< only open cases past a deadline (or marked overdue)
};

/// Counts over all cases, computed from the primary state.
struct Statistics {
    std::size_t cases = 0;    ///< cases reported
    std::size_t open = 0;     ///< cases not in a final state
    std::size_t overdue = 0;  ///< open cases past a deadline or marked overdue
    std::array<std::size_t, state_count> by_state{};  ///< indexed by State
    std::array<std::size_t, EnumNames<Outcome>::names.size()> by_outcome{};  ///< indexed by Outcome
    /// Cases resolved by mediation (Outcome::resolved), by the tier where they were resolved.
    std::array<std::size_t, EnumNames<Tier>::names.size()> resolved_by_tier{};
    /// Cases ever referred out, by route.
    std::array<std::size_t, EnumNames<ReferralRoute>::names.size()> referred_by_route{};

    /// The headline figure: of the cases that ended on their merits (resolved, decided or settled
    /// elsewhere, abandoned after referral), the share resolved by mediation at village or township
    /// level. Withdrawn and rejected cases are left out. 0 when nothing has ended.
    [[nodiscard]] double resolved_at_or_below_township() const noexcept {
        const std::size_t ended = by_outcome[static_cast<std::size_t>(Outcome::resolved)] +
                                  by_outcome[static_cast<std::size_t>(Outcome::decided_elsewhere)] +
                                  by_outcome[static_cast<std::size_t>(Outcome::settled_elsewhere)] +
                                  by_outcome[static_cast<std::size_t>(Outcome::abandoned)];
        const std::size_t low = resolved_by_tier[static_cast<std::size_t>(Tier::village)] +
                                resolved_by_tier[static_cast<std::size_t>(Tier::township)];
        return ended == 0 ? 0.0 : static_cast<double>(low) / static_cast<double>(ended);
    }
};

}  // namespace fengqiao
