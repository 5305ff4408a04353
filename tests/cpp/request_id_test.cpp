// Request ids: a retried command is answered with its first result and applied once.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

TEST(RequestIds, ARepeatedReportCreatesOneCase) {
    SmallCounty k;
    Engine e = k.engine();
    const auto first = e.report(k.centre, SmallCounty::report_at(k.village_a1), "intake-7").value();
    const auto again = e.report(k.centre, SmallCounty::report_at(k.village_a1), "intake-7").value();
    EXPECT_EQ(first.case_id, again.case_id);
    EXPECT_EQ(first.sequence, again.sequence);
    EXPECT_EQ(e.size(), 1u);
    EXPECT_EQ(e.journal().size(), 1u);
}

TEST(RequestIds, ARepeatedCommandIsNotAppliedTwice) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    const auto first = e.submit(id, k.centre, HoldSession{"第一次"}, "s-1").value();
    const auto again = e.submit(id, k.centre, HoldSession{"第一次"}, "s-1").value();
    EXPECT_EQ(first.sequence, again.sequence);
    EXPECT_EQ(e.at(id).sessions, 1u);
    // A repeat of a command that has since been overtaken still answers with its first result.
    (void)e.submit(id, k.centre, ReachAgreement{"t", true}, "a-1").value();
    const auto late = e.submit(id, k.centre, HoldSession{"第一次"}, "s-1");
    ASSERT_TRUE(late.ok());
    EXPECT_EQ(late->to, State::mediating);
    EXPECT_EQ(e.at(id).state, State::agreed);
}

TEST(RequestIds, ReusingAnIdForAnotherCommandIsAConflict) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    (void)e.submit(id, k.centre, HoldSession{}, "x").value();
    const auto other_command = e.submit(id, k.centre, Fail{}, "x");
    ASSERT_FALSE(other_command.ok());
    EXPECT_EQ(other_command.error().code, ErrorCode::request_conflict);
    const CaseId other = fixtures::drive_to(e, k, State::mediating);
    const auto other_case = e.submit(other, k.centre, HoldSession{}, "x");
    ASSERT_FALSE(other_case.ok());
    EXPECT_EQ(other_case.error().code, ErrorCode::request_conflict);
    EXPECT_EQ(e.at(id).state, State::mediating);
}

TEST(RequestIds, ReusingAnIdForAnotherDisputeIsAConflict) {
    SmallCounty k;
    Engine e = k.engine();
    const auto first = e.report(k.centre, SmallCounty::report_at(k.village_a1), "r1").value();
    for (const Report& other : {SmallCounty::report_at(k.village_b1), SmallCounty::report_at(k.village_a1, Category::land_homestead)}) {
        const auto again = e.report(k.centre, other, "r1");
        ASSERT_FALSE(again.ok());
        EXPECT_EQ(again.error().code, ErrorCode::request_conflict);
        EXPECT_NE(again.error().message.find("'r1'"), std::string::npos) << again.error().message;
    }
    EXPECT_EQ(e.report(k.centre, SmallCounty::report_at(k.village_a1), "r1").value().case_id, first.case_id);
    EXPECT_EQ(e.size(), 1u);
}

TEST(RequestIds, ReusingAnIdAsAnotherActorIsAConflictNotTheFirstReceipt) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    (void)e.submit(id, k.centre, Accept{}, "a1").value();
    const auto records = e.journal().size();
    // Someone else repeating the id must not learn the receipt, nor be told it was done for them.
    const auto other = e.submit(id, k.mediator_b1, Accept{}, "a1");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::request_conflict);
    EXPECT_NE(other.error().message.find("县综治中心"), std::string::npos) << other.error().message;
    EXPECT_EQ(e.journal().size(), records);
}

