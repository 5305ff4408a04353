// Every row of the lifecycle table, and every (state, command) pair the table does not have.
#include <gtest/gtest.h>

#include <memory>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

namespace {

// A command of kind @p k with a payload that satisfies the row's guard.
Command command_for(const TransitionRow& row, const SmallCounty& k) {
    switch (row.command) {
        case CommandKind::accept: return Accept{};
        case CommandKind::reject: return Reject{"r"};
        case CommandKind::assign: return Assign{{k.centre}};
        case CommandKind::hold_session: return HoldSession{"s"};
        case CommandKind::reach_agreement: return ReachAgreement{"t", true};
        case CommandKind::fail: return Fail{"f"};
        case CommandKind::escalate: return Escalate{};
        case CommandKind::refer: return Refer{ReferralRoute::arbitration, "r"};
        case CommandKind::apply_confirmation: return ApplyConfirmation{};
        case CommandKind::confirmation_granted: return ConfirmationGranted{};
        case CommandKind::confirmation_denied: return ConfirmationDenied{"d"};
        case CommandKind::start_follow_up: return StartFollowUp{};
        case CommandKind::record_fulfilment: return RecordFulfilment{row.guard == "fulfilled", "v"};
        case CommandKind::close: return Close{Outcome::settled_elsewhere, "c"};
        case CommandKind::withdraw: return Withdraw{"w"};
        case CommandKind::raise_risk: return RaiseRisk{RiskGrade::orange, "o"};
        default: break;
    }
    ADD_FAILURE() << "no actor command for " << to_string(row.command);
    return Accept{};
}

std::string describe(const TransitionRow& r) {
    return std::string(to_string(r.from)) + " --" + std::string(to_string(r.command)) + "--> " +
           std::string(to_string(r.to)) + (r.guard.empty() ? "" : " [" + std::string(r.guard) + "]");
}

}  // namespace

TEST(Transitions, TableMatchesTheDesignSpecification) {
    const auto& t = transition_table();
    EXPECT_EQ(t.size(), 46u);
    EXPECT_TRUE(t.front().initial);
    EXPECT_EQ(t.front().command, CommandKind::report);
    EXPECT_TRUE(takes(State::failed, CommandKind::escalate));
    EXPECT_FALSE(takes(State::mediating, CommandKind::escalate));
    for (auto s : enum_values<State>()) {
        for (auto c : enum_values<CommandKind>()) {
            if (is_final(s)) {
                EXPECT_FALSE(takes(s, c)) << to_string(s) << " is final but takes " << to_string(c);
            }
        }
        if (is_open(s)) {
            EXPECT_TRUE(takes(s, CommandKind::withdraw)) << to_string(s);
            EXPECT_TRUE(takes(s, CommandKind::raise_risk)) << to_string(s);
            EXPECT_TRUE(takes(s, CommandKind::expire)) << to_string(s);
        }
    }
}

TEST(Transitions, EveryActorRowTakesTheCaseWhereTheTableSays) {
    SmallCounty k;
    for (const auto& row : transition_table()) {
        if (row.initial || engine_only(row.command)) continue;
        SCOPED_TRACE(describe(row));
        auto policies = PolicySet::minimal();
        auto esc = std::make_shared<fixtures::ScriptedEscalation>();
        if (row.guard == "escalation refers out") esc->on_request = EscalationDecision::Kind::refer;
        policies.escalation = esc;
        Engine e = k.engine(policies);
        const CaseId id = fixtures::drive_to(e, k, row.from);
        const auto before = e.at(id);
        const auto r = e.submit(id, k.centre, command_for(row, k));
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->from, row.from);
        EXPECT_EQ(r->to, row.to);
        EXPECT_EQ(e.at(id).state, row.to);
        EXPECT_EQ(e.at(id).version, before.version + 1);
        if (row.command == CommandKind::escalate && row.to == State::accepted) {
            EXPECT_EQ(e.at(id).jurisdiction, k.town_a);
        }
    }
}

