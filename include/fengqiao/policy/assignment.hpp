/// @file assignment.hpp
/// @brief Who mediates a case: picks mediators or bodies at the case's jurisdiction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fengqiao/core/error.hpp"
#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/model/jurisdiction.hpp"

namespace fengqiao {

/// How many open cases each actor carries right now (kept by the engine from the primary state).
class Workload {
public:
    /// A view over per-actor counts indexed by ActorId::index().
    explicit Workload(const std::vector<std::uint32_t>& counts) noexcept : counts_(&counts) {}
    /// Open cases @p actor is assigned to.
    [[nodiscard]] std::uint32_t open_cases(ActorId actor) const noexcept {
        return actor.valid() && actor.index() < counts_->size() ? (*counts_)[actor.index()] : 0;
    }

private:
    const std::vector<std::uint32_t>* counts_;
};

/// The team an assignment policy picked, and why.
struct Assignment {
    Team team;           ///< who mediates
    std::string reason;  ///< e.g. "labour_wages specialist with the lightest load"
};

/// Picks mediators for an Assign command that names none. Implement it to change how a county
/// distributes work.
class AssignmentPolicy {
public:
    virtual ~AssignmentPolicy() = default;
    /// Picks a team for @p c at its current jurisdiction, or returns an Error
    /// (ErrorCode::no_eligible_mediator) naming the jurisdiction when nobody can take it.
    [[nodiscard]] virtual Result<Assignment> assign(const Case& c, const JurisdictionTree& tree, const Roster& roster,
                                                    const Workload& load) const = 0;
};

/// The minimal default: one actor scoped exactly to the case's jurisdiction who mediates, has the
/// case's category as a specialty and spare capacity, with the fewest open cases (lowest id on ties).
class LeastLoadedAssignment final : public AssignmentPolicy {
public:
    /// See the class description.
    [[nodiscard]] Result<Assignment> assign(const Case& c, const JurisdictionTree& tree, const Roster& roster,
                                            const Workload& load) const override;
};

}  // namespace fengqiao
