/// @file fengqiao.hpp
/// @brief The policy set a county runs by default: Fengqiao escalation, assignment, statutory
/// deadlines, risk grading and role-scoped authorization, with every parameter in one struct.
#pragma once

#include <string>

#include "fengqiao/core/calendar.hpp"
#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/policy/assignment.hpp"
#include "fengqiao/policy/authorization.hpp"
#include "fengqiao/policy/deadline.hpp"
#include "fengqiao/policy/escalation.hpp"
#include "fengqiao/policy/policy_set.hpp"
#include "fengqiao/policy/risk.hpp"

namespace fengqiao {

/// Every parameter of the Fengqiao policies (the "policies" object of a county file).
struct FengqiaoSettings {
    std::string version = "fengqiao-1";  ///< recorded on every case reported under these settings
    FengqiaoEscalationSettings escalation;  ///< see FengqiaoEscalation
    FengqiaoAssignmentSettings assignment;  ///< see FengqiaoAssignment
    StatutoryDeadlineSettings deadline = StatutoryDeadlineSettings::defaults();  ///< see StatutoryDeadlines
    FengqiaoRiskSettings risk;              ///< see FengqiaoRisk
    RolePermissions authorization = RolePermissions::defaults();  ///< see RoleScopeAuthorization

    /// The defaults, with labour and work-injury disputes handled by the arbitrator (the labour
    /// arbitration office stationed at the county centre).
    [[nodiscard]] static FengqiaoSettings defaults();
};

/// The Fengqiao policies as a runtime PolicySet (each member replaceable alone).
[[nodiscard]] PolicySet fengqiao_policies(const FengqiaoSettings& settings, const WorkingCalendar& calendar,
                                          const JurisdictionTree& tree, const Roster& roster);

/// The same policies as concrete types, for BasicEngine<FengqiaoPolicies>: the engine calls them
/// directly (the classes are final, so calls are not virtual) and the compiler can inline them.
struct FengqiaoPolicies {
    FengqiaoEscalation escalation;        ///< where failed cases go
    FengqiaoAssignment assignment;        ///< who mediates
    StatutoryDeadlines deadline;          ///< time limits
    FengqiaoRisk risk;                    ///< risk grading
    RoleScopeAuthorization authorization; ///< who may do what
    std::string version;                  ///< recorded on every case

    /// Builds the set from @p settings.
    [[nodiscard]] static FengqiaoPolicies make(const FengqiaoSettings& settings, const WorkingCalendar& calendar,
                                               const JurisdictionTree& tree, const Roster& roster);
};

}  // namespace fengqiao
