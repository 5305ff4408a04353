// Runs the `fengqiao` command-line tool as a user would, capturing what it prints.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace fengqiao::fixtures {

struct CliRun {
    int status = -1;          ///< exit code
    std::string out;          ///< standard output
    std::string err;          ///< standard error
    /// Standard output split into lines.
    [[nodiscard]] std::vector<std::string> lines() const {
        std::vector<std::string> v;
        std::istringstream in(out);
        for (std::string l; std::getline(in, l);) v.push_back(l);
        return v;
    }
};

/// Runs `fengqiao <arguments>` (a shell word list) in @p directory, with output captured in @p scratch.
inline CliRun run_cli(const std::string& arguments, const TempDir& scratch, const std::string& directory = ".") {
    const std::string out = scratch.file("cli.out"), err = scratch.file("cli.err");
    const std::string command = "cd '" + directory + "' && '" FENGQIAO_CLI "' " + arguments + " > '" + out +
                                "' 2> '" + err + "'";
    const int raw = std::system(command.c_str());
    CliRun r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_bytes(out);
    r.err = read_bytes(err);
    return r;
}

/// The shipped Xiangyuan scenario as text, with the value of its top-level @p key replaced by the JSON
/// @p value and its county named by absolute path, so the copy can be written anywhere. Empty if the
/// key is not in the file.
inline std::string xiangyuan_scenario_with(const std::string& source_dir, const std::string& key,
                                           const std::string& value) {
    std::string text = read_bytes(source_dir + "/data/scenarios/xiangyuan.json");
    const auto replace = [&text](const std::string& k, const std::string& v) {
        const auto at = text.find("\"" + k + "\"");
        if (at == std::string::npos) return false;
        text.replace(at, text.find(',', at) - at, "\"" + k + "\": " + v);
        return true;
    };
    if (!replace(key, value)) return {};
    replace("county", "\"" + source_dir + "/data/xiangyuan.json\"");
    return text;
}

/// The shipped Xiangyuan scenario as text, its county named by absolute path, with the top-level member
/// @p key (one the file does not have, e.g. extra_mediators) set to the JSON @p value.
inline std::string xiangyuan_scenario_adding(const std::string& source_dir, const std::string& key,
                                             const std::string& value) {
    std::string text = xiangyuan_scenario_with(source_dir, "county", "\"" + source_dir + "/data/xiangyuan.json\"");
    text.insert(text.find('{') + 1, "\n  \"" + key + "\": " + value + ",");
    return text;
}

}  // namespace fengqiao::fixtures
