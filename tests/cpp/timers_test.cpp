// Deadlines: timers fire in (time, arming order) as a virtual clock advances; stale ones are skipped.
#include <gtest/gtest.h>

#include <functional>
#include <queue>
#include <random>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

namespace {
class ExpiryLog final : public Listener {
public:
    std::vector<std::pair<CaseId, TimePoint>> expired;
    std::vector<std::pair<CaseId, TimePoint>> warned;
    void on_deadline_expired(const Case& c, const JournalRecord& r) override { expired.emplace_back(c.id, r.time); }
    void on_deadline_warning(const Case& c, TimePoint due) override { warned.emplace_back(c.id, due); }
};

// Gives case n a deadline n hours after it enters a state, counted down: the first case armed expires last.
class Countdown final : public DeadlinePolicy {
public:
    Deadline deadline(const Case& c, TimePoint entered) const override {
        if (c.state != State::mediating) return {};
        return {entered + std::chrono::hours(100 - c.id.value()), no_time};
    }
};
}  // namespace

TEST(Timers, MediationExpiresAfterThirtyDaysAndWarnsThreeDaysBefore) {
    SmallCounty k;
    Engine e = k.engine();
    auto log = std::make_shared<ExpiryLog>();
    e.subscribe(log);
    const auto start = e.now();
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    EXPECT_EQ(e.at(id).deadline, start + days(30));
    e.advance(days(26));
    EXPECT_TRUE(log->warned.empty());
    e.advance(days(1));
    ASSERT_EQ(log->warned.size(), 1u);
    EXPECT_EQ(log->warned[0].second, start + days(30));
    EXPECT_EQ(e.at(id).state, State::mediating);
    e.advance(days(3));
    ASSERT_EQ(log->expired.size(), 1u);
    EXPECT_EQ(log->expired[0].second, start + days(30));  // recorded at the deadline, not when the clock stopped
    EXPECT_EQ(e.at(id).state, State::failed);
    EXPECT_TRUE(e.at(id).overdue);
    EXPECT_EQ(e.history(id).back().time, start + days(30));
}

TEST(Timers, FireInTimeOrderWhateverOrderTheyWereArmed) {
    SmallCounty k;
    auto p = PolicySet::minimal();
    p.deadline = std::make_shared<Countdown>();
    Engine e = k.engine(p);
    auto log = std::make_shared<ExpiryLog>();
    e.subscribe(log);
    for (int i = 0; i < 10; ++i) (void)fixtures::drive_to(e, k, State::mediating);
    e.advance(days(10));
    ASSERT_EQ(log->expired.size(), 10u);
    for (std::size_t i = 1; i < log->expired.size(); ++i) {
        EXPECT_LT(log->expired[i - 1].second, log->expired[i].second);
        EXPECT_GT(log->expired[i - 1].first.value(), log->expired[i].first.value());
    }
}

TEST(Timers, ManyTimersAtTheSameInstantFireInArmingOrder) {
    SmallCounty k;
    Engine e = k.engine();
    auto log = std::make_shared<ExpiryLog>();
    e.subscribe(log);
    std::vector<CaseId> ids;
    for (int i = 0; i < 500; ++i) ids.push_back(fixtures::drive_to(e, k, State::mediating));
    e.advance(days(31));
    ASSERT_EQ(log->expired.size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(log->expired[i].first, ids[i]);
    for (const auto& r : log->expired) EXPECT_EQ(r.second, log->expired.front().second);
}

TEST(Timers, ATimerMadeStaleByProgressDoesNotFire) {
    SmallCounty k;
    Engine e = k.engine();
    auto log = std::make_shared<ExpiryLog>();
    e.subscribe(log);
    const CaseId id = fixtures::drive_to(e, k, State::mediating);
    e.advance(days(10));
    (void)e.submit(id, k.centre, ReachAgreement{"t", false}).value();  // oral: no confirmation deadline
    e.advance(days(60));
    EXPECT_TRUE(log->expired.empty());
    EXPECT_EQ(e.at(id).state, State::agreed);
    EXPECT_FALSE(e.at(id).overdue);
}

TEST(Timers, TheClockCannotRunBackwardsOrBeMovedOnWallTime) {
    SmallCounty k;
    Engine e = k.engine();
    e.advance(days(1));
    EXPECT_THROW(e.advance_to(e.now() - days(1)), Exception);
    // Nor past the last time a date can show, nor to "no time": the clock stays where it was.
    const TimePoint before = e.now();
    EXPECT_THROW(e.advance_to(no_time), Exception);
    EXPECT_THROW(e.advance_to(latest_time + Duration(1)), Exception);
    EXPECT_THROW(e.advance(Duration::max()), Exception);
    EXPECT_EQ(e.now(), before);
    e.advance_to(latest_time);
    EXPECT_EQ(e.now(), latest_time);
    Engine wall = k.engine(PolicySet::minimal(), {std::make_shared<SystemClock>(), nullptr});
    EXPECT_THROW(wall.advance(days(1)), Exception);
    EXPECT_EQ(wall.run_due_timers(), 0u);
}

TEST(Timers, OverdueQueriesSeeExpiredAndPastDueCases) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId a = fixtures::drive_to(e, k, State::mediating);
    e.advance(days(20));
    const CaseId b = fixtures::drive_to(e, k, State::mediating);
    e.advance(days(15));
    CaseQuery q;
    q.overdue_only = true;
    EXPECT_EQ(e.query(q), std::vector<CaseId>{a});
    EXPECT_EQ(e.statistics().overdue, 1u);
    (void)b;
}

