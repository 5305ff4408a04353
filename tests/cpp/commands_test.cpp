// Command payloads and addressing: what a bad command gets back, and that nothing changes.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

TEST(Commands, ReportCreatesACaseWithItsFile) {
    SmallCounty k;
    Engine e = k.engine();
    auto rep = SmallCounty::report_at(k.village_a1, Category::labour_wages);
    rep.claimed_amount = 1'234'500;
    rep.channel = Channel::hotline;
    const auto r = e.report(k.grid_worker_a1, rep).value();
    const Case& c = e.at(r.case_id);
    EXPECT_EQ(c.id, CaseId{1});
    EXPECT_EQ(c.state, State::reported);
    EXPECT_EQ(c.category, Category::labour_wages);
    EXPECT_EQ(c.channel, Channel::hotline);
    EXPECT_EQ(c.claimed_amount, 1'234'500);
    EXPECT_EQ(c.jurisdiction, k.village_a1);
    EXPECT_EQ(c.origin, k.village_a1);
    EXPECT_EQ(c.version, 1u);
    EXPECT_EQ(c.parties, 2u);
    EXPECT_EQ(c.reported_at, e.now());
    EXPECT_EQ(e.file(r.case_id).summary, "测试纠纷");
    EXPECT_EQ(e.file(r.case_id).parties[1].side, Side::respondent);
    EXPECT_EQ(e.policy_version(c), "minimal-1");
}

TEST(Commands, UnknownCaseActorAndJurisdictionAreNamed) {
    SmallCounty k;
    Engine e = k.engine();
    auto r = e.submit(CaseId{99}, k.centre, Accept{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::unknown_case);
    EXPECT_NE(r.error().message.find("case 99"), std::string::npos);
    EXPECT_EQ(r.error().case_id, CaseId{99}) << "the refusal says which id it did not find";
    r = e.submit(CaseId{}, k.centre, Accept{});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("'accept' names no case (case ids start at 1)"), std::string::npos)
        << r.error().message;

    r = e.report(ActorId{500}, SmallCounty::report_at(k.village_a1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::unknown_actor);
    EXPECT_NE(r.error().message.find("actor id 500"), std::string::npos);

    r = e.report(k.centre, SmallCounty::report_at(JurisdictionId{77}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::unknown_jurisdiction);
    EXPECT_NE(r.error().message.find("77"), std::string::npos);
    EXPECT_EQ(e.size(), 0u);
    EXPECT_EQ(e.journal().size(), 0u);
}

TEST(Commands, NegativeClaimIsRefused) {
    SmallCounty k;
    Engine e = k.engine();
    auto rep = SmallCounty::report_at(k.village_a1);
    rep.claimed_amount = -5;
    const auto r = e.report(k.centre, rep);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(e.size(), 0u);
}

TEST(Commands, MorePartiesThanACaseCountsAreRefusedNotCutShort) {
    SmallCounty k;
    Engine e = k.engine();
    auto rep = SmallCounty::report_at(k.village_a1);  // two named parties
    rep.unnamed_parties = 65534;
    const auto r = e.report(k.centre, rep);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(r.error().message.find("65536 parties (2 named, 65534 not)"), std::string::npos) << r.error().message;
    EXPECT_EQ(e.size(), 0u);
    rep.unnamed_parties = 65533;
    EXPECT_EQ(e.at(e.report(k.centre, rep).value().case_id).parties, 65535u);
}

TEST(Commands, AssignWithoutMediatorsAsksThePolicy) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::accepted);
    const auto r = e.submit(id, k.mediator_a1, Assign{}).value();
    EXPECT_EQ(e.at(id).mediators.size(), 1u);
    EXPECT_EQ(e.at(id).mediators[0], k.mediator_a1);
    EXPECT_EQ(e.open_cases_of(k.mediator_a1), 1u);
    EXPECT_FALSE(r.reason.empty());
    // The journal keeps the team the policy picked, so a replay needs no policy.
    const auto history = e.history(id);
    const auto& assign = std::get<Assign>(history.back().command);
    ASSERT_EQ(assign.mediators.size(), 1u);
    EXPECT_EQ(assign.mediators[0], k.mediator_a1);
}

TEST(Commands, AssignWithNobodyEligibleSaysWhere) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::accepted, k.grid_a1);  // nobody is scoped to the grid cell
    const auto r = e.submit(id, k.centre, Assign{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::no_eligible_mediator);
    EXPECT_EQ(r.error().case_id, id);
    EXPECT_EQ(e.at(id).state, State::accepted);
}

