// What the journal subcommands (replay, export) share: finding the county, opening the store, and
// making sure a store is only ever read with the county that wrote it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fengqiao/config/county.hpp"
#include "fengqiao/config/county_journal.hpp"
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

/// Checks that @p journal was written for @p county (adding the mediators a simulation added), and
/// records the county in a new journal; warns when a journal with records names no county.
inline void check_county(SqliteJournal& journal, County& county) {
    CountyBinding found{};
    try {
        found = fengqiao::bind_to_county(journal, county);
    } catch (const Exception& e) {
        // Another county: say which option gives the right one. Damage and storage failures as they are.
        if (e.code() != ErrorCode::invalid_argument) throw;
        throw Exception(e.code(), std::string(e.what()) + " (--county)");
    }
    if (found == CountyBinding::not_recorded && journal.size() != 0) {
        std::cerr << "fengqiao: warning: journal '" << journal.path() << "' does not record the county it was "
                  << "written for; its ids are read as those of " << county_identity(county) << "\n";
    }
}

}  // namespace fengqiao::cli
