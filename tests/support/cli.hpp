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

}  // namespace fengqiao::fixtures
