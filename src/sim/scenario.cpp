// Scenario files (docs/simulation.md) and the generated province used for scale runs.
#include "fengqiao/sim/scenario.hpp"

#include <numeric>

#include "../config/json_field.hpp"

namespace fengqiao::sim {
namespace {

using config::Field;

double probability(const Field& f) {
    if (!f.json().is_number()) f.fail("expected a probability from 0 to 1, got " + f.json().dump());
    const double v = f.json().get<double>();
    if (!(v >= 0.0 && v <= 1.0)) f.fail("expected a probability from 0 to 1, got " + f.json().dump());
    return v;
}

double non_negative(const Field& f, double max = 1e9) {
    if (!f.json().is_number()) f.fail("expected a number, got " + f.json().dump());
    const double v = f.json().get<double>();
    if (!(v >= 0.0 && v <= max)) f.fail("expected a number from 0 to " + std::to_string(static_cast<long long>(max)) +
                                        ", got " + f.json().dump());
    return v;
}

DayRange day_range(const Field& f) {
    const auto e = f.elements();
    if (e.size() != 2) f.fail("expected [shortest, longest] in days");
    DayRange r{non_negative(e[0], 3650), non_negative(e[1], 3650)};
    if (r.max < r.min) f.fail("the longest (" + e[1].json().dump() + ") is shorter than the shortest (" + e[0].json().dump() + ")");
    return r;
}

template <class E, std::size_t N>
void shares(const Field& f, std::array<double, N>& out, bool normalise, double unlisted = 0.0) {
    out.fill(unlisted);
    for (const auto& [key, value] : f.members()) {
        const auto which = parse_enum<E>(key);
        if (!which) value.fail("unknown " + std::string(EnumNames<E>::kind) + " '" + key + "' (expected one of: " + enum_choices<E>() + ")");
        out[static_cast<std::size_t>(*which)] = non_negative(value);
    }
    if (normalise) {
        const double sum = std::accumulate(out.begin(), out.end(), 0.0);
        if (sum <= 0) f.fail("expected at least one positive share");
        for (double& v : out) v /= sum;
    }
}

void read_arrivals(const Field& f, Arrivals& a) {
    f.object({"per_thousand_residents", "categories", "channels", "monthly_factor", "threat", "violence_history",
              "repeat", "group", "median_claim_yuan"});
    if (auto v = f.find("per_thousand_residents")) a.per_thousand_residents = non_negative(*v, 1e6);
    if (auto v = f.find("categories")) shares<Category>(*v, a.category_share, true);
    if (auto v = f.find("channels")) shares<Channel>(*v, a.channel_share, true);
    if (auto v = f.find("monthly_factor")) {
        for (const auto& [key, list] : v->members()) {
            const auto c = parse_enum<Category>(key);
            if (!c) list.fail("unknown category '" + key + "' (expected one of: " + enum_choices<Category>() + ")");
            const auto months = list.elements();
            if (months.size() != 12) list.fail("expected 12 factors, January first; got " + std::to_string(months.size()));
            for (std::size_t m = 0; m < 12; ++m) a.monthly_factor[static_cast<std::size_t>(*c)][m] = non_negative(months[m], 100);
        }
    }
    if (auto v = f.find("threat")) a.threat = probability(*v);
    if (auto v = f.find("violence_history")) a.violence_history = probability(*v);
    if (auto v = f.find("repeat")) a.repeat = probability(*v);
    if (auto v = f.find("group")) a.group = probability(*v);
    if (auto v = f.find("median_claim_yuan")) shares<Category>(*v, a.median_claim_yuan, false);
}

void read_level(const Field& f, LevelBehaviour& l) {
    f.object({"success", "max_sessions", "session_gap_days", "capacity"});
    if (auto v = f.find("success")) l.success = probability(*v);
    if (auto v = f.find("max_sessions")) l.max_sessions = static_cast<std::uint16_t>(v->integer(1, 100));
    if (auto v = f.find("session_gap_days")) l.session_gap = day_range(*v);
    if (auto v = f.find("capacity")) l.capacity = static_cast<std::uint32_t>(v->integer(1, 100000));
}

Scenario defaults() {
    Scenario s;
    s.arrivals.category_share.fill(1.0 / category_count);
    s.arrivals.channel_share.fill(1.0 / channel_count);
    for (auto& months : s.arrivals.monthly_factor) months.fill(1.0);
    s.success_factor.fill(1.0);
    s.levels[static_cast<std::size_t>(Tier::village)] = {0.6, 3, {2, 6}, 4};
    s.levels[static_cast<std::size_t>(Tier::township)] = {0.65, 3, {3, 8}, 6};
    s.levels[static_cast<std::size_t>(Tier::county)] = {0.55, 4, {4, 10}, 12};
    s.levels[static_cast<std::size_t>(Tier::city)] = {0.5, 4, {5, 12}, 12};
    s.levels[static_cast<std::size_t>(Tier::province)] = {0.5, 4, {5, 12}, 12};
    s.start = start_of_local_day(days_from_civil(CivilDate{2025, 1, 1}));
    return s;
}

}  // namespace

Scenario parse_scenario(std::string_view json, const std::string& source, const std::string& base_dir,
                        std::optional<std::uint32_t> days) {
    const config::Json doc = config::parse_json(json, source);
    const Field root(doc, "", &source);
    // The format first: a county file given by mistake is named as one, not as a list of unknown keys.
    if (const auto format = root.find("format"); format && format->text() != "fengqiao-scenario/1") {
        format->fail("expected \"fengqiao-scenario/1\", got \"" + format->text() + "\"" +
                     (format->text() == "fengqiao-county/1" ? " (this is a county file: a scenario names its county "
                                                               "file under \"county\")"
                                                             : ""));
    }
    root.object({"format", "name", "sources", "county", "synthetic", "start", "days", "arrivals", "levels",
                 "success_factor", "intake_delay_days", "assign_delay_days", "agreement_delay_days",
                 "escalation_delay_days", "reject", "refer_at_intake", "withdraw_per_session",
                 "risk_rise_per_session", "red_share_of_rises", "written_agreement", "judicial_confirmation",
                 "confirmation_granted", "confirmation_days", "follow_up_days", "fulfilment", "outside_days",
                 "outside_outcome", "extra_mediators"});
    const Field format = root.at("format");
    if (format.text() != "fengqiao-scenario/1") format.fail("expected \"fengqiao-scenario/1\", got \"" + format.text() + "\"");
    Scenario s = defaults();
    s.name = root.at("name").text();
    if (auto v = root.find("sources")) (void)v->elements();
    const auto county = root.find("county");
    const auto synthetic = root.find("synthetic");
    if (county && synthetic) synthetic->fail("give either \"county\" (a county file) or \"synthetic\", not both");
    if (county) {
        const std::string name = county->text();
        s.county_file = !name.empty() && name[0] == '/' ? name : base_dir + (base_dir.empty() ? "" : "/") + name;
        try {
            s.county = load_county(s.county_file);
        } catch (const StorageError& e) {
            county->fail(e.what());
        }
    } else if (synthetic) {
        synthetic->object({"townships", "villages_per_township", "townships_per_county", "residents_per_village"});
        const auto n = [&](const char* key, std::int64_t max) {
            return static_cast<std::uint32_t>(synthetic->at(key).integer(1, max));
        };
        s.county = synthetic_province(n("townships", 100000), n("villages_per_township", 1000),
                                      n("townships_per_county", 100000), n("residents_per_village", 1000000));
        s.county_file = "(synthetic)";
    } else {
        root.fail("missing required field 'county' (a county file) or 'synthetic'");
    }
    const auto start = root.find("start");
    if (start) s.start = start_of_local_day(days_from_civil(start->date()), s.county.calendar.utc_offset());
    if (auto v = root.find("days")) s.days = static_cast<std::uint32_t>(v->integer(0, max_days));
    if (days) s.days = *days;  // the run's own length: the start is checked against it
    if (start) {
        if (s.start < earliest_time) {
            start->fail(start->text() + " begins, in the county's time zone, before the engine's clock does "
                        "(0001-01-01T00:00:00Z); start a day later");
        }
        if (const std::string late = ends_too_late(s, s.days); !late.empty()) {
            start->fail("a run of " + std::to_string(s.days) + " days from " + start->text() + late);
        }
    }
    if (auto v = root.find("arrivals")) read_arrivals(*v, s.arrivals);
    if (auto v = root.find("levels")) {
        for (const auto& [key, level] : v->members()) {
            const auto tier = parse_enum<Tier>(key);
            if (!tier) level.fail("unknown tier '" + key + "' (expected one of: " + enum_choices<Tier>() + ")");
            read_level(level, s.levels[static_cast<std::size_t>(*tier)]);
        }
    }
    if (auto v = root.find("success_factor")) {
        // Categories not listed keep their tier's success; one listed with 0 never settles in mediation.
        shares<Category>(*v, s.success_factor, false, 1.0);
    }
    if (auto v = root.find("intake_delay_days")) s.intake_delay = day_range(*v);
    if (auto v = root.find("assign_delay_days")) s.assign_delay = day_range(*v);
    if (auto v = root.find("agreement_delay_days")) s.agreement_delay = day_range(*v);
    if (auto v = root.find("escalation_delay_days")) s.escalation_delay = day_range(*v);
    if (auto v = root.find("reject")) s.reject = probability(*v);
    if (auto v = root.find("refer_at_intake")) s.refer_at_intake = probability(*v);
    if (auto v = root.find("withdraw_per_session")) s.withdraw_per_session = probability(*v);
    if (auto v = root.find("risk_rise_per_session")) s.risk_rise_per_session = probability(*v);
    if (auto v = root.find("red_share_of_rises")) s.red_share_of_rises = probability(*v);
    if (auto v = root.find("written_agreement")) s.written_agreement = probability(*v);
    if (auto v = root.find("judicial_confirmation")) s.judicial_confirmation = probability(*v);
    if (auto v = root.find("confirmation_granted")) s.confirmation_granted = probability(*v);
    if (auto v = root.find("confirmation_days")) s.confirmation_time = day_range(*v);
    if (auto v = root.find("follow_up_days")) s.follow_up_time = day_range(*v);
    if (auto v = root.find("fulfilment")) s.fulfilment = probability(*v);
    if (auto v = root.find("outside_days")) s.outside_time = day_range(*v);
    if (auto v = root.find("outside_outcome")) {
        v->object({"decided_elsewhere", "settled_elsewhere", "abandoned"});
        double sum = 0;
        std::size_t i = 0;
        for (const char* key : {"decided_elsewhere", "settled_elsewhere", "abandoned"}) {
            s.outside_outcome[i] = non_negative(v->at(key));
            sum += s.outside_outcome[i++];
        }
        if (sum <= 0) v->fail("expected at least one positive share");
        for (double& o : s.outside_outcome) o /= sum;
    }
    if (auto v = root.find("extra_mediators")) {
        for (const auto& [code, count] : v->members()) {
            if (!s.county.jurisdictions.find_code(code).valid()) {
                count.fail("unknown jurisdiction '" + code + "' (no jurisdiction in the county has that code)");
            }
            s.extra_mediators.emplace_back(code, static_cast<std::uint32_t>(count.integer(0, max_extra_mediators)));
        }
    }
    return s;
}

std::string ends_too_late(const Scenario& scenario, std::uint32_t days) {
    const TimePoint last_second = scenario.start + fengqiao::days(days) - Duration(1);
    if (local_date(last_second, scenario.county.calendar.utc_offset()).year <= last_run_year) return {};
    return " would end after " + std::to_string(last_run_year) +
           "-12-31: the engine's clock stops at the end of 9999, and the deadlines of cases still open at the end "
           "of a run need room after it";
}

void add_extra_mediators(Roster& roster, const JurisdictionTree& tree,
                         const std::vector<std::pair<std::string, std::uint32_t>>& extra) {
    for (const auto& [code, count] : extra) {
        const JurisdictionId where = tree.find_code(code);
        if (!where.valid()) {
            throw ConfigError("/extra_mediators/" + code, "unknown jurisdiction '" + code +
                                                              "' (no jurisdiction in the county has that code)");
        }
        for (std::uint32_t i = 1; i <= count; ++i) {
            Actor a;
            a.name = tree.at(where).name + "增派调解员" + std::to_string(i);
            a.code = code + ".extra-" + std::to_string(i);
            a.role = Role::peoples_mediator;
            a.jurisdiction = where;
            roster.add(std::move(a));
        }
    }
}

Scenario load_scenario(const std::string& path, std::optional<std::uint32_t> days) {
    const auto slash = path.rfind('/');
    return parse_scenario(config::read_text_file(path, ""), path, slash == std::string::npos ? "." : path.substr(0, slash),
                          days);
}

County synthetic_province(std::uint32_t townships, std::uint32_t villages_per_township, std::uint32_t townships_per_county,
                          std::uint32_t residents_per_village) {
    County k;
    k.name = "合成省 (synthetic)";
    auto& tree = k.jurisdictions;
    Roster& roster = k.roster;
    const auto province = tree.add({}, JurisdictionKind::province, "p", k.name);
    auto actor = [&roster](std::string name, Role role, JurisdictionId where) {
        Actor a;
        a.name = std::move(name);
        a.role = role;
        a.jurisdiction = where;
        a.body = true;
        roster.add(std::move(a));
    };
    actor("省综治中心", Role::county_centre_staff, province);
    JurisdictionId county;
    for (std::uint32_t t = 0; t < townships; ++t) {
        if (t % townships_per_county == 0) {
            const std::string code = "p.c" + std::to_string(t / townships_per_county + 1);
            county = tree.add(province, JurisdictionKind::county, code, "县" + std::to_string(t / townships_per_county + 1));
            actor("县综治中心", Role::county_centre_staff, county);
            Actor arb;
            arb.name = "劳动人事争议仲裁院";
            arb.role = Role::arbitrator;
            arb.jurisdiction = county;
            arb.specialties = {Category::labour_wages, Category::work_injury};
            roster.add(std::move(arb));
        }
        const std::string tcode = tree[county].code + ".t" + std::to_string(t + 1);
        const auto town = tree.add(county, JurisdictionKind::town, tcode, "镇" + std::to_string(t + 1));
        actor("司法所", Role::judicial_office, town);
        actor("派出所", Role::police_station, town);
        actor("人民法庭", Role::court_tribunal, town);
        actor("乡镇人民调解委员会", Role::peoples_mediator, town);
        for (std::uint32_t v = 0; v < villages_per_township; ++v) {
            const auto village = tree.add(town, JurisdictionKind::village, tcode + ".v" + std::to_string(v + 1), "村");
            tree.set_population(village, residents_per_village);
            actor("村人民调解委员会", Role::peoples_mediator, village);
        }
    }
    k.settings = FengqiaoSettings::defaults();
    k.settings.version = "fengqiao-synthetic-1";
    k.policy_set = fengqiao_policies(k.settings, k.calendar, k.jurisdictions, k.roster);
    return k;
}

}  // namespace fengqiao::sim
