// Scenarios for the simulation tests: the shipped Xiangyuan one, and a one-village county whose
// numbers can be worked out by hand.
#pragma once

#include <string>

#include <fengqiao/fengqiao.hpp>
#include <fengqiao/sim/simulator.hpp>

namespace fengqiao::fixtures {

inline sim::Scenario xiangyuan_scenario() {
    return sim::load_scenario(FENGQIAO_SOURCE_DIR "/data/scenarios/xiangyuan.json");
}

/// One village of 1,000 residents under one township and a county; one case a day on average; every
/// delay fixed, nothing random but arrivals and the success draw, no withdrawals, rejections or risk.
inline sim::Scenario one_village(double village_success, double township_success, double session_gap_days,
                                 std::uint16_t village_sessions) {
    const std::string county = R"({
      "format": "fengqiao-county/1", "name": "一村县",
      "jurisdictions": [
        {"code": "c", "name": "一村县", "kind": "county"},
        {"code": "c.t", "name": "一镇", "kind": "town", "parent": "c"},
        {"code": "c.t.v", "name": "一村", "kind": "village", "parent": "c.t", "population": 1000}],
      "actors": [
        {"code": "centre", "name": "县中心", "role": "county_centre_staff", "jurisdiction": "c"},
        {"code": "judicial", "name": "司法所", "role": "judicial_office", "jurisdiction": "c.t"},
        {"code": "tribunal", "name": "法庭", "role": "court_tribunal", "jurisdiction": "c.t"},
        {"code": "committee", "name": "村调委会", "role": "peoples_mediator", "jurisdiction": "c.t.v"}],
      "policies": {"version": "tiny-1", "escalation": {"handled_by": {}}}})";
    sim::Scenario s = sim::parse_scenario(R"({"format": "fengqiao-scenario/1", "name": "tiny", "synthetic":
        {"townships": 1, "villages_per_township": 1, "townships_per_county": 1, "residents_per_village": 1000}})",
                                          "tiny.json", ".");
    s.county = parse_county(county, "tiny-county.json");
    s.days = 120;
    s.arrivals.per_thousand_residents = 365;  // one a day
    s.arrivals.category_share.fill(0);
    s.arrivals.category_share[static_cast<std::size_t>(Category::neighbour)] = 1;
    s.arrivals.channel_share.fill(0);
    s.arrivals.channel_share[static_cast<std::size_t>(Channel::walk_in)] = 1;
    s.arrivals.threat = s.arrivals.violence_history = s.arrivals.repeat = s.arrivals.group = 0;
    s.arrivals.median_claim_yuan.fill(0);
    s.reject = s.refer_at_intake = s.withdraw_per_session = s.risk_rise_per_session = 0;
    s.written_agreement = 1;
    s.judicial_confirmation = 0;
    s.fulfilment = 1;
    s.intake_delay = {1, 1};
    s.assign_delay = {0.5, 0.5};
    s.agreement_delay = {1, 1};
    s.follow_up_time = {10, 10};
    auto& village = s.levels[static_cast<std::size_t>(Tier::village)];
    village = {village_success, village_sessions, {session_gap_days, session_gap_days}, 1000};
    auto& township = s.levels[static_cast<std::size_t>(Tier::township)];
    township = {township_success, 1, {2, 2}, 1000};
    return s;
}

}  // namespace fengqiao::fixtures