TEST(Commands, AssignRejectsBadTeams) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::accepted);
    for (const Assign& bad : {Assign{{ActorId{400}}}, Assign{{k.grid_worker_a1}}, Assign{{k.centre, k.centre}},
                              Assign{{k.centre, k.judicial_a, k.police_a, k.tribunal_a, k.judicial_b}}}) {
        const auto r = e.submit(id, k.centre, bad);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << r.error().message;
    }
    EXPECT_EQ(e.at(id).state, State::accepted);
    const auto joint = e.submit(id, k.centre, Assign{{k.judicial_a, k.police_a, k.tribunal_a}});
    ASSERT_TRUE(joint.ok());
    EXPECT_EQ(e.at(id).mediators.size(), 3u);
}

TEST(Commands, CloseAndReferCheckTheirPayload) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    EXPECT_EQ(e.submit(id, k.centre, Refer{ReferralRoute::none, ""}).error().code, ErrorCode::invalid_argument);
    ASSERT_TRUE(e.submit(id, k.centre, Refer{ReferralRoute::arbitration, "labour"}).ok());
    EXPECT_EQ(e.at(id).route, ReferralRoute::arbitration);
    EXPECT_EQ(e.submit(id, k.centre, Close{Outcome::resolved, ""}).error().code, ErrorCode::invalid_argument);
    ASSERT_TRUE(e.submit(id, k.centre, Close{Outcome::settled_elsewhere, ""}).ok());
    EXPECT_EQ(e.at(id).outcome, Outcome::settled_elsewhere);
    EXPECT_NE(e.at(id).closed_at, no_time);
}

TEST(Commands, AnOralAgreementIsNotSentForJudicialConfirmation) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    (void)e.submit(id, k.centre, HoldSession{}).value();
    (void)e.submit(id, k.centre, ReachAgreement{"口头约定", false}).value();
    const auto refused = e.submit(id, k.centre, ApplyConfirmation{});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(refused.error().message.find("judicial confirmation is for a written agreement"), std::string::npos)
        << refused.error().message;
    // The command it suggests, by the name a commands file uses.
    EXPECT_NE(refused.error().message.find("('" + std::string(to_string(CommandKind::start_follow_up)) + "')"),
              std::string::npos)
        << refused.error().message;
    EXPECT_EQ(e.at(id).state, State::agreed);
    EXPECT_TRUE(e.submit(id, k.centre, StartFollowUp{}).ok());
}

TEST(Commands, CountersFollowSessionsAgreementsAndFailures) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    (void)e.submit(id, k.centre, HoldSession{"1"}).value();
    (void)e.submit(id, k.centre, HoldSession{"2"}).value();
    (void)e.submit(id, k.centre, ReachAgreement{"口头协议", false}).value();
    EXPECT_EQ(e.at(id).sessions, 2u);
    EXPECT_FALSE(e.at(id).written_agreement);
    EXPECT_EQ(e.file(id).agreement, "口头协议");
    (void)e.submit(id, k.centre, StartFollowUp{}).value();
    (void)e.submit(id, k.centre, RecordFulfilment{false, "未履行"}).value();
    EXPECT_EQ(e.at(id).state, State::mediating);  // reopened with the same team
    EXPECT_EQ(e.at(id).mediators.size(), 1u);
    (void)e.submit(id, k.centre, Fail{"僵持"}).value();
    EXPECT_EQ(e.at(id).failures, 1u);
    EXPECT_TRUE(e.at(id).mediators.empty());
    EXPECT_EQ(e.open_cases_of(k.centre), 0u);
}

