// A small county shared by the tests: two towns, villages, a grid cell, and actors at every level.
#pragma once

#include <memory>
#include <string>

#include <fengqiao/fengqiao.hpp>

namespace fengqiao::fixtures {

/// 县 → {甲镇 → {甲一村 → 网格1, 甲二村}, 乙镇 → 乙一村}, with mediators, bodies, a centre and an auditor.
struct SmallCounty {
    JurisdictionTree tree;
    Roster roster;
    JurisdictionId county, town_a, town_b, village_a1, village_a2, village_b1, grid_a1;
    ActorId grid_worker_a1, mediator_a1, mediator_a2, mediator_b1, judicial_a, police_a, tribunal_a, judicial_b,
        centre, auditor;

    SmallCounty() {
        county = tree.add({}, JurisdictionKind::county, "C", "测试县");
        town_a = tree.add(county, JurisdictionKind::town, "C-A", "甲镇");
        town_b = tree.add(county, JurisdictionKind::town, "C-B", "乙镇");
        village_a1 = tree.add(town_a, JurisdictionKind::village, "C-A-1", "甲一村");
        village_a2 = tree.add(town_a, JurisdictionKind::village, "C-A-2", "甲二村");
        village_b1 = tree.add(town_b, JurisdictionKind::village, "C-B-1", "乙一村");
        grid_a1 = tree.add(village_a1, JurisdictionKind::grid, "C-A-1-G1", "甲一村网格1");
        grid_worker_a1 = roster.add("甲一村网格员", Role::grid_worker, village_a1);
        mediator_a1 = roster.add("甲一村调解员", Role::peoples_mediator, village_a1);
        mediator_a2 = roster.add("甲二村调解员", Role::peoples_mediator, village_a2);
        mediator_b1 = roster.add("乙一村调解员", Role::peoples_mediator, village_b1);
        judicial_a = roster.add("甲镇司法所", Role::judicial_office, town_a);
        police_a = roster.add("甲镇派出所", Role::police_station, town_a);
        tribunal_a = roster.add("甲镇人民法庭", Role::court_tribunal, town_a);
        judicial_b = roster.add("乙镇司法所", Role::judicial_office, town_b);
        centre = roster.add("县综治中心", Role::county_centre_staff, county);
        auditor = roster.add("县督查", Role::auditor, county);
    }

    /// An engine over this county (a copy of the tree and roster).
    [[nodiscard]] Engine engine(PolicySet policies = PolicySet::minimal(), EngineOptions options = {}) const {
        return Engine(tree, roster, std::move(policies), std::move(options));
    }

    /// A report of a @p category dispute at @p where with two parties.
    [[nodiscard]] static Report report_at(JurisdictionId where, Category category = Category::neighbour) {
        Report r;
        r.jurisdiction = where;
        r.category = category;
        r.channel = Channel::walk_in;
        r.parties = {{"甲", Side::applicant, false}, {"乙", Side::respondent, false}};
        r.summary = "测试纠纷";
        return r;
    }
};

/// Reports a case at @p where and drives it into @p target with the county centre as actor.
inline CaseId drive_to(Engine& e, const SmallCounty& k, State target, JurisdictionId where) {
    const ActorId a = k.centre;
    const CaseId id = e.report(a, SmallCounty::report_at(where)).value().case_id;
    auto go = [&](Command c) { (void)e.submit(id, a, std::move(c)).value(); };
    switch (target) {
        case State::reported: break;
        case State::accepted: go(Accept{}); break;
        case State::mediating: go(Accept{}); go(Assign{{k.centre}}); break;
        case State::agreed: go(Accept{}); go(Assign{{k.centre}}); go(ReachAgreement{"terms", true}); break;
        case State::confirming:
            go(Accept{}); go(Assign{{k.centre}}); go(ReachAgreement{"terms", true}); go(ApplyConfirmation{});
            break;
        case State::follow_up:
            go(Accept{}); go(Assign{{k.centre}}); go(ReachAgreement{"terms", true}); go(StartFollowUp{});
            break;
        case State::failed: go(Accept{}); go(Assign{{k.centre}}); go(Fail{"no"}); break;
        case State::referred: go(Refer{ReferralRoute::litigation, "court"}); break;
        case State::rejected: go(Reject{"before a court"}); break;
        case State::closed:
            go(Accept{}); go(Assign{{k.centre}}); go(ReachAgreement{"terms", true}); go(StartFollowUp{});
            go(RecordFulfilment{true, "done"});
            break;
        case State::withdrawn: go(Withdraw{"changed mind"}); break;
    }
    return id;
}

/// Reports a case at village_a1 and drives it into @p target.
inline CaseId drive_to(Engine& e, const SmallCounty& k, State target) { return drive_to(e, k, target, k.village_a1); }

/// An escalation policy whose answers the test sets.
class ScriptedEscalation final : public EscalationPolicy {
public:
    EscalationDecision::Kind on_request = EscalationDecision::Kind::escalate;
    EscalationDecision::Kind on_failure = EscalationDecision::Kind::stay;
    EscalationDecision::Kind on_risk = EscalationDecision::Kind::stay;
    ReferralRoute route = ReferralRoute::litigation;

    [[nodiscard]] EscalationDecision decide(const Case& c, Trigger why, const JurisdictionTree& tree) const override {
        const auto kind = why == Trigger::escalation_requested ? on_request
                          : why == Trigger::risk_raised        ? on_risk
                                                               : on_failure;
        switch (kind) {
            case EscalationDecision::Kind::escalate: {
                const auto parent = tree.at(c.jurisdiction).parent;
                if (!parent.valid()) return EscalationDecision::stay("top");
                return EscalationDecision::escalate(parent, "scripted: to parent");
            }
            case EscalationDecision::Kind::refer: return EscalationDecision::refer(route, "scripted: refer");
            case EscalationDecision::Kind::stay: break;
        }
        return EscalationDecision::stay("scripted: stay");
    }
};

/// A deadline policy that gives every open state a limit of @p limit, warning @p lead before.
class EveryStateDeadline final : public DeadlinePolicy {
public:
    explicit EveryStateDeadline(Duration limit = days(1), Duration lead = std::chrono::hours(2))
        : limit_(limit), lead_(lead) {}
    [[nodiscard]] Deadline deadline(const Case&, TimePoint entered) const override {
        return {entered + limit_, entered + limit_ - lead_};
    }

private:
    Duration limit_;
    Duration lead_;
};

}  // namespace fengqiao::fixtures
