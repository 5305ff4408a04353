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

/// Parameters of FengqiaoAssignment (the "assignment" object of a county file). A case meeting any
/// threshold is "serious" and, at a township, gets the joint team.
struct FengqiaoAssignmentSettings {
    RiskGrade joint_team_min_risk = RiskGrade::orange;  ///< risk grade from which a case is serious
    std::int64_t joint_team_min_amount = 10'000'000;    ///< claimed amount (fen) from which it is serious: 100,000 yuan
    std::uint16_t joint_team_min_parties = 10;          ///< parties from which it is serious (a group dispute)
};

/// The default Fengqiao assignment.
///
/// - At a township, a serious case (see FengqiaoAssignmentSettings) gets the "three chiefs" joint team:
///   the township's judicial office, police station and court tribunal (least loaded of each role).
/// - At the county, the stationed department for the category: among the centre's actors that mediate
///   and take the category, the most specialised (fewest specialties) with the least load; petitions
///   go to the petition office.
/// - Elsewhere, and for ordinary township cases: the least-loaded mediator at the jurisdiction with the
///   category as a specialty and spare capacity.
/// - Nobody eligible: ErrorCode::no_eligible_mediator, naming the jurisdiction and why.
class FengqiaoAssignment final : public AssignmentPolicy {
public:
    /// Builds the policy.
    explicit FengqiaoAssignment(FengqiaoAssignmentSettings settings = {}) : settings_(settings) {}
    /// See the class description.
    [[nodiscard]] Result<Assignment> assign(const Case& c, const JurisdictionTree& tree, const Roster& roster,
                                            const Workload& load) const override;
    /// True if @p c meets a joint-team threshold.
    [[nodiscard]] bool serious(const Case& c) const noexcept;
    /// The parameters in force.
    [[nodiscard]] const FengqiaoAssignmentSettings& settings() const noexcept { return settings_; }

private:
    FengqiaoAssignmentSettings settings_;
};

}  // namespace fengqiao
