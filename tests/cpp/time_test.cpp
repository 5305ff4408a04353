// Civil dates, ISO 8601 text and the virtual clock.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

TEST(Time, CivilDatesRoundTripAcrossLeapYears) {
    for (std::int64_t d = -800000; d <= 800000; d += 97) {
        EXPECT_EQ(days_from_civil(civil_from_days(d)), d);
    }
    EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
    EXPECT_EQ(days_from_civil({2024, 2, 29}) + 1, days_from_civil({2024, 3, 1}));
    EXPECT_EQ(weekday_from_days(days_from_civil({2025, 1, 1})), 2u);  // a Wednesday
}

TEST(Time, LocalDaysAreCountedInChinaStandardTime) {
    // 2025-01-01T16:30:00Z is already 2 January in Beijing.
    const auto t = parse_time("2025-01-01T16:30:00Z").value();
    EXPECT_EQ(local_date(t), (CivilDate{2025, 1, 2}));
    EXPECT_EQ(local_date(t, Duration(0)), (CivilDate{2025, 1, 1}));
}

TEST(Time, ParsesAndFormatsIso8601) {
    EXPECT_EQ(format_time(parse_time("2025-03-04T05:06:07Z").value()), "2025-03-04T05:06:07Z");
    EXPECT_EQ(format_time(parse_time("2025-03-04T13:06:07+08:00").value()), "2025-03-04T05:06:07Z");
    EXPECT_EQ(format_time(parse_time("2025-03-04").value()), "2025-03-03T16:00:00Z");  // midnight in Beijing
    EXPECT_EQ(format_time(no_time), "none");
    EXPECT_FALSE(parse_time("2025-02-30"));
    EXPECT_FALSE(parse_time("2025-13-01"));
    EXPECT_FALSE(parse_time("2025-01-01T25:00"));
    EXPECT_FALSE(parse_time("yesterday"));
    EXPECT_FALSE(parse_time("2025-01-01T10:00Zjunk"));
    // An offset is hours 00-23 and minutes 00-59, and a time has no 60th second.
    EXPECT_FALSE(parse_time("2025-03-01T10:00+99:00"));
    EXPECT_FALSE(parse_time("2025-03-01T10:00+23:99"));
    EXPECT_FALSE(parse_time("2025-03-01T23:59:60Z"));
    EXPECT_EQ(format_time(parse_time("2025-03-01T10:00-05:30").value()), "2025-03-01T15:30:00Z");
}

TEST(Time, VirtualClockNeverRunsBackwards) {
    VirtualClock c;
    const auto start = c.now();
    c.set(start + days(2));
    c.set(start + days(1));
    EXPECT_EQ(c.now(), start + days(2));
    EXPECT_TRUE(c.is_virtual());
    EXPECT_EQ(format_date(local_date(VirtualClock::default_start())), "2025-01-01");
}
