// Replay: a fresh engine fed the journal equals the live one, case by case; damage is named.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"
#include "support/random_workload.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

namespace {

void expect_same_engines(const Engine& live, const Engine& rebuilt) {
    ASSERT_EQ(live.size(), rebuilt.size());
    for (std::size_t i = 0; i < live.size(); ++i) {
        const CaseId id = CaseId::from_index(i);
        ASSERT_EQ(live.at(id), rebuilt.at(id)) << "case " << id.value() << " differs after replay";
        ASSERT_EQ(live.file(id), rebuilt.file(id)) << "case " << id.value() << " file differs after replay";
        ASSERT_EQ(live.policy_version(live.at(id)), rebuilt.policy_version(rebuilt.at(id)));
    }
    for (const auto& a : live.roster().actors()) {
        ASSERT_EQ(live.open_cases_of(a.id), rebuilt.open_cases_of(a.id)) << a.name;
    }
    EXPECT_EQ(live.journal().size(), rebuilt.journal().size());
}

PolicySet busy_policies() {
    // Deadlines everywhere and escalation on failure, so timers and automatic moves are in the journal.
    auto p = PolicySet::minimal();
    auto esc = std::make_shared<fixtures::ScriptedEscalation>();
    esc->on_failure = EscalationDecision::Kind::escalate;
    esc->on_risk = EscalationDecision::Kind::escalate;
    p.escalation = esc;
    p.deadline = std::make_shared<fixtures::EveryStateDeadline>(days(12), days(2));
    return p;
}

}  // namespace

