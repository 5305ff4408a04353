// The Fengqiao escalation policy's decisions on hand-built cases in Xiangyuan.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/xiangyuan.hpp"

using namespace fengqiao;
using fixtures::place;

namespace {
const County& k() { return fixtures::xiangyuan(); }

const FengqiaoEscalation& policy() {
    static const FengqiaoEscalation p(k().settings.escalation, k().jurisdictions, k().roster);
    return p;
}

Case failed_at(const std::string& where, Category cat = Category::neighbour, std::uint16_t sessions = 1) {
    Case c;
    c.state = State::failed;
    c.category = cat;
    c.jurisdiction = place(k(), where);
    c.level_sessions = sessions;
    return c;
}
}  // namespace

TEST(FengqiaoEscalation, AFailedVillageCaseGoesToItsTown) {
    const auto d = policy().decide(failed_at("xiangyuan.houbao.dongzhou"), Trigger::failed, k().jurisdictions);
    EXPECT_EQ(d.kind, EscalationDecision::Kind::escalate);
    EXPECT_EQ(d.target, place(k(), "xiangyuan.houbao"));
    EXPECT_NE(d.reason.find("东周村"), std::string::npos) << d.reason;
    EXPECT_NE(d.reason.find("侯堡镇"), std::string::npos) << d.reason;
}

TEST(FengqiaoEscalation, AFailedTownCaseGoesToTheCounty) {
    const auto d = policy().decide(failed_at("xiangyuan.houbao"), Trigger::deadline_expired, k().jurisdictions);
    EXPECT_EQ(d.kind, EscalationDecision::Kind::escalate);
    EXPECT_EQ(d.target, place(k(), "xiangyuan"));
    EXPECT_NE(d.reason.find("time limit"), std::string::npos) << d.reason;
}

TEST(FengqiaoEscalation, LabourDisputesSkipTheTownToTheArbitrationOffice) {
    const auto d = policy().decide(failed_at("xiangyuan.guhan.xihedi", Category::labour_wages), Trigger::failed,
                                   k().jurisdictions);
    EXPECT_EQ(d.kind, EscalationDecision::Kind::escalate);
    EXPECT_EQ(d.target, place(k(), "xiangyuan"));
    EXPECT_NE(d.reason.find("arbitrator"), std::string::npos) << d.reason;
}

TEST(FengqiaoEscalation, RedRiskGoesStraightToTheCounty) {
    Case c = failed_at("xiangyuan.houbao.dongzhou");
    c.state = State::mediating;
    c.risk = RiskGrade::red;
    const auto d = policy().decide(c, Trigger::risk_raised, k().jurisdictions);
    EXPECT_EQ(d.kind, EscalationDecision::Kind::escalate);
    EXPECT_EQ(d.target, place(k(), "xiangyuan"));
    c.risk = RiskGrade::orange;
    EXPECT_EQ(policy().decide(c, Trigger::risk_raised, k().jurisdictions).kind, EscalationDecision::Kind::stay);
    c.risk = RiskGrade::red;
    c.jurisdiction = place(k(), "xiangyuan");
    EXPECT_EQ(policy().decide(c, Trigger::risk_raised, k().jurisdictions).kind, EscalationDecision::Kind::stay);
}

TEST(FengqiaoEscalation, AtTheTopCasesAreReferredOutByCategory) {
    const struct {
        Category category;
        ReferralRoute route;
    } expected[] = {{Category::neighbour, ReferralRoute::litigation},
                    {Category::labour_wages, ReferralRoute::arbitration},
                    {Category::land_homestead, ReferralRoute::administrative},
                    {Category::consumer, ReferralRoute::administrative}};
    for (const auto& e : expected) {
        const auto d = policy().decide(failed_at("xiangyuan", e.category), Trigger::failed, k().jurisdictions);
        EXPECT_EQ(d.kind, EscalationDecision::Kind::refer) << to_string(e.category);
        EXPECT_EQ(d.route, e.route) << to_string(e.category);
        EXPECT_NE(d.reason.find(std::string(to_string(e.route))), std::string::npos) << d.reason;
    }
}

TEST(FengqiaoEscalation, WithoutASessionAtThisLevelTheCaseStays) {
    const auto d = policy().decide(failed_at("xiangyuan.houbao.dongzhou", Category::neighbour, 0),
                                   Trigger::escalation_requested, k().jurisdictions);
    EXPECT_EQ(d.kind, EscalationDecision::Kind::stay);
    EXPECT_NE(d.reason.find("0 mediation session"), std::string::npos) << d.reason;
    EXPECT_NE(d.reason.find("a failed case holds no more: refer it out (refer) or record the applicant's withdrawal"),
              std::string::npos)
        << "it names what the case can still do, not a session it cannot hold: " << d.reason;
    // An expired time limit moves the case even without a session.
    EXPECT_EQ(policy()
                  .decide(failed_at("xiangyuan.houbao.dongzhou", Category::neighbour, 0), Trigger::deadline_expired,
                          k().jurisdictions)
                  .kind,
              EscalationDecision::Kind::escalate);
}

TEST(FengqiaoEscalation, ManualModeWaitsForAnEscalateCommand) {
    auto settings = k().settings.escalation;
    settings.escalate_automatically = false;
    const FengqiaoEscalation manual(settings, k().jurisdictions, k().roster);
    const Case c = failed_at("xiangyuan.houbao.dongzhou");
    EXPECT_EQ(manual.decide(c, Trigger::failed, k().jurisdictions).kind, EscalationDecision::Kind::stay);
    EXPECT_EQ(manual.decide(c, Trigger::escalation_requested, k().jurisdictions).kind,
              EscalationDecision::Kind::escalate);
}
