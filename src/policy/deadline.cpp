#include <algorithm>

#include "fengqiao/policy/deadline.hpp"

namespace fengqiao {

StatutoryDeadlineSettings StatutoryDeadlineSettings::defaults() {
    StatutoryDeadlineSettings s;
    auto rule = [&s](State state, std::uint16_t days, DayCount count, std::string source) -> DeadlineRule& {
        DeadlineRule r;
        r.state = state;
        r.days = days;
        r.count = count;
        r.source = std::move(source);
        s.rules.push_back(std::move(r));
        return s.rules.back();
    };
    rule(State::mediating, 30, DayCount::calendar,
         "Ministry of Justice, Several Provisions on People's Mediation Work (2002): a dispute is generally "
         "mediated within one month");
    rule(State::mediating, 15, DayCount::calendar,
         "Labour Dispute Mediation and Arbitration Law art. 14: no agreement within 15 days of the "
         "application, and a party may apply for arbitration")
        .category = Category::labour_wages;
    rule(State::mediating, 15, DayCount::calendar, "Labour Dispute Mediation and Arbitration Law art. 14")
        .category = Category::work_injury;
    rule(State::mediating, 30, DayCount::working,
         "Regulation on the Prevention and Handling of Medical Disputes (2018) art. 33: medical dispute "
         "mediation concluded within 30 working days of acceptance")
        .category = Category::medical;
    rule(State::mediating, 45, DayCount::working,
         "Market regulation complaint handling: consumer complaint mediation concluded within 45 working "
         "days of acceptance")
        .category = Category::consumer;
    rule(State::agreed, 30, DayCount::calendar,
         "People's Mediation Law art. 33: judicial confirmation is applied for within 30 days of the "
         "agreement taking effect");
    rule(State::confirming, 15, DayCount::calendar,
         "Supreme People's Court provisions on the judicial confirmation procedure (2011): a decision within "
         "15 days of accepting the application");
    auto& arb = rule(State::referred, 45, DayCount::calendar,
                     "Labour Dispute Mediation and Arbitration Law art. 43: an award within 45 days, extendable "
                     "by 15 for complex cases");
    arb.route = ReferralRoute::arbitration;
    arb.extension_days = 15;
    rule(State::reported, 15, DayCount::calendar,
         "Regulations on Letters and Visits Work (2022): decide within 15 days whether to accept or route "
         "a petition")
        .channel = Channel::petition;
    auto& handle = rule(State::mediating, 60, DayCount::calendar,
                        "Regulations on Letters and Visits Work (2022): a petition is handled within 60 days of "
                        "acceptance, extendable by up to 30");
    handle.channel = Channel::petition;
    handle.extension_days = 30;
    auto& review = rule(State::referred, 30, DayCount::calendar,
                        "Regulations on Letters and Visits Work (2022): a review, requested within 30 days of the "
                        "reply, is decided within 30 days (modelled as a referral along the petition route)");
    review.route = ReferralRoute::petition;
    review.extension_days = 30;
    return s;
}

StatutoryDeadlines::StatutoryDeadlines(StatutoryDeadlineSettings settings, WorkingCalendar calendar)
    : settings_(std::move(settings)), calendar_(std::move(calendar)) {}

const DeadlineRule* StatutoryDeadlines::rule_for(const Case& c) const noexcept {
    const DeadlineRule* best = nullptr;
    int best_score = -1;
    for (const DeadlineRule& r : settings_.rules) {
        if (r.state != c.state) continue;
        if (r.category && *r.category != c.category) continue;
        if (r.channel && *r.channel != c.channel) continue;
        if (r.route && *r.route != c.route) continue;
        const int score = int{r.category.has_value()} + int{r.channel.has_value()} + int{r.route.has_value()};
        if (score > best_score) {
            best = &r;
            best_score = score;
        }
    }
    return best;
}

Deadline StatutoryDeadlines::deadline(const Case& c, TimePoint entered) const {
    const DeadlineRule* r = rule_for(c);
    if (r == nullptr) return {};
    const int days = r->days + (settings_.grant_extensions ? r->extension_days : 0);
    const TimePoint due = r->count == DayCount::working ? calendar_.add_working_days(entered, days)
                                                        : calendar_.add_calendar_days(entered, days);
    const TimePoint warn = std::max(entered, due - fengqiao::days(settings_.warning_lead_days));
    return {due, settings_.warning_lead_days == 0 ? no_time : warn};
}

}  // namespace fengqiao
