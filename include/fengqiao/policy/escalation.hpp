/// @file escalation.hpp
/// @brief Where a case goes when mediation at its current level fails, its deadline passes or its
/// risk turns red.
#pragma once

#include <cstdint>
#include <string>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/ids.hpp"
#include <array>
#include <utility>
#include <vector>

#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/model/outcome.hpp"

namespace fengqiao {

/// What prompted an escalation decision.
enum class Trigger : std::uint8_t {
    failed,             ///< mediation just failed (a Fail command)
    deadline_expired,   ///< mediation just failed because its time limit passed
    risk_raised,        ///< the risk grade just rose (to red, or as the risk policy reports)
    escalation_requested,  ///< an actor issued Escalate on a failed case
};

/// Names of Trigger values.
template <>
struct EnumNames<Trigger> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "trigger";
    /// Canonical names.
    static constexpr std::array<std::string_view, 4> names{"failed", "deadline_expired", "risk_raised",
                                                            "escalation_requested"};
    /// Display labels.
    static constexpr std::array<std::string_view, 4> labels{"调解不成", "期限届满", "风险升级", "申请上交"};
};

/// What an escalation policy decided, and why (the reason lands in the journal).
struct EscalationDecision {
    /// The three possible answers.
    enum class Kind : std::uint8_t {
        stay,      ///< keep the case where it is (on a request: refuse it)
        escalate,  ///< move it to @ref target, an ancestor of its jurisdiction
        refer,     ///< send it out along @ref route
    };
    Kind kind = Kind::stay;                     ///< the answer
    JurisdictionId target;                      ///< the ancestor to move to, when kind == escalate
    ReferralRoute route = ReferralRoute::none;  ///< the route out, when kind == refer
    std::string reason;                         ///< e.g. "red risk: skip to the county centre"

    /// Keep the case where it is.
    [[nodiscard]] static EscalationDecision stay(std::string why) {
        return {Kind::stay, {}, ReferralRoute::none, std::move(why)};
    }
    /// Move the case to @p to.
    [[nodiscard]] static EscalationDecision escalate(JurisdictionId to, std::string why) {
        return {Kind::escalate, to, ReferralRoute::none, std::move(why)};
    }
    /// Send the case out along @p via.
    [[nodiscard]] static EscalationDecision refer(ReferralRoute via, std::string why) {
        return {Kind::refer, {}, via, std::move(why)};
    }
};

/// Decides escalation. Implement it to change how a county escalates.
///
/// The engine asks on every trigger. For Trigger::escalation_requested, `stay` refuses the Escalate
/// command with ErrorCode::no_escalation_target and the decision's reason. For the other triggers,
/// `escalate` or `refer` makes the engine act at once, as the system actor; `stay` waits for people.
class EscalationPolicy {
public:
    virtual ~EscalationPolicy() = default;
    /// Decides what happens to @p c (its state already updated) after @p why.
    [[nodiscard]] virtual EscalationDecision decide(const Case& c, Trigger why,
                                                    const JurisdictionTree& tree) const = 0;
};

/// The minimal default: an Escalate command moves a failed case to its parent jurisdiction; at the
/// root there is nowhere to go and the command is refused. Nothing happens automatically.
class ParentEscalation final : public EscalationPolicy {
public:
    /// See the class description.
    [[nodiscard]] EscalationDecision decide(const Case& c, Trigger why,
                                            const JurisdictionTree& tree) const override;
};

/// Parameters of FengqiaoEscalation (loaded from the "escalation" object of a county file).
struct FengqiaoEscalationSettings {
    /// Act on a failure or an expired deadline at once, as the system actor, instead of waiting for
    /// an Escalate command.
    bool escalate_automatically = true;
    /// Mediation sessions a case must have had at its current level before a failure moves it up;
    /// until then the case stays ("small matters stay in the village"). Expiry ignores it.
    std::uint16_t min_sessions = 1;
    /// A rise to red risk moves the case straight to the county (nearest ancestor of county tier).
    bool red_risk_to_county = true;
    /// Categories handled only by a particular body: a failed case of the category goes to the
    /// nearest ancestor hosting an actor with that role (e.g. labour_wages → arbitrator at the county
    /// centre), skipping the levels in between.
    std::vector<std::pair<Category, Role>> handled_by;
    /// Where a case goes when there is no level above: the route for each category.
    std::array<ReferralRoute, EnumNames<Category>::names.size()> top_route{
        ReferralRoute::litigation,      // marriage_family
        ReferralRoute::litigation,      // neighbour
        ReferralRoute::litigation,      // property_management
        ReferralRoute::arbitration,     // labour_wages: Labour Dispute Mediation and Arbitration Law art. 5
        ReferralRoute::arbitration,     // work_injury
        ReferralRoute::administrative,  // land_homestead: Land Administration Law art. 14
        ReferralRoute::litigation,      // contract_debt
        ReferralRoute::litigation,      // traffic_accident
        ReferralRoute::litigation,      // medical
        ReferralRoute::administrative,  // consumer: market regulation complaint handling
        ReferralRoute::litigation};     // other
};

/// The default Fengqiao escalation: up one level at a time after mediation fails, skipping to the
/// body that handles a category or to the county on red risk, and referring out at the top.
///
/// - failed / deadline_expired: with escalate_automatically, move to the parent (or the nearest
///   ancestor hosting the body for the category); with too few sessions at this level, stay.
/// - escalation_requested: the same answer; `stay` refuses the command with the reason.
/// - risk_raised: red moves the case to the county at once; other grades stay.
/// - at the root: refer along top_route for the category.
class FengqiaoEscalation final : public EscalationPolicy {
public:
    /// Builds the policy; @p roster and @p tree tell which jurisdictions host which roles.
    FengqiaoEscalation(FengqiaoEscalationSettings settings, const JurisdictionTree& tree, const Roster& roster);
    /// See the class description.
    [[nodiscard]] EscalationDecision decide(const Case& c, Trigger why,
                                            const JurisdictionTree& tree) const override;
    /// The parameters in force.
    [[nodiscard]] const FengqiaoEscalationSettings& settings() const noexcept { return settings_; }

private:
    [[nodiscard]] bool hosts(JurisdictionId j, Role r) const noexcept;

    FengqiaoEscalationSettings settings_;
    std::vector<std::uint16_t> roles_at_;  // per jurisdiction index: bit r set if an actor of role r is there
};

}  // namespace fengqiao
