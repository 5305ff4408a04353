// Atomicity: when the journal or a policy fails, the engine keeps exactly what was stored.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

namespace {
// A memory journal that refuses to commit once told to, like a full disk.
class FailingJournal final : public Journal {
public:
    bool fail_commit = false;
    MemoryJournal inner;
    void append(const JournalRecord& r, const Case& c, const CaseFile& f) override { inner.append(r, c, f); }
    void commit() override {
        if (fail_commit) throw StorageError("cannot write journal.db: disk full");
        inner.commit();
    }
    void rollback() override { inner.rollback(); }
    std::uint64_t size() const override { return inner.size(); }
    void for_each(const std::function<void(const JournalRecord&)>& v) const override { inner.for_each(v); }
    std::vector<JournalRecord> history(CaseId id) const override { return inner.history(id); }
};

class ExplodingAssignment final : public AssignmentPolicy {
public:
    Result<Assignment> assign(const Case&, const JurisdictionTree&, const Roster&, const Workload&) const override {
        throw std::runtime_error("assignment service unavailable");
    }
};

// A risk service that fails on commands of type C, after the engine has applied the command's effects.
template <class C>
class RiskFailingOn final : public RiskPolicy {
public:
    RiskGrade assess(const Case& c, const Command& command) const override {
        if (std::holds_alternative<C>(command)) throw std::runtime_error("risk service unavailable");
        return c.risk;
    }
};

std::vector<Case> snapshot(const Engine& e) { return e.cases(); }
}  // namespace

TEST(Transactions, AFailedCommitLeavesMemoryAsStored) {
    SmallCounty k;
    auto journal = std::make_shared<FailingJournal>();
    Engine e = k.engine(PolicySet::minimal(), {nullptr, journal});
    const CaseId id = fixtures::drive_to(e, k, State::accepted);
    const auto before = snapshot(e);
    const auto size = journal->size();
    journal->fail_commit = true;
    EXPECT_THROW((void)e.submit(id, k.centre, Assign{{k.mediator_a1}}, "req-1"), StorageError);
    EXPECT_THROW((void)e.report(k.centre, SmallCounty::report_at(k.village_a2)), StorageError);
    EXPECT_EQ(snapshot(e), before);
    EXPECT_EQ(journal->size(), size);
    EXPECT_EQ(e.open_cases_of(k.mediator_a1), 0u);
    journal->fail_commit = false;
    // The request id was not remembered, so the retry is applied.
    const auto retry = e.submit(id, k.centre, Assign{{k.mediator_a1}}, "req-1");
    ASSERT_TRUE(retry.ok());
    EXPECT_EQ(retry->sequence, size + 1);
    EXPECT_EQ(e.open_cases_of(k.mediator_a1), 1u);
}

TEST(Transactions, ABatchIsKeptWholeOrNotAtAll) {
    SmallCounty k;
    auto journal = std::make_shared<FailingJournal>();
    Engine e = k.engine(PolicySet::minimal(), {nullptr, journal});
    const CaseId id = fixtures::drive_to(e, k, State::reported);
    std::vector<Request> batch{{id, k.centre, Accept{}, ""},
                               {id, k.centre, Assign{{k.mediator_a1}}, ""},
                               {CaseId{}, k.centre, SmallCounty::report_at(k.village_b1), ""},
                               {id, k.centre, Accept{}, ""}};  // refused: already accepted
    journal->fail_commit = true;
    const auto before = snapshot(e);
    EXPECT_THROW((void)e.submit_batch(batch), StorageError);
    EXPECT_EQ(snapshot(e), before);
    journal->fail_commit = false;
    const auto results = e.submit_batch(batch);
    ASSERT_EQ(results.size(), 4u);
    EXPECT_TRUE(results[0].ok() && results[1].ok() && results[2].ok());
    EXPECT_EQ(results[3].error().code, ErrorCode::invalid_transition);
    EXPECT_EQ(e.at(id).state, State::mediating);
    EXPECT_EQ(e.size(), 2u);
}

TEST(Transactions, AnExceptionFromAPolicyChangesNothing) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.assignment = std::make_shared<ExplodingAssignment>();
    Engine e = k.engine(p);
    const CaseId id = fixtures::drive_to(e, k, State::accepted);
    const auto before = snapshot(e);
    const auto size = e.journal().size();
    EXPECT_THROW((void)e.submit(id, k.centre, Assign{}), std::runtime_error);
    EXPECT_EQ(snapshot(e), before);
    EXPECT_EQ(e.journal().size(), size);
    EXPECT_TRUE(e.submit(id, k.centre, Assign{{k.centre}}).ok());
}

