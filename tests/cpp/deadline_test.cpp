// Statutory deadlines: which rule applies, counted on the county calendar, with warnings.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

namespace {
TimePoint at(const char* iso) { return parse_time(iso).value(); }
std::string last_day(TimePoint t) { return format_date(local_date(t - Duration(1))); }

WorkingCalendar calendar_2025() {
    WorkingCalendar c;
    for (int d = 28; d <= 31; ++d) c.add_holiday({2025, 1, static_cast<unsigned>(d)});
    for (int d = 1; d <= 4; ++d) c.add_holiday({2025, 2, static_cast<unsigned>(d)});
    c.add_working_day({2025, 1, 26});
    c.add_working_day({2025, 2, 8});
    for (int d = 1; d <= 5; ++d) c.add_holiday({2025, 5, static_cast<unsigned>(d)});
    c.add_working_day({2025, 4, 27});
    return c;
}

Case in(State s, Category cat = Category::neighbour, Channel ch = Channel::walk_in) {
    Case c;
    c.state = s;
    c.category = cat;
    c.channel = ch;
    return c;
}

const StatutoryDeadlines& policy() {
    static const StatutoryDeadlines p(StatutoryDeadlineSettings::defaults(), calendar_2025());
    return p;
}
}  // namespace

TEST(Deadlines, PeoplesMediationHasThirtyDaysExtendedPastAHoliday) {
    // 30 days from 2 April ends on 2 May, inside the Labour Day holiday: the limit runs to 6 May.
    const auto d = policy().deadline(in(State::mediating), at("2025-04-02T10:00:00+08:00"));
    EXPECT_EQ(last_day(d.due), "2025-05-06");
    EXPECT_EQ(d.warn_at, d.due - days(3));
    EXPECT_NE(policy().rule_for(in(State::mediating))->source.find("one month"), std::string::npos);
}

TEST(Deadlines, LabourMediationHasFifteenDaysAcrossAWeekend) {
    // 15 days from Friday 7 March ends on Saturday 22 March: moved to Monday 24 March.
    const auto d = policy().deadline(in(State::mediating, Category::labour_wages), at("2025-03-07T16:00:00+08:00"));
    EXPECT_EQ(last_day(d.due), "2025-03-24");
    EXPECT_NE(policy().rule_for(in(State::mediating, Category::labour_wages))->source.find("art. 14"),
              std::string::npos);
}

TEST(Deadlines, MedicalDisputesCountThirtyWorkingDaysThroughTheSpringFestival) {
    // From Monday 20 January: 21, 22, 23, 24, 26 (make-up Sunday), 27, then the festival, then 5 February on.
    const auto d = policy().deadline(in(State::mediating, Category::medical), at("2025-01-20T09:00:00+08:00"));
    EXPECT_EQ(last_day(d.due), "2025-03-07");
}

TEST(Deadlines, ConsumerComplaintsCountFortyFiveWorkingDays) {
    const auto d = policy().deadline(in(State::mediating, Category::consumer), at("2025-03-03T09:00:00+08:00"));
    EXPECT_EQ(last_day(d.due), "2025-05-07");  // 45 working days, skipping Labour Day and counting 27 April
}

TEST(Deadlines, JudicialConfirmationMustBeAppliedForWithinThirtyDays) {
    const auto d = policy().deadline(in(State::agreed), at("2025-06-10T09:00:00+08:00"));
    EXPECT_EQ(last_day(d.due), "2025-07-10");
    EXPECT_NE(policy().rule_for(in(State::agreed))->source.find("People's Mediation Law art. 33"), std::string::npos);
}

TEST(Deadlines, PetitionsHaveFifteenDaysToBeRoutedAndSixtyToBeHandled) {
    const auto routed = policy().deadline(in(State::reported, Category::other, Channel::petition),
                                          at("2025-06-02T09:00:00+08:00"));
    EXPECT_EQ(last_day(routed.due), "2025-06-17");
    const auto handled = policy().deadline(in(State::mediating, Category::other, Channel::petition),
                                           at("2025-06-02T09:00:00+08:00"));
    EXPECT_EQ(last_day(handled.due), "2025-08-01");
    // A labour petition: the petition rule and the labour rule both match one selector; the earlier wins.
    EXPECT_EQ(policy().rule_for(in(State::mediating, Category::labour_wages, Channel::petition))->days, 15);
    // Walk-in cases have no limit while reported.
    EXPECT_EQ(policy().deadline(in(State::reported), at("2025-06-02T09:00:00+08:00")).due, no_time);
}

TEST(Deadlines, GrantedExtensionsLengthenArbitration) {
    Case c = in(State::referred, Category::labour_wages);
    c.route = ReferralRoute::arbitration;
    const auto start = at("2025-06-02T09:00:00+08:00");
    EXPECT_EQ(last_day(policy().deadline(c, start).due), "2025-07-17");
    auto settings = StatutoryDeadlineSettings::defaults();
    settings.grant_extensions = true;
    const StatutoryDeadlines extended(settings, calendar_2025());
    EXPECT_EQ(last_day(extended.deadline(c, start).due), "2025-08-01");
}

TEST(Deadlines, WarningLeadIsConfigurable) {
    auto settings = StatutoryDeadlineSettings::defaults();
    settings.warning_lead_days = 0;
    const StatutoryDeadlines quiet(settings, calendar_2025());
    EXPECT_EQ(quiet.deadline(in(State::mediating), at("2025-06-02T09:00:00+08:00")).warn_at, no_time);
    settings.warning_lead_days = 100;  // longer than the limit: warn at once
    const StatutoryDeadlines eager(settings, calendar_2025());
    const auto start = at("2025-06-02T09:00:00+08:00");
    EXPECT_EQ(eager.deadline(in(State::mediating), start).warn_at, start);
}