// The engine keeps its timers by day rather than in one heap. Whatever the pattern of arming (far
// ahead, later the same day, in the past, before 1970, many at one instant) and of moving the clock,
// they come out exactly as one heap of all of them would give them: in (time, arming order).
TEST(Timers, TheTimerQueueTakesTimersInTimeAndArmingOrderLikeOneHeap) {
    using detail::Timer;
    std::mt19937_64 rng(7);
    detail::TimerQueue queue;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> heap;
    std::uint64_t order = 0;
    TimePoint now{Duration{-3 * 86400}};  // starts before 1970: days are counted on both sides of it
    std::size_t taken = 0;
    for (int step = 0; step < 20000; ++step) {
        const auto roll = rng() % 100;
        if (roll < 55) {
            // Arm: usually days ahead in whole hours (ties), sometimes later today, sometimes overdue.
            Duration offset;
            if (roll < 35) {
                offset = std::chrono::hours(static_cast<std::int64_t>(rng() % (24 * 40)));
            } else if (roll < 50) {
                offset = Duration(static_cast<std::int64_t>(rng() % 7200));
            } else {
                offset = -Duration(static_cast<std::int64_t>(rng() % (3 * 86400)));
            }
            const Timer t{now + offset, order++, CaseId::from_index(static_cast<std::uint32_t>(rng() % 1000)),
                          (rng() & 1) != 0};
            queue.push(t);
            heap.push(t);
        } else {
            // Move the clock (by nothing, minutes or days) and take what is due.
            if (roll < 90) now += Duration(static_cast<std::int64_t>(rng() % 4000));
            else now += days(static_cast<std::int64_t>(rng() % 5));
            Timer got{};
            while (queue.pop_due(now, got)) {
                ASSERT_FALSE(heap.empty());
                const Timer want = heap.top();
                heap.pop();
                ASSERT_EQ(got.at, want.at);
                ASSERT_EQ(got.order, want.order);
                ASSERT_EQ(got.case_id, want.case_id);
                ASSERT_EQ(got.warning, want.warning);
                ++taken;
            }
            ASSERT_TRUE(heap.empty() || heap.top().at > now) << "a due timer was left behind";
        }
        ASSERT_EQ(queue.size(), heap.size());
    }
    EXPECT_GT(taken, 5000u);
    queue.clear();
    Timer none{};
    EXPECT_FALSE(queue.pop_due(latest_time, none));
    EXPECT_EQ(queue.size(), 0u);
}

namespace {
// Answers with whatever deadline it is given, for any state a case enters.
class Fixed final : public DeadlinePolicy {
public:
    Deadline answer;
    Deadline deadline(const Case&, TimePoint) const override { return answer; }
};
}  // namespace

TEST(Timers, ADeadlinePolicysImpossibleAnswerIsRefusedAndNothingChanges) {
    SmallCounty k;
    const auto start = VirtualClock::default_start();
    const struct {
        Deadline answer;
        const char* said;
    } cases[] = {
        {{start - days(1), no_time}, "before its state began"},
        {{no_time, start + days(1)}, "but no limit"},
        {{start + days(2), start + days(3)}, "after its limit falls due"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.said);
        auto fixed = std::make_shared<Fixed>();
        PolicySet p = PolicySet::minimal();
        p.deadline = fixed;
        Engine e = k.engine(p);
        try {
            fixed->answer = c.answer;
            (void)e.report(k.centre, SmallCounty::report_at(k.village_a1));
            ADD_FAILURE() << "an impossible deadline was accepted";
        } catch (const Exception& x) {
            EXPECT_EQ(x.code(), ErrorCode::invalid_argument);
            EXPECT_NE(std::string(x.what()).find(c.said), std::string::npos) << x.what();
        }
        EXPECT_EQ(e.size(), 0u);
        EXPECT_EQ(e.journal().size(), 0u);
    }
    // A limit due at the very moment its state begins, warned of then, is possible.
    auto fixed = std::make_shared<Fixed>();
    fixed->answer = {start, start};
    PolicySet p = PolicySet::minimal();
    p.deadline = fixed;
    Engine e = k.engine(p);
    EXPECT_TRUE(e.report(k.centre, SmallCounty::report_at(k.village_a1)).ok());
}
