// Queries and statistics, read from the primary state.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

TEST(Queries, FilterByStateSubtreeCategoryAndRisk) {
    SmallCounty k;
    Engine e = k.engine();
    const CaseId a = fixtures::drive_to(e, k, State::mediating, k.village_a1);
    const CaseId b = fixtures::drive_to(e, k, State::reported, k.grid_a1);
    const CaseId c = fixtures::drive_to(e, k, State::closed, k.village_b1);
    auto wages = SmallCounty::report_at(k.village_a2, Category::labour_wages);
    wages.risk = RiskGrade::orange;
    const CaseId d = e.report(k.centre, wages).value().case_id;

    CaseQuery q;
    q.within = k.town_a;
    EXPECT_EQ(e.query(q), (std::vector<CaseId>{a, b, d}));
    q = {};
    q.within = k.village_a1;
    EXPECT_EQ(e.query(q), (std::vector<CaseId>{a, b}));
    q = {};
    q.state = State::reported;
    EXPECT_EQ(e.query(q), (std::vector<CaseId>{b, d}));
    q = {};
    q.category = Category::labour_wages;
    EXPECT_EQ(e.query(q), std::vector<CaseId>{d});
    q = {};
    q.min_risk = RiskGrade::yellow;
    EXPECT_EQ(e.query(q), std::vector<CaseId>{d});
    q = {};
    q.open_only = true;
    EXPECT_EQ(e.count(q), 3u);
    q.within = k.town_b;
    EXPECT_EQ(e.count(q), 0u);
    (void)c;
}

TEST(Statistics, CountStatesOutcomesAndTheShareResolvedLow) {
    SmallCounty k;
    Engine e = k.engine();
    (void)fixtures::drive_to(e, k, State::closed, k.village_a1);   // resolved in a village
    (void)fixtures::drive_to(e, k, State::closed, k.town_a);       // resolved in a township
    (void)fixtures::drive_to(e, k, State::closed, k.county);       // resolved at the county
    const CaseId referred = fixtures::drive_to(e, k, State::referred);
    (void)e.submit(referred, k.centre, Close{Outcome::decided_elsewhere, ""}).value();
    (void)fixtures::drive_to(e, k, State::withdrawn);
    (void)fixtures::drive_to(e, k, State::mediating);
    const Statistics s = e.statistics();
    EXPECT_EQ(s.cases, 6u);
    EXPECT_EQ(s.open, 1u);
    EXPECT_EQ(s.by_state[static_cast<std::size_t>(State::closed)], 4u);
    EXPECT_EQ(s.by_outcome[static_cast<std::size_t>(Outcome::resolved)], 3u);
    EXPECT_EQ(s.resolved_by_tier[static_cast<std::size_t>(Tier::village)], 1u);
    EXPECT_EQ(s.resolved_by_tier[static_cast<std::size_t>(Tier::township)], 1u);
    EXPECT_EQ(s.resolved_by_tier[static_cast<std::size_t>(Tier::county)], 1u);
    EXPECT_EQ(s.referred_by_route[static_cast<std::size_t>(ReferralRoute::litigation)], 1u);
    EXPECT_DOUBLE_EQ(s.resolved_at_or_below_township(), 2.0 / 4.0);
}

// A jurisdiction the tree lacks would otherwise match nothing, which reads as "no cases there".
TEST(Queries, AnUnknownJurisdictionIsNamedNotAnsweredWithNothing) {
    fixtures::SmallCounty k;
    Engine e = k.engine();
    (void)fixtures::drive_to(e, k, State::accepted);
    CaseQuery q;
    q.within = JurisdictionId{999};
    try {
        (void)e.query(q);
        FAIL() << "an unknown jurisdiction was answered";
    } catch (const Exception& x) {
        EXPECT_EQ(x.code(), ErrorCode::unknown_jurisdiction);
        EXPECT_NE(std::string(x.what()).find("jurisdiction id 999"), std::string::npos) << x.what();
    }
    EXPECT_THROW((void)e.count(q), Exception);
    q.within = k.county;
    EXPECT_EQ(e.count(q), 1u);
}
