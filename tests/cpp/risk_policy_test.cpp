// The Fengqiao risk grading from case facts.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

namespace {
RiskGrade grade(const Case& c, const Command& cmd = Accept{}) { return FengqiaoRisk().assess(c, cmd); }
}  // namespace

TEST(FengqiaoRisk, AnOrdinaryDisputeIsBlue) { EXPECT_EQ(grade(Case{}), RiskGrade::blue); }

TEST(FengqiaoRisk, FactsAddUpToHigherGrades) {
    Case c;
    c.failures = 1;
    EXPECT_EQ(grade(c), RiskGrade::yellow);
    c.threat = true;  // 3 + 1
    EXPECT_EQ(grade(c), RiskGrade::orange);
    c.violence_history = true;  // 3 + 2 + 1
    EXPECT_EQ(grade(c), RiskGrade::red);
}

TEST(FengqiaoRisk, GroupDisputesRepeatReportsAndLargeClaimsCount) {
    Case c;
    c.parties = 12;        // 2
    c.repeats = 5;         // capped at 2
    EXPECT_EQ(grade(c), RiskGrade::orange);
    c.claimed_amount = 60'000'000;  // 600,000 yuan: 2 more
    EXPECT_EQ(grade(c), RiskGrade::red);
}

TEST(FengqiaoRisk, PeopleCanRaiseTheGradeAndItIsNeverLoweredAutomatically) {
    Case c;
    EXPECT_EQ(grade(c, RaiseRisk{RiskGrade::orange, "crowd gathering", false}), RiskGrade::orange);
    c.risk = RiskGrade::orange;
    EXPECT_EQ(grade(c), RiskGrade::orange);
}
