// The working-day calendar: weekends, holidays, make-up days, suspensions, and where limits end.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

namespace {
TimePoint at(const char* iso) { return parse_time(iso).value(); }
std::string end_date(TimePoint t) { return format_date(local_date(t - Duration(1))); }  // last second of the limit

WorkingCalendar spring_festival_2025() {
    WorkingCalendar c;
    for (int d = 28; d <= 31; ++d) c.add_holiday({2025, 1, static_cast<unsigned>(d)});
    for (int d = 1; d <= 4; ++d) c.add_holiday({2025, 2, static_cast<unsigned>(d)});
    c.add_working_day({2025, 1, 26});  // a Sunday worked in exchange
    c.add_working_day({2025, 2, 8});   // a Saturday worked in exchange
    return c;
}
}  // namespace

TEST(Calendar, WeekendsRestUnlessMadeUp) {
    const auto c = spring_festival_2025();
    EXPECT_TRUE(c.is_working_day({2025, 1, 24}));   // Friday
    EXPECT_FALSE(c.is_working_day({2025, 1, 25}));  // Saturday
    EXPECT_TRUE(c.is_working_day({2025, 1, 26}));   // make-up Sunday
    EXPECT_FALSE(c.is_working_day({2025, 1, 29}));  // Spring Festival, a Wednesday
    EXPECT_TRUE(c.is_working_day({2025, 2, 8}));    // make-up Saturday
}

TEST(Calendar, CalendarDayLimitEndingOnAHolidayMovesToTheNextWorkingDay) {
    const auto c = spring_festival_2025();
    // 10 days from 2025-01-20 ends on 30 January, inside the festival: the limit runs to 5 February.
    EXPECT_EQ(end_date(c.add_calendar_days(at("2025-01-20T10:00:00+08:00"), 10)), "2025-02-05");
    // 3 days from Wednesday 2025-01-08 ends on Saturday 11 January: moved to Monday.
    EXPECT_EQ(end_date(c.add_calendar_days(at("2025-01-08T09:00:00+08:00"), 3)), "2025-01-13");
    // Ending on a working day: unchanged, at the end of that day (midnight in Beijing).
    const auto t = c.add_calendar_days(at("2025-03-03T09:00:00+08:00"), 30);
    EXPECT_EQ(end_date(t), "2025-04-02");
    EXPECT_EQ(format_time(t), "2025-04-02T16:00:00Z");
}

TEST(Calendar, WorkingDayLimitsSkipWeekendsAndHolidaysButCountMakeUpDays) {
    const auto c = spring_festival_2025();
    // From Friday 24 January: Sun 26 (make-up), Mon 27, then festival until 4 Feb, then 5, 6, 7, Sat 8 (make-up).
    EXPECT_EQ(end_date(c.add_working_days(at("2025-01-24T15:00:00+08:00"), 6)), "2025-02-08");
    EXPECT_EQ(end_date(c.add_working_days(at("2025-03-07T15:00:00+08:00"), 1)), "2025-03-10");  // Fri → Mon
}

TEST(Calendar, SuspendedDaysDoNotCount) {
    WorkingCalendar c;
    c.add_suspension({{2025, 3, 10}, {2025, 3, 14}, "county-wide suspension"});
    EXPECT_TRUE(c.is_suspended({2025, 3, 12}));
    // 5 calendar days from Friday 7 March: 8, 9, then 10–14 suspended, then 15, 16, 17 → Monday 17.
    EXPECT_EQ(end_date(c.add_calendar_days(at("2025-03-07T09:00:00+08:00"), 5)), "2025-03-17");
    EXPECT_EQ(end_date(c.add_working_days(at("2025-03-07T09:00:00+08:00"), 2)), "2025-03-18");
    EXPECT_THROW(c.add_suspension({{2025, 4, 2}, {2025, 4, 1}, "backwards"}), Exception);
}

TEST(Calendar, ALimitOfNegativeDaysIsRefused) {
    const WorkingCalendar c = spring_festival_2025();
    EXPECT_THROW((void)c.add_calendar_days(at("2025-01-10"), -5), Exception);
    EXPECT_THROW((void)c.add_working_days(at("2025-01-10"), -1), Exception);
    EXPECT_EQ(end_date(c.add_working_days(at("2025-01-10"), 0)), "2025-01-10");
}
