// The minimal default policies: deliberately simple, so the engine can be tested on its own.
#include <algorithm>

#include "fengqiao/policy/policy_set.hpp"

namespace fengqiao {

EscalationDecision ParentEscalation::decide(const Case& c, Trigger why, const JurisdictionTree& tree) const {
    if (why != Trigger::escalation_requested) return EscalationDecision::stay("waiting for an Escalate command");
    const auto& here = tree.at(c.jurisdiction);
    if (!here.parent.valid()) {
        return EscalationDecision::stay("'" + here.name + "' is the top of the jurisdiction tree");
    }
    return EscalationDecision::escalate(here.parent, "escalated from '" + here.name + "' to its parent '" +
                                                         tree[here.parent].name + "'");
}

Result<Assignment> LeastLoadedAssignment::assign(const Case& c, const JurisdictionTree& tree, const Roster& roster,
                                                 const Workload& load) const {
    ActorId best;
    std::uint32_t best_load = 0;
    for (auto id : roster.at_jurisdiction(c.jurisdiction)) {
        const Actor& a = roster[id];
        if (!mediates(a.role) || !a.specialties.contains(c.category)) continue;
        const auto n = load.open_cases(id);
        if (a.capacity != 0 && n >= a.capacity) continue;
        if (!best.valid() || n < best_load) {
            best = id;
            best_load = n;
        }
    }
    if (!best.valid()) {
        Error e;
        e.code = ErrorCode::no_eligible_mediator;
        e.case_id = c.id;
        e.message = "no mediator at '" + tree.at(c.jurisdiction).name + "' takes " +
                    std::string(to_string(c.category)) + " cases with spare capacity";
        return e;
    }
    Assignment out;
    out.team.add(best);
    const std::string open = std::to_string(best_load);
    out.reason.reserve(open.size() + 36);  // one allocation: this runs for every assignment
    out.reason.append("least loaded mediator (").append(open).append(" open cases)");
    return out;
}

Deadline CalendarDayDeadlines::deadline(const Case& c, TimePoint entered) const {
    const auto warn_lead = days(3);
    switch (c.state) {
        case State::mediating: return {entered + days(30), entered + days(30) - warn_lead};
        case State::agreed:
            if (c.written_agreement) return {entered + days(30), entered + days(30) - warn_lead};
            return {};
        default: return {};
    }
}

RiskGrade DeclaredRisk::assess(const Case& c, const Command& command) const {
    if (const auto* raise = std::get_if<RaiseRisk>(&command)) return std::max(c.risk, raise->grade);
    return c.risk;
}

AuthorizationDecision ScopedAuthorization::authorize(const Actor& actor, CommandKind command, const Case* subject,
                                                     JurisdictionId where, const JurisdictionTree& tree) const {
    (void)subject;
    if (actor.role == Role::auditor) {
        return AuthorizationDecision::deny("auditors read cases and change nothing");
    }
    if (!tree.within(where, actor.jurisdiction)) {
        return AuthorizationDecision::deny("'" + std::string(to_string(command)) + "' needs an actor scoped to '" +
                                           tree.at(where).name + "' or above; '" + actor.name + "' is scoped to '" +
                                           tree.at(actor.jurisdiction).name + "'");
    }
    return AuthorizationDecision::allow();
}

PolicySet PolicySet::minimal() {
    PolicySet p;
    p.escalation = std::make_shared<ParentEscalation>();
    p.assignment = std::make_shared<LeastLoadedAssignment>();
    p.deadline = std::make_shared<CalendarDayDeadlines>();
    p.risk = std::make_shared<DeclaredRisk>();
    p.authorization = std::make_shared<ScopedAuthorization>();
    return p;
}

}  // namespace fengqiao
