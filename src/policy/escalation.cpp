#include <string>

#include "fengqiao/policy/escalation.hpp"

namespace fengqiao {

FengqiaoEscalation::FengqiaoEscalation(FengqiaoEscalationSettings settings, const JurisdictionTree& tree,
                                       const Roster& roster)
    : settings_(std::move(settings)), roles_at_(tree.size(), 0) {
    for (const auto& a : roster.actors()) {
        if (tree.contains(a.jurisdiction)) {
            roles_at_[a.jurisdiction.index()] =
                static_cast<std::uint16_t>(roles_at_[a.jurisdiction.index()] | (1u << static_cast<unsigned>(a.role)));
        }
    }
}

bool FengqiaoEscalation::hosts(JurisdictionId j, Role r) const noexcept {
    return j.index() < roles_at_.size() && (roles_at_[j.index()] & (1u << static_cast<unsigned>(r))) != 0;
}

EscalationDecision FengqiaoEscalation::decide(const Case& c, Trigger why, const JurisdictionTree& tree) const {
    const Jurisdiction& here = tree.at(c.jurisdiction);
    if (why == Trigger::risk_raised) {
        if (c.risk != RiskGrade::red || !settings_.red_risk_to_county) {
            return EscalationDecision::stay("risk grade " + std::string(to_string(c.risk)) + " does not move the case");
        }
        const JurisdictionId county = tree.nearest_of_tier(c.jurisdiction, Tier::county);
        if (!county.valid() || county == c.jurisdiction || !tree.within(c.jurisdiction, county)) {
            return EscalationDecision::stay("red risk at '" + here.name + "': already at the county level");
        }
        return EscalationDecision::escalate(county, "red risk: straight to the county centre at '" + tree[county].name +
                                                        "', skipping the levels between");
    }
    if (why != Trigger::escalation_requested && !settings_.escalate_automatically) {
        return EscalationDecision::stay("waiting for an Escalate command");
    }
    if (why != Trigger::deadline_expired && c.level_sessions < settings_.min_sessions) {
        // A failed case takes no more sessions here: say what it can still do.
        return EscalationDecision::stay(
            std::to_string(c.level_sessions) + " mediation session(s) held at '" + here.name + "'; at least " +
            std::to_string(settings_.min_sessions) + " before a case moves up" +
            (c.state == State::failed ? std::string(", and a failed case holds no more: refer it out (refer) or record "
                                                    "the applicant's withdrawal (withdraw)")
                                      : std::string()));
    }
    const std::string cause = why == Trigger::deadline_expired ? "time limit passed at '" + here.name + "'"
                                                               : "mediation failed at '" + here.name + "'";
    for (const auto& [category, role] : settings_.handled_by) {
        if (category != c.category) continue;
        for (JurisdictionId up = here.parent; up.valid(); up = tree[up].parent) {
            if (hosts(up, role)) {
                return EscalationDecision::escalate(
                    up, cause + "; " + std::string(to_string(category)) + " disputes go to the " +
                            std::string(to_string(role)) + " at '" + tree[up].name + "'");
            }
        }
    }
    if (here.parent.valid()) {
        return EscalationDecision::escalate(here.parent, cause + "; escalated to '" + tree[here.parent].name + "'");
    }
    const ReferralRoute route = settings_.top_route[static_cast<std::size_t>(c.category)];
    return EscalationDecision::refer(route, cause + ", the top level; " + std::string(to_string(c.category)) +
                                                " disputes are referred to " + std::string(to_string(route)));
}

}  // namespace fengqiao
