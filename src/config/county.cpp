// Loading a county file: jurisdictions, actors, calendar and policy parameters (docs/configuration.md).
#include "fengqiao/config/county.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <unordered_map>

#include "json_field.hpp"

namespace fengqiao {
namespace {

using config::Field;

constexpr std::string_view county_format = "fengqiao-county/1";

struct PendingJurisdiction {
    Field where;
    std::string code;
    std::string name;
    JurisdictionKind kind;
    std::string parent;
    std::optional<Field> parent_field;
    std::uint32_t population = 0;
};

// Codes are ASCII without spaces or quotes, as the docs promise: they go on command lines, into JSON
// lines and file names. Returns the first character that is not allowed, or 0.
char bad_code_character(const std::string& code) {
    for (char ch : code) {
        const auto u = static_cast<unsigned char>(ch);
        if (u <= 0x20 || u >= 0x7f || ch == '"' || ch == '\'' || ch == '\\') return ch;
    }
    return 0;
}

void check_code(const Field& field, const std::string& code) {
    const char bad = bad_code_character(code);
    if (bad == 0) return;
    const auto u = static_cast<unsigned char>(bad);
    field.fail("code '" + code + "' holds " +
               (u >= 0x80 ? std::string("a non-ASCII character") : u <= 0x20 ? std::string("a space or control character")
                                                                   : "the character " + std::string(1, bad)) +
               "; codes are ASCII letters, digits and punctuation such as '.', '-' and '_' (names may be in Chinese)");
}

JurisdictionTree read_jurisdictions(const Field& list) {
    std::vector<PendingJurisdiction> pending;
    std::unordered_map<std::string, std::size_t> by_code;
    for (const Field& f : list.elements()) {
        f.object({"code", "name", "kind", "parent", "population", "generated"});
        PendingJurisdiction p{f, f.at("code").text(), f.at("name").text(), f.at("kind").name<JurisdictionKind>(), {},
                              f.find("parent"), 0};
        if (p.code.empty()) f.at("code").fail("expected a non-empty code");
        check_code(f.at("code"), p.code);
        if (p.parent_field) p.parent = p.parent_field->text();
        if (auto pop = f.find("population")) p.population = static_cast<std::uint32_t>(pop->integer(0, 4'000'000'000));
        if (auto g = f.find("generated")) (void)g->boolean();
        if (!by_code.emplace(p.code, pending.size()).second) {
            f.at("code").fail("duplicate code '" + p.code + "', already used by '" + pending[by_code[p.code]].name + "'");
        }
        pending.push_back(std::move(p));
    }
    if (pending.empty()) list.fail("expected at least one jurisdiction (the root)");
    std::optional<std::size_t> root;
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const auto& p = pending[i];
        if (!p.parent_field) {
            if (root) {
                p.where.fail("'" + p.code + "' has no parent, but '" + pending[*root].code +
                             "' is already the root; give it a parent");
            }
            root = i;
        } else if (by_code.count(p.parent) == 0) {
            p.parent_field->fail("unknown parent '" + p.parent + "' (no jurisdiction has that code)");
        } else if (p.parent == p.code) {
            p.parent_field->fail("'" + p.code + "' is its own parent");
        }
    }
    if (!root) list.fail("no root: every jurisdiction has a parent, so the parents form a cycle");
    // Walking up from each node must reach the root without meeting a node twice, or the parents form a
    // cycle; the message shows the walk up to the first node met again.
    std::vector<std::size_t> seen_in_walk(pending.size(), pending.size());
    for (std::size_t i = 0; i < pending.size(); ++i) {
        const auto& p = pending[i];
        std::string chain = p.code;
        std::size_t at = i;
        seen_in_walk[at] = i;
        while (pending[at].parent_field) {
            at = by_code[pending[at].parent];
            chain += " → " + pending[at].code;
            if (seen_in_walk[at] == i) p.parent_field->fail("the parents form a cycle: " + chain);
            seen_in_walk[at] = i;
        }
    }
    // Parents before children, otherwise in file order (so ids follow the file when it lists parents first).
    JurisdictionTree tree;
    std::vector<JurisdictionId> id(pending.size());
    std::vector<char> added(pending.size(), 0);
    std::vector<std::size_t> stack;
    for (std::size_t i = 0; i < pending.size(); ++i) {
        for (std::size_t at = i; !added[at]; at = by_code[pending[at].parent]) {
            stack.push_back(at);
            if (!pending[at].parent_field) break;
        }
        while (!stack.empty()) {
            const std::size_t n = stack.back();
            stack.pop_back();
            if (added[n]) continue;
            const auto& p = pending[n];
            const JurisdictionId parent = p.parent_field ? id[by_code[p.parent]] : JurisdictionId{};
            id[n] = tree.add(parent, p.kind, p.code, p.name);
            if (p.population != 0) tree.set_population(id[n], p.population);
            added[n] = 1;
        }
    }
    return tree;
}

CategorySet read_categories(const Field& f) {
    if (f.json().is_string()) {
        if (f.text() == "all") return CategorySet::all();
        f.fail("expected \"all\" or a list of categories, got \"" + f.text() + "\"");
    }
    CategorySet out;
    for (const Field& c : f.elements()) {
        const Category category = c.name<Category>();
        if (out.contains(category)) c.fail("category '" + std::string(to_string(category)) + "' is listed twice");
        out.insert(category);
    }
    if (out.empty()) f.fail("expected at least one category (or \"all\")");
    return out;
}

Roster read_actors(const Field& list, const JurisdictionTree& tree) {
    Roster roster;
    for (const Field& f : list.elements()) {
        f.object({"code", "name", "role", "jurisdiction", "body", "capacity", "specialties", "generated"});
        Actor a;
        if (auto code = f.find("code")) {
            a.code = code->text();
            if (a.code.empty()) code->fail("expected a non-empty code (or leave the field out)");
            check_code(*code, a.code);
            if (roster.find_code(a.code).valid()) {
                code->fail("duplicate actor code '" + a.code + "', already used by '" +
                           roster[roster.find_code(a.code)].name + "'");
            }
        }
        a.name = f.at("name").text();
        a.role = f.at("role").name<Role>();
        const Field where = f.at("jurisdiction");
        a.jurisdiction = tree.find_code(where.text());
        if (!a.jurisdiction.valid()) where.fail("unknown jurisdiction '" + where.text() + "' (no jurisdiction has that code)");
        if (auto b = f.find("body")) a.body = b->boolean();
        if (auto cap = f.find("capacity")) a.capacity = static_cast<std::uint32_t>(cap->integer(0, 1'000'000));
        if (auto sp = f.find("specialties")) a.specialties = read_categories(*sp);
        if (auto g = f.find("generated")) (void)g->boolean();
        roster.add(std::move(a));
    }
    return roster;
}

Duration read_offset(const Field& f) {
    const std::string s = f.text();
    int h = 0, m = 0;
    if (s.size() == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' && std::isdigit(s[1]) && std::isdigit(s[2]) &&
        std::isdigit(s[4]) && std::isdigit(s[5])) {
        h = (s[1] - '0') * 10 + (s[2] - '0');
        m = (s[4] - '0') * 10 + (s[5] - '0');
        if (h <= 14 && m < 60) return Duration((h * 3600 + m * 60) * (s[0] == '-' ? -1 : 1));
    }
    f.fail("expected a UTC offset like \"+08:00\", got \"" + s + "\"");
}

WorkingCalendar read_calendar(const Field& f) {
    f.object({"utc_offset", "holidays", "working_days", "suspensions"});
    WorkingCalendar cal;
    if (auto o = f.find("utc_offset")) cal.set_utc_offset(read_offset(*o));
    if (auto h = f.find("holidays")) {
        for (const Field& d : h->elements()) cal.add_holiday(d.date());
    }
    if (auto w = f.find("working_days")) {
        for (const Field& d : w->elements()) {
            const CivilDate day = d.date();
            const auto& holidays = cal.holidays();
            if (std::find(holidays.begin(), holidays.end(), day) != holidays.end()) {
                d.fail(format_date(day) + " is listed as a holiday too: a day is a rest day or a working day, not both");
            }
            cal.add_working_day(day);
        }
    }
    if (auto s = f.find("suspensions")) {
        for (const Field& e : s->elements()) {
            e.object({"from", "to", "reason"});
            Suspension sus{e.at("from").date(), e.at("to").date(), e.at("reason").text()};
            if (days_from_civil(sus.to) < days_from_civil(sus.from)) {
                e.at("to").fail("the suspension ends before it starts (" + format_date(sus.from) + ")");
            }
            cal.add_suspension(std::move(sus));
        }
    }
    return cal;
}

void read_escalation(const Field& f, FengqiaoEscalationSettings& s) {
    f.object({"escalate_automatically", "min_sessions", "red_risk_to_county", "handled_by", "top_route"});
    if (auto v = f.find("escalate_automatically")) s.escalate_automatically = v->boolean();
    if (auto v = f.find("min_sessions")) s.min_sessions = static_cast<std::uint16_t>(v->integer(0, 100));
    if (auto v = f.find("red_risk_to_county")) s.red_risk_to_county = v->boolean();
    if (auto v = f.find("handled_by")) {
        s.handled_by.clear();
        for (const auto& [key, role] : v->members()) {
            const auto category = parse_enum<Category>(key);
            if (!category) role.fail("unknown category '" + key + "' (expected one of: " + enum_choices<Category>() + ")");
            s.handled_by.emplace_back(*category, role.name<Role>());
        }
    }
    if (auto v = f.find("top_route")) {
        for (const auto& [key, route] : v->members()) {
            const auto category = parse_enum<Category>(key);
            if (!category) route.fail("unknown category '" + key + "' (expected one of: " + enum_choices<Category>() + ")");
            const auto r = route.name<ReferralRoute>();
            if (r == ReferralRoute::none) route.fail("a case at the top must be referred somewhere; 'none' is not a route");
            s.top_route[static_cast<std::size_t>(*category)] = r;
        }
    }
}

void read_assignment(const Field& f, FengqiaoAssignmentSettings& s) {
    f.object({"joint_team_min_risk", "joint_team_min_amount_yuan", "joint_team_min_parties"});
    if (auto v = f.find("joint_team_min_risk")) s.joint_team_min_risk = v->name<RiskGrade>();
    if (auto v = f.find("joint_team_min_amount_yuan")) s.joint_team_min_amount = v->integer(0, 1'000'000'000'000) * 100;
    if (auto v = f.find("joint_team_min_parties")) s.joint_team_min_parties = static_cast<std::uint16_t>(v->integer(1, 65535));
}

void read_deadline(const Field& f, StatutoryDeadlineSettings& s) {
    f.object({"warning_lead_days", "grant_extensions", "rules"});
    if (auto v = f.find("warning_lead_days")) s.warning_lead_days = static_cast<std::uint16_t>(v->integer(0, 3650));
    if (auto v = f.find("grant_extensions")) s.grant_extensions = v->boolean();
    if (auto v = f.find("rules")) {
        s.rules.clear();
        for (const Field& r : v->elements()) {
            r.object({"state", "category", "channel", "route", "days", "count", "extension_days", "source"});
            DeadlineRule rule;
            rule.state = r.at("state").name<State>();
            if (is_final(rule.state)) r.at("state").fail("a final state has no time limit");
            if (auto c = r.find("category")) rule.category = c->name<Category>();
            if (auto c = r.find("channel")) rule.channel = c->name<Channel>();
            if (auto c = r.find("route")) rule.route = c->name<ReferralRoute>();
            const Field days = r.at("days");
            if (days.json().is_number() && days.json().get<double>() < 0) {
                days.fail("a time limit cannot be negative: expected a whole number of days from 0 to 3650, got " +
                          days.json().dump());
            }
            rule.days = static_cast<std::uint16_t>(days.integer(0, 3650));
            if (auto c = r.find("count")) rule.count = c->name<DayCount>();
            if (auto e = r.find("extension_days")) {
                if (e->json().is_number() && e->json().get<double>() < 0) {
                    e->fail("an extension cannot be negative, got " + e->json().dump());
                }
                rule.extension_days = static_cast<std::uint16_t>(e->integer(0, 3650));
            }
            rule.source = r.at("source").text();
            s.rules.push_back(std::move(rule));
        }
    }
}

void read_risk(const Field& f, FengqiaoRiskSettings& s) {
    f.object({"threat", "violence_history", "per_failure", "max_failure_points", "per_repeat", "max_repeat_points",
              "many_parties", "mass_parties", "large_amount_yuan", "huge_amount_yuan", "yellow", "orange", "red"});
    auto small = [&f](const char* key, std::uint8_t& out) {
        if (auto v = f.find(key)) out = static_cast<std::uint8_t>(v->integer(0, 100));
    };
    small("threat", s.threat);
    small("violence_history", s.violence_history);
    small("per_failure", s.per_failure);
    small("max_failure_points", s.max_failure_points);
    small("per_repeat", s.per_repeat);
    small("max_repeat_points", s.max_repeat_points);
    small("yellow", s.yellow);
    small("orange", s.orange);
    small("red", s.red);
    if (auto v = f.find("many_parties")) s.many_parties = static_cast<std::uint16_t>(v->integer(1, 65535));
    if (auto v = f.find("mass_parties")) s.mass_parties = static_cast<std::uint16_t>(v->integer(1, 65535));
    if (auto v = f.find("large_amount_yuan")) s.large_amount = v->integer(0, 1'000'000'000'000) * 100;
    if (auto v = f.find("huge_amount_yuan")) s.huge_amount = v->integer(0, 1'000'000'000'000) * 100;
    if (!(s.yellow <= s.orange && s.orange <= s.red)) {
        f.fail("grade thresholds must rise: yellow " + std::to_string(s.yellow) + " ≤ orange " +
               std::to_string(s.orange) + " ≤ red " + std::to_string(s.red));
    }
}

void read_authorization(const Field& f, RolePermissions& p) {
    for (const auto& [key, list] : f.members()) {
        const auto role = parse_enum<Role>(key);
        if (!role) list.fail("unknown role '" + key + "' (expected one of: " + enum_choices<Role>() + ")");
        p.clear(*role);
        for (const Field& c : list.elements()) {
            const auto k = c.name<CommandKind>();
            if (engine_only(k)) c.fail("'" + std::string(to_string(k)) + "' is issued by the engine, not by a role");
            p.allow(*role, k);
        }
    }
}

FengqiaoSettings read_policies(const Field& f) {
    f.object({"version", "escalation", "assignment", "deadline", "risk", "authorization"});
    FengqiaoSettings s = FengqiaoSettings::defaults();
    s.version = f.at("version").text();
    if (s.version.empty()) f.at("version").fail("expected a non-empty version");
    if (auto v = f.find("escalation")) read_escalation(*v, s.escalation);
    if (auto v = f.find("assignment")) read_assignment(*v, s.assignment);
    if (auto v = f.find("deadline")) read_deadline(*v, s.deadline);
    if (auto v = f.find("risk")) read_risk(*v, s.risk);
    if (auto v = f.find("authorization")) read_authorization(*v, s.authorization);
    return s;
}

}  // namespace

namespace {
// True if @p text is empty or only spaces (ASCII white space and the ideographic space U+3000).
bool blank(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r') {
            ++i;
        } else if (text.substr(i, 3) == "\xe3\x80\x80") {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}
}  // namespace

County parse_county(std::string_view json, const std::string& source) {
    const config::Json doc = config::parse_json(json, source);
    const Field root(doc, "", &source);
    // The format first: a scenario file given by mistake is named as one, not as a list of unknown keys.
    const Field format = root.at("format");
    if (format.text() != county_format) {
        format.fail("expected \"" + std::string(county_format) + "\", got \"" + format.text() + "\"" +
                    (format.text() == "fengqiao-scenario/1" ? " (this is a scenario file: give it to 'fengqiao simulate "
                                                              "--scenario', which reads the county file it names)"
                                                            : ""));
    }
    root.object({"format", "name", "sources", "jurisdictions", "actors", "calendar", "policies"});

    County county;
    county.name = root.at("name").text();
    // The name heads reports and identifies the county a store was written for: it has to say something,
    // on one line.
    if (blank(county.name)) root.at("name").fail("expected the county's name, got a blank one");
    if (std::any_of(county.name.begin(), county.name.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; })) {
        root.at("name").fail("expected the county's name on one line, without control characters");
    }
    if (auto s = root.find("sources")) {
        for (const Field& e : s->elements()) county.sources.push_back(e.text());
    }
    county.jurisdictions = read_jurisdictions(root.at("jurisdictions"));
    county.roster = read_actors(root.at("actors"), county.jurisdictions);
    if (auto c = root.find("calendar")) county.calendar = read_calendar(*c);
    if (auto p = root.find("policies")) {
        county.settings = read_policies(*p);
    } else {
        county.settings = FengqiaoSettings::defaults();
    }
    county.policy_set = fengqiao_policies(county.settings, county.calendar, county.jurisdictions, county.roster);
    return county;
}

County load_county(const std::string& path) { return parse_county(config::read_text_file(path, "county file "), path); }

std::string describe(const County& county) {
    std::map<JurisdictionKind, std::size_t> kinds;
    for (const auto& j : county.jurisdictions.nodes()) ++kinds[j.kind];
    std::map<Role, std::size_t> roles;
    for (const auto& a : county.roster.actors()) ++roles[a.role];
    std::ostringstream out;
    out << county.name << ": " << county.jurisdictions.size() << " jurisdictions (";
    bool first = true;
    for (const auto& [k, n] : kinds) {
        out << (first ? "" : ", ") << n << " " << to_string(k);
        first = false;
    }
    out << "), " << county.roster.size() << " actors (";
    first = true;
    for (const auto& [r, n] : roles) {
        out << (first ? "" : ", ") << n << " " << to_string(r);
        first = false;
    }
    out << "), policies '" << county.settings.version << "' with " << county.settings.deadline.rules.size()
        << " deadline rules, " << county.calendar.holidays().size() << " holidays";
    return out.str();
}

}  // namespace fengqiao
