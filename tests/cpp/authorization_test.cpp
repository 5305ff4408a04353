// Authorization (minimal scope rule): who may act where; refusals are refused, named and journaled.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

TEST(Authorization, ActorsActInTheirJurisdictionAndBelow) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported, k.grid_a1);
    EXPECT_TRUE(e.submit(id, k.mediator_a1, Accept{}).ok());      // village over its grid cell
    EXPECT_TRUE(e.submit(id, k.judicial_a, RaiseRisk{RiskGrade::yellow, ""}).ok());  // township
    // The county centre may act anywhere; this command is refused for the state, not the actor.
    EXPECT_EQ(e.submit(id, k.centre, HoldSession{}).error().code, ErrorCode::invalid_transition);
}

TEST(Authorization, AnotherVillagesMediatorIsRefusedAndTheAttemptIsJournaled) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    const Case before = e.at(id);
    const auto size = e.journal().size();
    const auto r = e.submit(id, k.mediator_b1, Accept{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::not_authorized);
    EXPECT_EQ(r.error().actor, k.mediator_b1);
    EXPECT_EQ(r.error().case_id, id);
    EXPECT_EQ(r.error().command, "accept");
    EXPECT_NE(r.error().message.find("乙一村调解员"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("case 1"), std::string::npos) << r.error().message;
    EXPECT_EQ(e.at(id), before);
    ASSERT_EQ(e.journal().size(), size + 1);
    const auto h = e.history(id);
    EXPECT_EQ(h.back().kind, RecordKind::refused);
    EXPECT_EQ(h.back().refusal, ErrorCode::not_authorized);
    EXPECT_EQ(h.back().actor, k.mediator_b1);
    EXPECT_EQ(h.back().case_sequence, before.version);
}

TEST(Authorization, AuditorsChangeNothingAnywhere) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    for (Command c : {Command(HoldSession{}), Command(Withdraw{}), Command(Fail{})}) {
        const auto r = e.submit(id, k.auditor, c);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::not_authorized);
    }
    EXPECT_FALSE(e.report(k.auditor, SmallCounty::report_at(k.village_a1)).ok());
    EXPECT_EQ(e.size(), 1u);
    EXPECT_EQ(e.at(id).state, State::mediating);
}

TEST(Authorization, ReportsOutsideTheReportersScopeAreRefused) {
    SmallCounty k;
    Engine e = k.engine();
    const auto r = e.report(k.grid_worker_a1, SmallCounty::report_at(k.village_b1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::not_authorized);
    EXPECT_EQ(e.size(), 0u);
    EXPECT_EQ(e.journal().size(), 1u);  // the refused attempt
}