TEST(Replay, RandomRunOfOneHundredThousandCasesReplaysExactly) {
    const std::uint64_t seed = 20251129;
    SCOPED_TRACE("seed " + std::to_string(seed));
    SmallCounty k;
    Engine live = k.engine(busy_policies());
    fixtures::run_random_workload(live, seed, 100'000, k.centre, k.mediator_b1,
                                 {k.village_a1, k.village_a2, k.village_b1, k.grid_a1, k.town_a});
    const auto stats = live.statistics();
    ASSERT_EQ(stats.cases, 100'000u);
    EXPECT_GT(stats.by_state[static_cast<std::size_t>(State::closed)], 10'000u);
    EXPECT_GT(stats.by_state[static_cast<std::size_t>(State::withdrawn)], 1'000u);
    std::size_t refused = 0, expired = 0, automatic = 0;
    live.journal().for_each([&](const JournalRecord& r) {
        refused += r.kind == RecordKind::refused;
        expired += r.command_kind() == CommandKind::expire;
        automatic += r.actor == system_actor;
    });
    EXPECT_GT(refused, 0u);
    EXPECT_GT(expired, 0u);
    EXPECT_GT(automatic, expired);

    Engine rebuilt = k.engine(busy_policies());
    rebuilt.replay(live.journal());
    expect_same_engines(live, rebuilt);
    EXPECT_EQ(rebuilt.pending_timers() > 0, live.statistics().open > 0);
}

TEST(Replay, ReplayNeedsNoPolicyToAgree) {
    // The journal carries the policies' decisions, so a replay under other policies gives the same cases.
    SmallCounty k;
    Engine live = k.engine(busy_policies());
    fixtures::run_random_workload(live, 7, 2'000, k.centre, k.mediator_b1, {k.village_a1, k.village_b1});
    Engine rebuilt = k.engine(PolicySet::minimal());
    rebuilt.replay(live.journal());
    expect_same_engines(live, rebuilt);
}

TEST(Replay, RecoverRebuildsFromTheEnginesOwnJournal) {
    SmallCounty k;
    auto journal = std::make_shared<MemoryJournal>();
    auto clock = std::make_shared<VirtualClock>();
    Engine live = k.engine(busy_policies(), {clock, journal});
    fixtures::run_random_workload(live, 11, 3'000, k.centre, k.mediator_b1, {k.village_a1, k.village_a2});
    // A second engine opened on the same journal recovers every case.
    Engine reopened = k.engine(busy_policies(), {std::make_shared<VirtualClock>(), journal});
    expect_same_engines(live, reopened);
}

TEST(Replay, ReplayIntoANonEmptyEngineIsRefused) {
    SmallCounty k;
    Engine a = k.engine();
    (void)fixtures::drive_to(a, k, State::accepted);
    Engine b = k.engine();
    (void)fixtures::drive_to(b, k, State::reported);
    EXPECT_THROW(b.replay(a.journal()), Exception);
}

namespace {
// A journal whose records a test can damage.
class EditableJournal final : public Journal {
public:
    std::vector<JournalRecord> records;
    void append(const JournalRecord& r, const Case&, const CaseFile&) override { records.push_back(r); }
    void commit() override {}
    void rollback() override {}
    std::uint64_t size() const override { return records.size(); }
    void for_each(const std::function<void(const JournalRecord&)>& visit) const override {
        for (const auto& r : records) visit(r);
    }
    std::vector<JournalRecord> history(CaseId) const override { return {}; }
};

std::string corruption_message(EditableJournal& j) {
    SmallCounty k;
    Engine e = k.engine();
    try {
        e.replay(j);
    } catch (const JournalCorrupt& ex) {
        EXPECT_EQ(e.size(), 0u) << "a failed replay must not leave cases behind";
        return ex.what();
    }
    return "no error";
}
}  // namespace

TEST(Replay, DamagedJournalsAreRefusedNamingTheRecord) {
    SmallCounty k;
    Engine live = k.engine();
    (void)fixtures::drive_to(live, k, State::closed);
    EditableJournal base;
    live.journal().for_each([&](const JournalRecord& r) { base.records.push_back(r); });
    ASSERT_EQ(base.records.size(), 6u);

    EditableJournal gap = base;
    gap.records.erase(gap.records.begin() + 2);
    EXPECT_NE(corruption_message(gap).find("journal record 4: expected record 3"), std::string::npos)
        << corruption_message(gap);

    EditableJournal wrong_state = base;
    wrong_state.records[3].to = State::failed;  // agree recorded as failing
    EXPECT_NE(corruption_message(wrong_state).find("journal record 4"), std::string::npos);

    EditableJournal unknown_place = base;
    unknown_place.records[1].jurisdiction_after = JurisdictionId{999};
    EXPECT_NE(corruption_message(unknown_place).find("jurisdiction id 999"), std::string::npos);

    EditableJournal skipped_version = base;
    skipped_version.records[2].case_sequence = 9;
    EXPECT_NE(corruption_message(skipped_version).find("version 9"), std::string::npos);
}

TEST(Replay, ARecordWhosePlaceOrStateDoesNotFitItsCaseIsRefused) {
    SmallCounty k;
    Engine live = k.engine();
    (void)fixtures::drive_to(live, k, State::closed);
    EditableJournal base;
    live.journal().for_each([&](const JournalRecord& r) { base.records.push_back(r); });
    ASSERT_EQ(base.records[0].command_kind(), CommandKind::report);

    EditableJournal report_closes = base;
    report_closes.records[0].to = State::closed;
    EXPECT_NE(corruption_message(report_closes).find("journal record 1 reports case 1 going from reported to closed"),
              std::string::npos)
        << corruption_message(report_closes);

    EditableJournal report_moved = base;
    report_moved.records[0].jurisdiction_after = k.county;
    EXPECT_NE(corruption_message(report_moved).find("journal record 1 reports case 1 at '"), std::string::npos)
        << corruption_message(report_moved);

    EditableJournal moved_before = base;
    moved_before.records[2].jurisdiction_before = k.town_a;
    EXPECT_NE(corruption_message(moved_before).find("journal record 3 applies"), std::string::npos)
        << corruption_message(moved_before);
}
