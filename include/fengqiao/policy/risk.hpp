/// @file risk.hpp
/// @brief Grades a case's risk after each command.
#pragma once

#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/model/risk.hpp"

namespace fengqiao {

/// Grades risk from case facts and events. Implement it to grade from a county's own indicators.
///
/// The engine calls it after every accepted command with the case as it will be stored. When the
/// grade rises to red the engine notifies listeners (the police-notification hook) and asks the
/// escalation policy whether to move the case at once.
class RiskPolicy {
public:
    virtual ~RiskPolicy() = default;
    /// The grade of @p c after @p command was applied to it.
    [[nodiscard]] virtual RiskGrade assess(const Case& c, const Command& command) const = 0;
};

/// The minimal default: the grade given at report, raised by RaiseRisk, never lowered.
class DeclaredRisk final : public RiskPolicy {
public:
    /// See the class description.
    [[nodiscard]] RiskGrade assess(const Case& c, const Command& command) const override;
};

}  // namespace fengqiao