TEST(Transactions, APolicyFailingAfterAnAgreementLeavesTheCaseFileAsStored) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.risk = std::make_shared<RiskFailingOn<ReachAgreement>>();
    Engine e = k.engine(p);
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    const auto before = snapshot(e);
    const std::string agreement = e.file(id).agreement;
    EXPECT_THROW((void)e.submit(id, k.centre, ReachAgreement{"pay 3,000 yuan by June", true}), std::runtime_error);
    EXPECT_EQ(snapshot(e), before);
    EXPECT_EQ(e.file(id).agreement, agreement);  // the terms were not kept for a command that was not
    const auto history = e.history(id);
    EXPECT_EQ(history.back().to, State::mediating);
}

TEST(Transactions, APolicyFailingAfterMediatorsJoinOrLeaveACaseLeavesTheirWorkloadAsStored) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.risk = std::make_shared<RiskFailingOn<Assign>>();
    Engine e = k.engine(p);
    const CaseId joining = fixtures::drive_to(e, k, State::accepted);
    EXPECT_THROW((void)e.submit(joining, k.centre, Assign{{k.mediator_a1}}), std::runtime_error);
    EXPECT_EQ(e.open_cases_of(k.mediator_a1), 0u);
    EXPECT_TRUE(e.at(joining).mediators.empty());

    p.risk = std::make_shared<RiskFailingOn<Withdraw>>();
    e.set_policies(p);
    ASSERT_TRUE(e.submit(joining, k.centre, Assign{{k.mediator_a1}}).ok());
    EXPECT_THROW((void)e.submit(joining, k.centre, Withdraw{"settled"}), std::runtime_error);
    EXPECT_EQ(e.open_cases_of(k.mediator_a1), 1u);  // still mediating the case it did not leave
    EXPECT_EQ(e.at(joining).state, State::mediating);
}

namespace {
// Every state has a limit ten days after it began, with a warning two days before: a report arms both.
class TenDays final : public DeadlinePolicy {
public:
    Deadline deadline(const Case&, TimePoint entered) const override {
        return {entered + days(10), entered + days(8)};
    }
};

struct WarningCount final : Listener {
    int warnings = 0;
    int expired = 0;
    void on_deadline_warning(const Case&, TimePoint) override { ++warnings; }
    void on_deadline_expired(const Case&, const JournalRecord&) override { ++expired; }
};
}  // namespace

TEST(Transactions, TheTimersOfAFailedCallNeverFire) {
    SmallCounty k;
    auto journal = std::make_shared<FailingJournal>();
    auto p = PolicySet::minimal();
    p.deadline = std::make_shared<TenDays>();
    Engine e = k.engine(PolicySet::minimal(), {nullptr, journal});
    auto heard = std::make_shared<WarningCount>();
    e.subscribe(heard);
    const CaseId waiting = fixtures::drive_to(e, k, State::accepted);  // no limit while accepted
    e.set_policies(p);
    const CaseId created = CaseId::from_index(e.size());
    // A new case, reported and taken to mediation, and an existing case assigned: each arms a limit
    // and a warning, but the commit fails, so none of them is kept.
    const std::vector<Request> batch{{CaseId{}, k.centre, SmallCounty::report_at(k.village_a2), "new"},
                                     {created, k.centre, Accept{}, ""},
                                     {created, k.centre, Assign{{k.mediator_a2}}, ""},
                                     {waiting, k.centre, Assign{{k.mediator_a1}}, ""}};
    journal->fail_commit = true;
    EXPECT_THROW((void)e.submit_batch(batch), StorageError);
    journal->fail_commit = false;
    const auto size = journal->size();
    e.advance(days(20));
    // Before, the created case's timers fired for a case the engine no longer had: an 'expire'
    // record for a case never reported, which a reopened journal refused as corrupt.
    EXPECT_EQ(journal->size(), size);
    EXPECT_EQ(e.size(), static_cast<std::size_t>(waiting.value()));
    EXPECT_EQ(e.at(waiting).state, State::accepted);
    EXPECT_EQ(heard->warnings + heard->expired, 0);

    // Retried, the batch creates the same case id; its warning and its limit each come once.
    const auto results = e.submit_batch(batch);
    for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(results[0]->case_id, created);
    e.advance(days(11));
    EXPECT_EQ(heard->warnings, 2);  // one for each case
    EXPECT_EQ(heard->expired, 2);
    Engine again = k.engine(p);
    EXPECT_NO_THROW(again.replay(journal->inner));
    EXPECT_EQ(again.cases(), e.cases());
}