TEST(RequestIds, AnUnauthorizedRequestIsRecordedOnceAndAnsweredWithTheSameRefusalAfterARestart) {
    // A refusal for want of authority is journalled: a retry must not add another record of it.
    SmallCounty k;
    Engine live = k.engine();
    const CaseId id = fixtures::drive_to(live, k, State::reported);
    const auto first = live.submit(id, k.mediator_b1, Accept{}, "b-1");  // 乙一村 may not act at 甲一村
    ASSERT_FALSE(first.ok());
    ASSERT_EQ(first.error().code, ErrorCode::not_authorized);
    const auto records = live.journal().size();
    const auto again = live.submit(id, k.mediator_b1, Accept{}, "b-1");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::not_authorized);
    EXPECT_EQ(again.error().message, first.error().message);
    EXPECT_EQ(live.journal().size(), records);
    EXPECT_EQ(live.answered("b-1"), nullptr) << "nothing was applied";
    // The same id for something else is still a conflict.
    EXPECT_EQ(live.submit(id, k.mediator_b1, Withdraw{}, "b-1").error().code, ErrorCode::request_conflict);
    // Rebuilt from the journal, as after a restart.
    Engine rebuilt = k.engine();
    rebuilt.replay(live.journal());
    const auto after = rebuilt.submit(id, k.mediator_b1, Accept{}, "b-1");
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().message, first.error().message);
    EXPECT_EQ(after.error().state, "reported");
    EXPECT_EQ(rebuilt.journal().size(), records);
    // A refused report too.
    const auto report = live.report(k.mediator_b1, SmallCounty::report_at(k.village_a1), "r-1");
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(live.report(k.mediator_b1, SmallCounty::report_at(k.village_a1), "r-1").error().message,
              report.error().message);
    EXPECT_EQ(live.journal().size(), records + 1);
}

TEST(RequestIds, CommandsRefusedBeforeReachingTheJournalAreNotRemembered) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    EXPECT_FALSE(e.submit(id, k.centre, Assign{}, "r").ok());
    (void)e.submit(id, k.centre, Accept{}).value();
    EXPECT_TRUE(e.submit(id, k.centre, Assign{{k.centre}}, "r").ok());
}

TEST(RequestIds, IdsSurviveAReplay) {
    SmallCounty k;
    Engine live = k.engine();
    const CaseId id = fixtures::drive_to(live, k, State::mediating);
    (void)live.submit(id, k.centre, HoldSession{}, "once").value();
    Engine rebuilt = k.engine();
    rebuilt.replay(live.journal());
    const auto again = rebuilt.submit(id, k.centre, HoldSession{}, "once").value();
    EXPECT_EQ(rebuilt.at(id).sessions, 1u);
    EXPECT_EQ(again.case_sequence, live.at(id).version);
}

TEST(RequestIds, ARetryGetsTheFirstReceiptWithTheRecordsTheEngineAddedAfterIt) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    auto esc = std::make_shared<fixtures::ScriptedEscalation>();
    esc->on_failure = EscalationDecision::Kind::escalate;  // a failure moves the case up by itself
    p.escalation = esc;
    Engine live = k.engine(p);
    const CaseId id = fixtures::drive_to(live, k, State::mediating);
    const Receipt first = live.submit(id, k.centre, Fail{"stuck"}, "fail-1").value();
    ASSERT_EQ(first.follow_ups, 1u);
    EXPECT_EQ(live.submit(id, k.centre, Fail{"stuck"}, "fail-1").value().follow_ups, 1u);
    ASSERT_NE(live.answered("fail-1"), nullptr);
    EXPECT_EQ(live.answered("fail-1")->follow_ups, 1u);
    // Rebuilt from the journal, as after a restart.
    Engine rebuilt = k.engine(p);
    rebuilt.replay(live.journal());
    const Receipt again = rebuilt.submit(id, k.centre, Fail{"stuck"}, "fail-1").value();
    EXPECT_EQ(again.sequence, first.sequence);
    EXPECT_EQ(again.follow_ups, 1u);
}
