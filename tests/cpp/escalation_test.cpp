// Escalation: where failed cases go, and what happens at the top of the tree.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

TEST(Escalation, FailedVillageCaseMovesToItsTownshipAndIsAcceptedThere) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::failed);
    const auto r = e.submit(id, k.mediator_a1, Escalate{}).value();
    EXPECT_EQ(r.to, State::accepted);
    EXPECT_EQ(r.jurisdiction_before, k.village_a1);
    EXPECT_EQ(r.jurisdiction_after, k.town_a);
    EXPECT_NE(r.reason.find("甲镇"), std::string::npos) << r.reason;
    const Case& c = e.at(id);
    EXPECT_EQ(c.jurisdiction, k.town_a);
    EXPECT_EQ(c.origin, k.village_a1);
    EXPECT_EQ(c.escalations, 1u);
    EXPECT_EQ(e.history(id).back().reason, r.reason);
}

TEST(Escalation, ThePathRunsVillageTownshipCountyThenIsRefusedAtTheRoot) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::failed);
    for (auto expected : {k.town_a, k.county}) {
        (void)e.submit(id, k.centre, Escalate{}).value();
        EXPECT_EQ(e.at(id).jurisdiction, expected);
        (void)e.submit(id, k.centre, Assign{{k.centre}}).value();
        (void)e.submit(id, k.centre, Fail{"again"}).value();
    }
    const auto top = e.submit(id, k.centre, Escalate{});
    ASSERT_FALSE(top.ok());
    EXPECT_EQ(top.error().code, ErrorCode::no_escalation_target);
    EXPECT_EQ(top.error().state, "failed");
    EXPECT_NE(top.error().message.find("top of the jurisdiction tree"), std::string::npos) << top.error().message;
    EXPECT_EQ(e.at(id).state, State::failed);
    EXPECT_EQ(e.at(id).escalations, 2u);
}

TEST(Escalation, APolicyThatRefersSendsTheCaseOut) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    auto esc = std::make_shared<fixtures::ScriptedEscalation>();
    esc->on_request = EscalationDecision::Kind::refer;
    esc->route = ReferralRoute::arbitration;
    p.escalation = esc;
    Engine e = k.engine(p);
    const CaseId id = fixtures::drive_to(e, k, State::failed);
    const auto r = e.submit(id, k.centre, Escalate{}).value();
    EXPECT_EQ(r.to, State::referred);
    EXPECT_EQ(e.at(id).route, ReferralRoute::arbitration);
    EXPECT_EQ(e.at(id).jurisdiction, k.village_a1);
}

TEST(Escalation, APolicyMayEscalateByItselfAfterFailure) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    auto esc = std::make_shared<fixtures::ScriptedEscalation>();
    esc->on_failure = EscalationDecision::Kind::escalate;
    p.escalation = esc;
    Engine e = k.engine(p);
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    const auto r = e.submit(id, k.centre, Fail{"stuck"}).value();
    EXPECT_EQ(r.to, State::failed);
    EXPECT_EQ(r.follow_ups, 1u);
    EXPECT_EQ(e.at(id).state, State::accepted);
    EXPECT_EQ(e.at(id).jurisdiction, k.town_a);
    const auto h = e.history(id);
    EXPECT_EQ(h.back().actor, system_actor);
    EXPECT_EQ(h.back().command_kind(), CommandKind::escalate);
}

namespace {
class Sideways final : public EscalationPolicy {
public:
    explicit Sideways(JurisdictionId to) : to_(to) {}
    EscalationDecision decide(const Case&, Trigger why, const JurisdictionTree&) const override {
        if (why != Trigger::escalation_requested) return EscalationDecision::stay("wait");
        return EscalationDecision::escalate(to_, "sideways");
    }

private:
    JurisdictionId to_;
};
}  // namespace

TEST(Escalation, APolicyChoosingANonAncestorIsAProgrammingErrorAndChangesNothing) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.escalation = std::make_shared<Sideways>(k.town_b);
    Engine e = k.engine(p);
    const CaseId id = fixtures::drive_to(e, k, State::failed);
    const Case before = e.at(id);
    const auto size = e.journal().size();
    EXPECT_THROW((void)e.submit(id, k.centre, Escalate{}), Exception);
    EXPECT_EQ(e.at(id), before);
    EXPECT_EQ(e.journal().size(), size);
}

TEST(Escalation, APolicyChoosingAJurisdictionNotInTheTreeIsNamedAsUnknown) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.escalation = std::make_shared<Sideways>(JurisdictionId(999999));
    Engine e = k.engine(p);
    const CaseId id = fixtures::drive_to(e, k, State::failed);
    const auto size = e.journal().size();
    try {
        (void)e.submit(id, k.centre, Escalate{});
        ADD_FAILURE() << "the case was sent to a jurisdiction that does not exist";
    } catch (const Exception& ex) {
        EXPECT_EQ(ex.code(), ErrorCode::unknown_jurisdiction);
        EXPECT_NE(std::string(ex.what()).find("jurisdiction id 999999, which is not in the tree"), std::string::npos)
            << ex.what();
    }
    EXPECT_EQ(e.at(id).state, State::failed);
    EXPECT_EQ(e.journal().size(), size);
}
