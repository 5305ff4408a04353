// The subcommands of the `fengqiao` tool. Each lives in its own file and registers in main.cpp.
#pragma once

#include <string_view>
#include <vector>

namespace fengqiao::cli {

/// Arguments after the subcommand name.
using Args = std::vector<std::string_view>;

/// Exit codes shared by every subcommand.
enum Exit : int {
    ok = 0,           ///< success
    failure = 1,      ///< the work failed (invalid file, refused commands with --strict, I/O error)
    usage_error = 2,  ///< bad command line
};

/// For a command that takes only files (`fengqiao <command> FILE...`): if an argument looks like an
/// option, says so on standard error and returns true (exit with usage_error).
bool refuse_options(const Args& args, std::string_view command);

/// One subcommand: its name, a one-line summary for `fengqiao --help`, and its entry point.
struct Subcommand {
    std::string_view name;
    std::string_view summary;
    int (*run)(const Args& args);
};

int diagram(const Args& args);
int validate(const Args& args);
int simulate(const Args& args);
int verify(const Args& args);
int replay(const Args& args);
int export_journal(const Args& args);
int stats(const Args& args);

}  // namespace fengqiao::cli