TEST(Commands, ACaseFileHoldsWhatWasReportedAndTheLatestAgreementsTerms) {
    SmallCounty k;
    Engine e = k.engine();
    // A report without text has an empty file; one with parties and a summary keeps them.
    Report none;
    none.jurisdiction = k.village_a1;
    const CaseId bare = e.report(k.centre, none).value().case_id;
    EXPECT_EQ(e.file(bare), CaseFile{});
    (void)e.submit(bare, k.centre, Accept{}).value();
    (void)e.submit(bare, k.centre, Assign{}).value();
    Report rep;
    rep.jurisdiction = k.village_a1;
    rep.parties = {{"王某", Side::applicant, false}, {"李某", Side::respondent, false}};
    rep.summary = "宅基地边界";
    const CaseId told = e.report(k.centre, rep).value().case_id;
    EXPECT_EQ(e.file(told).parties, rep.parties);
    EXPECT_EQ(e.file(told).summary, rep.summary);
    // An agreement's terms are kept; a later agreement without terms clears them, and one without
    // terms on a case that never had any leaves the file empty.
    (void)e.submit(bare, k.centre, HoldSession{}).value();
    (void)e.submit(bare, k.centre, ReachAgreement{"", false}).value();
    EXPECT_EQ(e.file(bare), CaseFile{});
    (void)e.submit(bare, k.centre, StartFollowUp{}).value();
    (void)e.submit(bare, k.centre, RecordFulfilment{false, ""}).value();
    (void)e.submit(bare, k.centre, ReachAgreement{"分期付款", false}).value();
    EXPECT_EQ(e.file(bare).agreement, "分期付款");
    (void)e.submit(bare, k.centre, StartFollowUp{}).value();
    (void)e.submit(bare, k.centre, RecordFulfilment{false, ""}).value();
    (void)e.submit(bare, k.centre, ReachAgreement{"", true}).value();
    EXPECT_EQ(e.file(bare).agreement, "");
}

TEST(Commands, ResultValueThrowsTheRefusal) {
    SmallCounty k;
    Engine e = k.engine();
    try {
        (void)e.submit(CaseId{3}, k.centre, Accept{}).value();
        FAIL() << "no exception";
    } catch (const CommandRejected& ex) {
        EXPECT_EQ(ex.error().code, ErrorCode::unknown_case);
        EXPECT_EQ(ex.code(), ErrorCode::unknown_case);
    }
}

TEST(Commands, PolicySetWithAMissingPolicyIsRefused) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.deadline.reset();
    try {
        (void)k.engine(p);
        FAIL() << "engine built without a deadline policy";
    } catch (const Exception& ex) {
        EXPECT_NE(std::string(ex.what()).find("no deadline policy"), std::string::npos);
    }
}

// An enumerated field cast from a number outside its enumeration is refused before anything is stored:
// the journal could not be read back with it, and statistics() indexes tables by it.
TEST(Commands, ValuesOutsideAnEnumerationAreRefusedAndNothingIsStored) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    const auto records = e.journal().size();
    const auto refused = [&](const Result<Receipt>& r, const std::string& what) {
        ASSERT_FALSE(r.ok()) << what;
        EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << what;
        EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    };
    auto rep = SmallCounty::report_at(k.village_a1);
    rep.category = static_cast<Category>(40);
    refused(e.report(k.centre, rep), "gives category value 40, which is not a category (expected one of: ");
    rep = SmallCounty::report_at(k.village_a1);
    rep.channel = static_cast<Channel>(99);
    refused(e.report(k.centre, rep), "gives channel value 99, which is not a channel");
    rep = SmallCounty::report_at(k.village_a1);
    rep.risk = static_cast<RiskGrade>(9);
    refused(e.report(k.centre, rep), "gives risk value 9, which is not a risk grade");
    rep = SmallCounty::report_at(k.village_a1);
    rep.parties[1].side = static_cast<Side>(7);
    refused(e.report(k.centre, rep), "gives parties[1].side value 7, which is not a side");
    refused(e.submit(id, k.centre, RaiseRisk{static_cast<RiskGrade>(9), "", false}), "gives grade value 9");
    refused(e.submit(id, k.centre, Refer{static_cast<ReferralRoute>(60), "x"}), "gives route value 60");
    refused(e.submit(id, k.centre, Close{static_cast<Outcome>(50), ""}),
            "gives outcome value 50, which is not an outcome ('close' takes decided_elsewhere, settled_elsewhere or "
            "abandoned)");
    EXPECT_EQ(e.journal().size(), records);
    EXPECT_EQ(e.size(), 1u);
    EXPECT_EQ(e.at(id).state, State::reported);
    const Statistics s = e.statistics();
    EXPECT_EQ(s.cases, 1u);

    // A refer without a route lists the routes it could take, none left out.
    const auto none = e.submit(id, k.centre, Refer{ReferralRoute::none, ""});
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().message.find("'refer' needs a route (litigation, "), std::string::npos)
        << none.error().message;
    EXPECT_EQ(none.error().message.find("none"), std::string::npos) << none.error().message;
}

