// What the journal subcommands (replay, export) share: finding the county, opening the store, and
// making sure a store is only ever read with the county that wrote it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "fengqiao/config/county.hpp"
#include "fengqiao/store/sqlite_journal.hpp"

namespace fengqiao::cli {

/// The county file used when none is given: the shipped Xiangyuan county, relative to the current
/// directory (the repository root, where `make demo` runs).
inline constexpr const char* default_county = "data/xiangyuan.json";

/// Loads the county from @p given, or from default_county. Throws with a message saying what to pass.
inline County load_county_for(const std::optional<std::string>& given) {
    if (given) return load_county(*given);
    if (!std::filesystem::exists(default_county)) {
        throw Exception(ErrorCode::invalid_argument,
                        std::string("no county file: give --county FILE (the default ") + default_county +
                            " does not exist in this directory)");
    }
    return load_county(default_county);
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

/// Checks that @p journal was written for @p county, and records the county in a new journal.
inline void bind_to_county(SqliteJournal& journal, const County& county, bool writable) {
    const std::string identity = county_identity(county);
    const std::string stored = journal.attribute("county");
    if (stored.empty()) {
        if (writable && journal.size() == 0) journal.set_attribute("county", identity);
        return;
    }
    if (stored != identity) {
        throw Exception(ErrorCode::invalid_argument,
                        "journal '" + journal.path() + "' was written for the county " + stored +
                            ", not for " + identity + "; give the county file it was written with (--county)");
    }
}

}  // namespace fengqiao::cli
