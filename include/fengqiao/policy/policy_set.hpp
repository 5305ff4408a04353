/// @file policy_set.hpp
/// @brief The runtime set of policies an Engine runs, each replaceable alone.
#pragma once

#include <memory>
#include <string>

#include "fengqiao/policy/assignment.hpp"
#include "fengqiao/policy/authorization.hpp"
#include "fengqiao/policy/deadline.hpp"
#include "fengqiao/policy/escalation.hpp"
#include "fengqiao/policy/risk.hpp"

namespace fengqiao {

/// The five policies an Engine consults, held by shared pointer so any one can be swapped at runtime
/// (from C++ or Python). Every case records the @ref version it was reported under.
///
/// For the last nanosecond, use BasicEngine with a struct of concrete policy types instead: the
/// engine then calls them directly and the compiler can inline them.
struct PolicySet {
    std::shared_ptr<const EscalationPolicy> escalation;       ///< where failed cases go
    std::shared_ptr<const AssignmentPolicy> assignment;       ///< who mediates
    std::shared_ptr<const DeadlinePolicy> deadline;           ///< time limits
    std::shared_ptr<const RiskPolicy> risk;                   ///< risk grading
    std::shared_ptr<const AuthorizationPolicy> authorization; ///< who may do what
    std::string version = "minimal-1";                        ///< recorded on every case

    /// The minimal defaults: ParentEscalation, LeastLoadedAssignment, CalendarDayDeadlines,
    /// DeclaredRisk, ScopedAuthorization.
    [[nodiscard]] static PolicySet minimal();
};

}  // namespace fengqiao
