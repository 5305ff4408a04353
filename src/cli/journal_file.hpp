// What the journal subcommands (replay, export) share: finding the county, opening the store, and
// making sure a store is only ever read with the county that wrote it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "fengqiao/config/county.hpp"
#include "fengqiao/sim/scenario.hpp"
#include "fengqiao/store/sqlite_journal.hpp"

namespace fengqiao::cli {

/// The county file used when none is given: the shipped Xiangyuan county, relative to the current
/// directory (the repository root, where `make demo` runs).
inline constexpr const char* default_county = "data/xiangyuan.json";

/// A loader's message without the file name a command prints in front of it anyway.
inline std::string without_file(std::string message, const std::string& path) {
    const std::string suffix = " (in " + path + ")";
    if (message.size() > suffix.size() && message.compare(message.size() - suffix.size(), suffix.size(), suffix) == 0) {
        message.resize(message.size() - suffix.size());
    }
    const std::string prefix = path + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return message;
}

/// Loads the county from @p given, or from default_county. Throws with a message saying what to pass.
inline County load_county_for(const std::optional<std::string>& given) {
    if (!given && !std::filesystem::exists(default_county)) {
        throw Exception(ErrorCode::invalid_argument,
                        std::string("no county file: give --county FILE (the default ") + default_county +
                            " does not exist in this directory)");
    }
    const std::string path = given.value_or(default_county);
    try {
        return load_county(path);
    } catch (const ConfigError& e) {
        // Said as the county file's problem: beside a journal and a commands file, which file is wrong?
        throw Exception(ErrorCode::config_error,
                        "the county file " + path + " is not valid: " + without_file(e.what(), path));
    }
}

/// A short description of the county that names its codes, stored with a journal: ids in records
/// mean nothing without the county that assigned them. FNV-1a over every code, in id order.
inline std::string county_identity(const County& county) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    const auto mix = [&h](const std::string& s) {
        for (unsigned char ch : s) h = (h ^ ch) * 0x100000001b3ull;
        h = (h ^ 0xFFu) * 0x100000001b3ull;  // separator
    };
    for (const auto& j : county.jurisdictions.nodes()) mix(j.code);
    for (const auto& a : county.roster.actors()) mix(a.code);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return county.name + " (" + std::to_string(county.jurisdictions.size()) + " jurisdictions, " +
           std::to_string(county.roster.size()) + " actors, codes " + hex + ")";
}

/// The journal attribute that lists the mediators a simulation added to the county's roster.
inline constexpr const char* extra_mediators_attribute = "extra_mediators";

/// Records in a new @p journal the extra mediators a simulation adds (as [[code, count], ...], in order).
inline void store_extra_mediators(SqliteJournal& journal,
                                  const std::vector<std::pair<std::string, std::uint32_t>>& extra) {
    if (extra.empty()) return;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [code, count] : extra) list.push_back({code, count});
    journal.set_attribute(extra_mediators_attribute, list.dump());
}

/// Checks that @p journal was written for @p county, and records the county in a new journal. A journal
/// written by a simulation with extra mediators is read with them: they are added to @p county's roster
/// first, as the simulation added them.
inline void bind_to_county(SqliteJournal& journal, County& county, bool writable) {
    if (const std::string stored = journal.attribute(extra_mediators_attribute); !stored.empty()) {
        const auto damaged = [&](const std::string& why) {
            return JournalCorrupt("journal '" + journal.path() + "' is damaged: its list of extra mediators (" +
                                  stored + ") " + why);
        };
        std::vector<std::pair<std::string, std::uint32_t>> extra;
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
        try {
            sim::add_extra_mediators(county.roster, county.jurisdictions, extra);
        } catch (const ConfigError& e) {
            throw damaged("does not fit the county " + county.name + ": " + e.what());
        }
    }
    const std::string identity = county_identity(county);
    const std::string stored = journal.attribute("county");
    if (stored.empty()) {
        if (writable && journal.size() == 0) {
            journal.set_attribute("county", identity);
        } else if (journal.size() != 0) {
            // Written through the library, which records no county: ids cannot be checked against one.
            std::cerr << "fengqiao: warning: journal '" << journal.path() << "' does not record the county it was "
                      << "written for; its ids are read as those of " << identity << "\n";
        }
        return;
    }
    if (stored != identity) {
        throw Exception(ErrorCode::invalid_argument,
                        "journal '" + journal.path() + "' was written for the county " + stored +
                            ", not for " + identity + "; give the county file it was written with (--county)");
    }
}

}  // namespace fengqiao::cli
