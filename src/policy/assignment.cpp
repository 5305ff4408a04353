#include <string>
#include <string_view>

#include "fengqiao/policy/assignment.hpp"

namespace fengqiao {
namespace {

bool has_room(const Actor& a, const Workload& load) {
    return a.capacity == 0 || load.open_cases(a.id) < a.capacity;
}

int specialty_count(const Actor& a) {
    int n = 0;
    for (auto bits = a.specialties.bits(); bits != 0; bits &= static_cast<std::uint16_t>(bits - 1)) ++n;
    return n;
}

// The least-loaded eligible actor at @p where; ties go to the more specialised, then the lower id.
template <class Eligible>
ActorId pick(JurisdictionId where, const Roster& roster, const Workload& load, Eligible eligible,
             bool prefer_specialists) {
    ActorId best;
    for (ActorId id : roster.at_jurisdiction(where)) {
        const Actor& a = roster[id];
        if (!eligible(a) || !has_room(a, load)) continue;
        if (!best.valid()) {
            best = id;
            continue;
        }
        const Actor& b = roster[best];
        const auto key = [&](const Actor& x) {
            return std::make_pair(prefer_specialists ? specialty_count(x) : 0, load.open_cases(x.id));
        };
        if (key(a) < key(b)) best = id;
    }
    return best;
}

Error nobody(const Case& c, const JurisdictionTree& tree, const Roster& roster, const std::string& what) {
    const auto& here = tree.at(c.jurisdiction);
    std::size_t registered = 0;
    for (ActorId id : roster.at_jurisdiction(c.jurisdiction)) registered += mediates(roster[id].role) ? 1 : 0;
    Error e;
    e.code = ErrorCode::no_eligible_mediator;
    e.case_id = c.id;
    e.message = "no " + what + " at '" + here.name + "' (" + std::to_string(registered) +
                " mediating actors registered there) takes " + std::string(to_string(c.category)) +
                " cases with spare capacity";
    return e;
}

}  // namespace

bool FengqiaoAssignment::serious(const Case& c) const noexcept {
    return c.risk >= settings_.joint_team_min_risk || c.claimed_amount >= settings_.joint_team_min_amount ||
           c.parties >= settings_.joint_team_min_parties;
}

Result<Assignment> FengqiaoAssignment::assign(const Case& c, const JurisdictionTree& tree, const Roster& roster,
                                              const Workload& load) const {
    const Tier tier = tree.tier(c.jurisdiction);
    if (tier == Tier::township && serious(c)) {
        Assignment joint;
        for (Role r : {Role::judicial_office, Role::police_station, Role::court_tribunal}) {
            const ActorId id =
                pick(c.jurisdiction, roster, load, [r](const Actor& a) { return a.role == r; }, false);
            if (id.valid()) joint.team.add(id);
        }
        if (joint.team.size() == 3) {
            joint.reason = "serious case (risk " + std::string(to_string(c.risk)) + ", " +
                           std::to_string(c.claimed_amount / 100) + " yuan, " + std::to_string(c.parties) +
                           " parties): joint team of judicial office, police station and court tribunal";
            return joint;
        }
        // Without all three chiefs the case is still mediated, by whoever is eligible.
    }
    if (tier == Tier::county && c.channel == Channel::petition) {
        const ActorId id = pick(
            c.jurisdiction, roster, load, [](const Actor& a) { return a.role == Role::petition_office; }, false);
        if (id.valid()) {
            Assignment out;
            out.team.add(id);
            out.reason = "petition: the petition office at the county centre";
            return out;
        }
    }
    const bool at_county = tier == Tier::county || tier == Tier::city || tier == Tier::province;
    const ActorId id = pick(
        c.jurisdiction, roster, load,
        [&c](const Actor& a) { return mediates(a.role) && a.specialties.contains(c.category); }, at_county);
    if (!id.valid()) return nobody(c, tree, roster, at_county ? "stationed department" : "mediator");
    Assignment out;
    out.team.add(id);
    // Built in one buffer: this runs for most assignments, and each '+' would allocate again.
    const std::string_view lead = at_county ? "stationed department for " : "least-loaded mediator for ";
    const std::string_view category = to_string(c.category);
    const std::string& name = roster[id].name;
    const std::string open = std::to_string(load.open_cases(id));
    std::string& r = out.reason;
    r.reserve(lead.size() + category.size() + name.size() + open.size() + 20);
    r.append(lead).append(category).append(": '").append(name).append("' (").append(open).append(" open cases)");
    return out;
}

}  // namespace fengqiao
