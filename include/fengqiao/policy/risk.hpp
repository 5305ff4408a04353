/// @file risk.hpp
/// @brief Grades a case's risk after each command.
#pragma once

#include <cstdint>

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

/// Parameters of FengqiaoRisk (the "risk" object of a county file): points per fact, and the points
/// at which each grade starts.
struct FengqiaoRiskSettings {
    std::uint8_t threat = 3;                 ///< a threat of violence or self-harm was recorded
    std::uint8_t violence_history = 2;       ///< a party has a record of violence
    std::uint8_t per_failure = 1;            ///< each failed mediation ...
    std::uint8_t max_failure_points = 2;     ///< ... up to this many points
    std::uint8_t per_repeat = 1;             ///< each earlier report of the same dispute ...
    std::uint8_t max_repeat_points = 2;      ///< ... up to this many points
    std::uint16_t many_parties = 5;          ///< parties from which a dispute is a group dispute (1 point)
    std::uint16_t mass_parties = 10;         ///< parties from which it is a mass dispute (2 points)
    std::int64_t large_amount = 5'000'000;   ///< claimed amount (fen) worth 1 point: 50,000 yuan
    std::int64_t huge_amount = 50'000'000;   ///< claimed amount (fen) worth 2 points: 500,000 yuan
    std::uint8_t yellow = 1;                 ///< points from which the grade is yellow
    std::uint8_t orange = 3;                 ///< points from which the grade is orange
    std::uint8_t red = 5;                    ///< points from which the grade is red
};

/// The default Fengqiao risk grading: points from case facts (threat, violence history, failed
/// sessions, repeated reports, number of parties, claimed amount) give a grade; the case's grade is
/// the highest of that, the grade reported or raised by people, and its previous grade (grades are
/// never lowered automatically).
class FengqiaoRisk final : public RiskPolicy {
public:
    /// Builds the policy.
    explicit FengqiaoRisk(FengqiaoRiskSettings settings = {}) : settings_(settings) {}
    /// See the class description.
    [[nodiscard]] RiskGrade assess(const Case& c, const Command& command) const override;
    /// The points @p c scores from its facts.
    [[nodiscard]] unsigned points(const Case& c) const noexcept;
    /// The parameters in force.
    [[nodiscard]] const FengqiaoRiskSettings& settings() const noexcept { return settings_; }

private:
    FengqiaoRiskSettings settings_;
};

}  // namespace fengqiao
