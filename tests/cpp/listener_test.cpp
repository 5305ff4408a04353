// Listeners: told about every stored change, in journal order, after it is committed.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

namespace {
class Recorder final : public Listener {
public:
    std::vector<std::string> events;
    const Engine* engine = nullptr;
    std::uint64_t journal_size_seen = 0;
    void on_transition(const Case& c, const JournalRecord& r) override {
        events.push_back("transition " + std::to_string(c.id.value()) + " " + std::string(to_string(r.command_kind())));
        journal_size_seen = engine->journal().size();
    }
    void on_escalation(const Case&, const JournalRecord& r) override {
        events.push_back("escalation " + std::to_string(r.jurisdiction_after.value()));
    }
    void on_red_risk(const Case& c, const JournalRecord&) override { events.push_back("red " + std::to_string(c.id.value())); }
    void on_refused(const JournalRecord& r) override { events.push_back("refused " + std::string(to_string(r.command_kind()))); }
};

class Throwing final : public Listener {
public:
    void on_transition(const Case&, const JournalRecord&) override { throw std::runtime_error("listener failed"); }
};
}  // namespace

TEST(Listeners, SeeTransitionsEscalationsRedRiskAndRefusals) {
    SmallCounty k;
    Engine e = k.engine();
    auto rec = std::make_shared<Recorder>();
    rec->engine = &e;
    e.subscribe(rec);
    const CaseId id = fixtures::drive_to(e, k, State::failed);
    (void)e.submit(id, k.centre, Escalate{}).value();
    EXPECT_EQ(rec->journal_size_seen, e.journal().size()) << "listeners run after the record is stored";
    (void)e.submit(id, k.centre, RaiseRisk{RiskGrade::red, "threat"}).value();
    (void)e.submit(id, k.auditor, Withdraw{});
    const std::vector<std::string> expected{
        "transition 1 report", "transition 1 accept", "transition 1 assign",       "transition 1 fail",
        "transition 1 escalate", "escalation 2",      "transition 1 raise-risk",   "red 1",
        "refused withdraw"};
    EXPECT_EQ(rec->events, expected);
}

TEST(Listeners, UnsubscribedListenersHearNothing) {
    SmallCounty k;
    Engine e = k.engine();
    auto rec = std::make_shared<Recorder>();
    rec->engine = &e;
    e.subscribe(rec);
    e.unsubscribe(rec.get());
    (void)fixtures::drive_to(e, k, State::accepted);
    EXPECT_TRUE(rec->events.empty());
    EXPECT_THROW(e.subscribe(nullptr), Exception);
}

TEST(Listeners, AnExceptionFromAListenerReachesTheCallerAfterTheChangeIsStored) {
    SmallCounty k;
    Engine e = k.engine();
    e.subscribe(std::make_shared<Throwing>());
    EXPECT_THROW((void)e.report(k.centre, SmallCounty::report_at(k.village_a1)), std::runtime_error);
    EXPECT_EQ(e.size(), 1u);
    EXPECT_EQ(e.journal().size(), 1u);
}

namespace {
// A listener that answers each first report by reporting a follow-up dispute of its own.
class Reporting final : public Listener {
public:
    Engine* engine = nullptr;
    ActorId actor;
    JurisdictionId where;
    void on_transition(const Case& c, const JournalRecord& r) override {
        if (r.command_kind() == CommandKind::report && c.id.value() == 1) {
            for (int i = 0; i < 100; ++i) (void)engine->report(actor, SmallCounty::report_at(where));
        }
    }
};
class CaseReader final : public Listener {
public:
    std::vector<CaseId> seen;
    void on_transition(const Case& c, const JournalRecord& r) override {
        if (r.command_kind() == CommandKind::report) seen.push_back(c.id);
    }
};
}  // namespace

TEST(Listeners, AListenerThatReportsDisputesLeavesTheNextListenerAValidCase) {
    SmallCounty k;
    Engine e = k.engine();
    auto reporting = std::make_shared<Reporting>();
    reporting->engine = &e;
    reporting->actor = k.centre;
    reporting->where = k.village_a1;
    auto reader = std::make_shared<CaseReader>();
    e.subscribe(reporting);
    e.subscribe(reader);
    // The first listener's reports grow the case table while the second has yet to hear of case 1.
    ASSERT_TRUE(e.report(k.centre, SmallCounty::report_at(k.village_b1)).ok());
    ASSERT_EQ(e.size(), 101u);
    ASSERT_EQ(reader->seen.size(), 101u);
    for (std::size_t i = 0; i < reader->seen.size(); ++i) {
        EXPECT_EQ(reader->seen[i], CaseId::from_index(i)) << "told in journal order";
    }
}

namespace {
// Accepts every reported case as soon as it hears of it, as an integrator's auto-intake would.
class AutoAccepting final : public Listener {
public:
    Engine* engine = nullptr;
    ActorId actor;
    void on_transition(const Case& c, const JournalRecord& r) override {
        if (r.command_kind() == CommandKind::report) (void)engine->submit(c.id, actor, Accept{});
    }
};
// Writes down what it hears: each record's sequence and the state of the case passed with it.
class SequenceLog final : public Listener {
public:
    std::vector<std::pair<std::uint64_t, State>> heard;
    void on_transition(const Case& c, const JournalRecord& r) override { heard.emplace_back(r.sequence, c.state); }
};
}  // namespace

TEST(Listeners, CommandsAListenerIssuesAreHeardAfterTheRecordsThatSetThemOff) {
    SmallCounty k;
    Engine e = k.engine();
    auto accepting = std::make_shared<AutoAccepting>();
    accepting->engine = &e;
    accepting->actor = k.centre;
    auto log = std::make_shared<SequenceLog>();
    e.subscribe(accepting);
    e.subscribe(log);
    ASSERT_TRUE(e.report(k.centre, SmallCounty::report_at(k.village_a1)).ok());
    ASSERT_EQ(e.at(CaseId::from_index(0)).state, State::accepted);
    const std::vector<std::pair<std::uint64_t, State>> expected{{1, State::reported}, {2, State::accepted}};
    EXPECT_EQ(log->heard, expected) << "journal order, each record with the case as its call left it";
}

TEST(Listeners, AListenerThatThrowsDoesNotKeepTheOthersFromHearing) {
    SmallCounty k;
    Engine e = k.engine();
    auto before = std::make_shared<SequenceLog>();
    auto after = std::make_shared<SequenceLog>();
    e.subscribe(before);
    e.subscribe(std::make_shared<Throwing>());
    e.subscribe(after);
    std::vector<Request> batch;
    for (int i = 0; i < 3; ++i) batch.push_back(Request{{}, k.centre, Report(SmallCounty::report_at(k.village_a1)), {}});
    std::vector<Result<Receipt>> results;
    EXPECT_THROW(e.submit_batch(batch, results), std::runtime_error);
    EXPECT_EQ(results.size(), 3u);
    EXPECT_EQ(e.journal().size(), 3u);
    EXPECT_EQ(before->heard.size(), 3u);
    EXPECT_EQ(after->heard.size(), 3u) << "the listener after the one that threw heard every record";
}