namespace {
class GradeOutOfRange final : public RiskPolicy {
public:
    RiskGrade assess(const Case&, const Command& command) const override {
        return std::holds_alternative<Accept>(command) ? static_cast<RiskGrade>(12) : RiskGrade::blue;
    }
};
}  // namespace

TEST(Commands, ARiskPolicyGivingAValueOutsideTheGradesIsStoppedAndTheCommandUndone) {
    SmallCounty k;
    PolicySet policies = PolicySet::minimal();
    policies.risk = std::make_shared<GradeOutOfRange>();
    Engine e = k.engine(policies);
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    const auto records = e.journal().size();
    try {
        (void)e.submit(id, k.centre, Accept{});
        FAIL() << "the grade was taken";
    } catch (const Exception& x) {
        EXPECT_NE(std::string(x.what()).find("the risk policy graded case 1 as value 12, which is not a risk grade"),
                  std::string::npos)
            << x.what();
    }
    EXPECT_EQ(e.journal().size(), records);
    EXPECT_EQ(e.at(id).state, State::reported);
}

// Naming a mediator from another township's village would give the case a team member the
// authorization policy then refuses every session on it.
TEST(Commands, AMediatorNamedForACaseMustBeOneWhoMayMediateIt) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::accepted);  // at village a1
    const auto r = e.submit(id, k.centre, Assign{{k.mediator_b1}});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
    EXPECT_NE(r.error().message.find("may not mediate this case at '"), std::string::npos) << r.error().message;
    EXPECT_EQ(e.at(id).state, State::accepted);
    EXPECT_EQ(e.open_cases_of(k.mediator_b1), 0u);
    ASSERT_TRUE(e.submit(id, k.centre, Assign{{k.mediator_a1}}).ok());
    ASSERT_TRUE(e.submit(id, k.mediator_a1, HoldSession{"first"}).ok());
}

// Text from an older system in GBK would be stored as it came and then changed by an export (which
// writes UTF-8), so that the export no longer replays: the engine takes UTF-8 text only.
TEST(Commands, TextThatIsNotUtf8IsRefusedAndNamed) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    const auto records = e.journal().size();
    const std::string gbk = "\xc5\xc5\xcb\xae\xb9\xb5";  // 排水沟 in GBK
    const auto refused = [&](const Result<Receipt>& r, const std::string& what) {
        ASSERT_FALSE(r.ok()) << what;
        EXPECT_EQ(r.error().code, ErrorCode::invalid_argument) << what;
        EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    };
    auto rep = SmallCounty::report_at(k.village_a1);
    rep.summary = "邻里" + gbk;
    refused(e.report(k.centre, rep), "'report' gives a summary that is not UTF-8 (byte 6 is 0xc5)");
    rep = SmallCounty::report_at(k.village_a1);
    rep.parties[0].name = gbk;
    refused(e.report(k.centre, rep), "gives a name in parties[0] that is not UTF-8 (byte 0 is 0xc5)");
    refused(e.submit(id, k.centre, Reject{gbk}), "'reject' gives a text that is not UTF-8");
    refused(e.submit(id, k.centre, Accept{}, gbk), "gives a request id that is not UTF-8");
    EXPECT_EQ(e.journal().size(), records);
    EXPECT_EQ(e.at(id).state, State::reported);
    ASSERT_TRUE(e.submit(id, k.centre, Reject{"已诉至法院 ✓"}).ok());
}

TEST(Commands, Utf8IsCheckedAsRfc3629DefinesIt) {
    EXPECT_EQ(first_non_utf8(""), std::string_view::npos);
    EXPECT_EQ(first_non_utf8("ascii 襄垣县 \xF0\x9F\x98\x80 \xEF\xBF\xBF"), std::string_view::npos);
    EXPECT_EQ(first_non_utf8("ab\xC0\xAF"), 2u) << "an overlong '/'";
    EXPECT_EQ(first_non_utf8("\xED\xA0\x80"), 0u) << "a surrogate";
    EXPECT_EQ(first_non_utf8("x\xF4\x90\x80\x80"), 1u) << "above U+10FFFF";
    EXPECT_EQ(first_non_utf8("\xE8\xA5"), 0u) << "cut short";
    EXPECT_EQ(first_non_utf8("\x80"), 0u) << "a lone continuation byte";
}
