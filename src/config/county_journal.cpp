#include "fengqiao/config/county_journal.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "fengqiao/sim/scenario.hpp"

namespace fengqiao {

namespace {

// The identity of @p county's first @p jurisdictions jurisdictions and first @p actors actors.
std::string identity_of(const County& county, std::size_t jurisdictions, std::size_t actors) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    const auto mix = [&h](const std::string& s) {
        for (unsigned char ch : s) h = (h ^ ch) * 0x100000001b3ull;
        h = (h ^ 0xFFu) * 0x100000001b3ull;  // separator
    };
    for (std::size_t i = 0; i < jurisdictions; ++i) mix(county.jurisdictions.nodes()[i].code);
    for (std::size_t i = 0; i < actors; ++i) mix(county.roster.actors()[i].code);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return county.name + " (" + std::to_string(jurisdictions) + " jurisdictions, " + std::to_string(actors) +
           " actors, codes " + hex + ")";
}

// True if @p recorded is the identity of @p county as it was before jurisdictions or actors were
// appended to it: every id in the journal then still names what it named.
bool grown_from(const std::string& recorded, const County& county) {
    const auto open = recorded.rfind(" (");
    if (open == std::string::npos) return false;
    unsigned long long jurisdictions = 0, actors = 0;
    int end = 0;
    if (std::sscanf(recorded.c_str() + open, " (%llu jurisdictions, %llu actors, codes %*16[0-9a-f])%n", &jurisdictions,
                    &actors, &end) != 2 ||
        open + static_cast<std::size_t>(end) != recorded.size()) {
        return false;
    }
    return jurisdictions <= county.jurisdictions.size() && actors <= county.roster.size() &&
           recorded == identity_of(county, jurisdictions, actors);
}

}  // namespace

std::string county_identity(const County& county) {
    return identity_of(county, county.jurisdictions.size(), county.roster.size());
}

void record_extra_mediators(SqliteJournal& journal, const std::vector<std::pair<std::string, std::uint32_t>>& extra) {
    if (extra.empty()) return;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [code, count] : extra) list.push_back({code, count});
    journal.set_attribute(extra_mediators_attribute, list.dump());
}

namespace {

// @p journal's list of extra mediators is damaged: @p why.
JournalCorrupt damaged_list(const SqliteJournal& journal, const std::string& why) {
    return JournalCorrupt("journal '" + journal.path() + "' is damaged: its list of extra mediators (" +
                          journal.attribute(extra_mediators_attribute) + ") " + why);
}

}  // namespace

std::vector<std::pair<std::string, std::uint32_t>> recorded_extra_mediators(const SqliteJournal& journal) {
    std::vector<std::pair<std::string, std::uint32_t>> extra;
    const std::string stored = journal.attribute(extra_mediators_attribute);
    if (stored.empty()) return extra;
    const auto damaged = [&journal](const std::string& why) { return damaged_list(journal, why); };
    try {
        for (const auto& item : nlohmann::json::parse(stored)) {
            const auto count = item.at(1).get<std::int64_t>();
            // The scenario format's own limit: a damaged count must not build millions of actors.
            if (count < 0 || count > sim::max_extra_mediators) {
                throw damaged("gives " + std::to_string(count) + " mediators at '" + item.at(0).get<std::string>() +
                              "' (0 to " + std::to_string(sim::max_extra_mediators) + ")");
            }
            extra.emplace_back(item.at(0).get<std::string>(), static_cast<std::uint32_t>(count));
        }
    } catch (const nlohmann::json::exception&) {
        throw damaged("cannot be read");
    }
    return extra;
}

CountyBinding bind_to_county(SqliteJournal& journal, County& county, bool record) {
    const std::string recorded = journal.attribute(county_attribute);
    if (const auto extra = recorded_extra_mediators(journal); !extra.empty()) {
        // Staffed already (bound once, by a caller that then builds its engine with this county)? A
        // place listed with no mediators added none, so any other place tells. A journal that lists
        // mediators still names the county without them when the run that added them stopped between
        // the two writes; it is staffed too, and then reads as that county grown.
        const bool staffed_already = std::any_of(extra.begin(), extra.end(), [&county](const auto& place) {
            return place.second != 0 && county.roster.find_code(place.first + ".extra-1").valid();
        });
        if (!staffed_already) {
            Roster staffed = county.roster;
            try {
                sim::add_extra_mediators(staffed, county.jurisdictions, extra);
            } catch (const Exception& e) {  // an unknown jurisdiction, a code given twice
                throw damaged_list(journal, "does not fit the county " + county.name + ": " + e.what());
            }
            county.roster = std::move(staffed);
        }
    }
    const std::string identity = county_identity(county);
    if (recorded.empty()) {
        if (journal.size() != 0 || journal.read_only()) return CountyBinding::not_recorded;
        if (record) journal.set_attribute(county_attribute, identity);
        return CountyBinding::recorded;
    }
    if (recorded != identity && !grown_from(recorded, county)) {
        throw Exception(ErrorCode::invalid_argument,
                        "journal '" + journal.path() + "' was written for the county " + recorded + ", not for " +
                            identity + "; give the county file it was written with");
    }
    return CountyBinding::matched;
}

Engine County::engine(EngineOptions options) const {
    auto* sqlite = dynamic_cast<SqliteJournal*>(options.journal.get());
    if (sqlite == nullptr) return Engine(jurisdictions, roster, policy_set, std::move(options));
    County bound = *this;
    // The county is recorded once the engine stands: a constructor that throws leaves a new store as
    // it was.
    const CountyBinding found = bind_to_county(*sqlite, bound, false);
    const std::string identity = found == CountyBinding::recorded ? county_identity(bound) : std::string();
    Engine engine(std::move(bound.jurisdictions), std::move(bound.roster), policy_set, std::move(options));
    if (found == CountyBinding::recorded) sqlite->set_attribute(county_attribute, identity);
    return engine;
}

}  // namespace fengqiao