TEST(Transitions, ExpireFailsMediationAndMarksOtherStatesOverdue) {
    SmallCounty k;
    for (auto s : enum_values<State>()) {
        if (!is_open(s)) continue;
        SCOPED_TRACE(std::string(to_string(s)));
        auto policies = PolicySet::minimal();
        policies.deadline = std::make_shared<fixtures::EveryStateDeadline>(days(1));
        Engine e = k.engine(policies);
        const CaseId id = fixtures::drive_to(e, k, s);
        e.advance(days(2));
        const Case& c = e.at(id);
        EXPECT_TRUE(c.overdue);
        EXPECT_EQ(c.state, s == State::mediating ? State::failed : s);
        const auto h = e.history(id);
        EXPECT_EQ(h.back().command_kind(), CommandKind::expire);
        EXPECT_EQ(h.back().actor, system_actor);
    }
}

TEST(Transitions, RedRiskMovesUnsettledCasesUpAtOnce) {
    SmallCounty k;
    for (auto s : {State::reported, State::accepted, State::mediating, State::failed}) {
        SCOPED_TRACE(std::string(to_string(s)));
        auto policies = PolicySet::minimal();
        auto esc = std::make_shared<fixtures::ScriptedEscalation>();
        esc->on_risk = EscalationDecision::Kind::escalate;
        policies.escalation = esc;
        Engine e = k.engine(policies);
        const CaseId id = fixtures::drive_to(e, k, s);
        const auto r = e.submit(id, k.centre, RaiseRisk{RiskGrade::red, "threat"}).value();
        EXPECT_EQ(r.follow_ups, 1u);
        EXPECT_EQ(e.at(id).state, State::accepted);
        EXPECT_EQ(e.at(id).jurisdiction, k.town_a);
        EXPECT_EQ(e.history(id).back().command_kind(), CommandKind::risk_escalation);
    }
}

TEST(Transitions, EveryCommandAStateDoesNotTakeIsRefusedNamingBoth) {
    SmallCounty k;
    for (auto s : enum_values<State>()) {
        for (auto kind : enum_values<CommandKind>()) {
            if (kind == CommandKind::report || engine_only(kind) || takes(s, kind)) continue;
            SCOPED_TRACE(std::string(to_string(s)) + " / " + std::string(to_string(kind)));
            Engine e = k.engine();
            const CaseId id = fixtures::drive_to(e, k, s);
            const Case before = e.at(id);
            const auto journal_size = e.journal().size();
            TransitionRow row;
            row.command = kind;
            row.guard = "fulfilled";
            const auto r = e.submit(id, k.centre, command_for(row, k));
            ASSERT_FALSE(r.ok());
            EXPECT_EQ(r.error().code, ErrorCode::invalid_transition);
            EXPECT_EQ(r.error().state, to_string(s));
            EXPECT_EQ(r.error().command, to_string(kind));
            EXPECT_EQ(r.error().case_id, id);
            EXPECT_NE(r.error().message.find(std::string(to_string(s))), std::string::npos) << r.error().message;
            EXPECT_NE(r.error().message.find(std::string(to_string(kind))), std::string::npos) << r.error().message;
            if (is_final(s)) {
                EXPECT_NE(r.error().message.find("final"), std::string::npos) << r.error().message;
            }
            EXPECT_EQ(e.at(id), before);
            EXPECT_EQ(e.journal().size(), journal_size);
        }
    }
}

TEST(Transitions, EngineOnlyCommandsCannotBeIssuedByActors) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    for (Command c : {Command(Expire{}), Command(RiskEscalation{})}) {
        const auto r = e.submit(id, k.centre, c);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
        EXPECT_NE(r.error().message.find("issued by the engine"), std::string::npos);
    }
    EXPECT_EQ(e.at(id).state, State::mediating);
}
