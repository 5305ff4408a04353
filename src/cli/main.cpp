// fengqiao: the command-line front door. One subcommand per file; register new ones in the table.
#include <csignal>
#include <iostream>
#include <string_view>

#include "commands.hpp"
#include "fengqiao/version.hpp"

namespace {

using fengqiao::cli::Subcommand;

int print_version(const fengqiao::cli::Args& args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << "usage: fengqiao version\n\nPrints the library version.\n";
        return fengqiao::cli::ok;
    }
    if (!args.empty()) {
        std::cerr << "fengqiao version: unexpected '" << args[0] << "' (it takes no arguments)\n";
        return fengqiao::cli::usage_error;
    }
    std::cout << "fengqiao " << fengqiao::version << "\n";
    return fengqiao::cli::ok;
}

// clang-format off
constexpr Subcommand subcommands[] = {
    {"diagram", "print the case lifecycle (DOT or Mermaid), generated from the transition table", fengqiao::cli::diagram},
    {"export", "write a journal as JSON lines (the vocabulary replay reads)", fengqiao::cli::export_journal},
    {"replay", "apply a JSON-lines file of commands through the engine, optionally into a store", fengqiao::cli::replay},
    {"simulate", "run a scenario on the engine and report what happened", fengqiao::cli::simulate},
    {"stats", "reopen a journal file and print its cases: states, outcomes, levels, referrals", fengqiao::cli::stats},
    {"validate", "check county and scenario files", fengqiao::cli::validate},
    {"verify", "check a journal file's hash chains; report the first record altered or removed", fengqiao::cli::verify},
    {"version", "print the library version", print_version},
};
// clang-format on

void usage(std::ostream& out) {
    out << "usage: fengqiao <command> [options]\n\ncommands:\n";
    for (const auto& s : subcommands) {
        out << "  " << s.name << std::string(12 - std::min<std::size_t>(s.name.size(), 11), ' ') << s.summary << "\n";
    }
    out << "\nRun 'fengqiao <command> --help' for a command's options.\n";
}

}  // namespace

bool fengqiao::cli::refuse_options(const Args& args, std::string_view command) {
    for (auto arg : args) {
        if (!arg.empty() && arg[0] == '-') {
            std::cerr << "fengqiao " << command << ": unknown option '" << arg << "' (usage: fengqiao " << command
                      << " FILE...)\n";
            return true;
        }
    }
    return false;
}

int main(int argc, char** argv) {
    // A file-size limit (ulimit -f) reached while writing a journal or an export is a write that fails,
    // reported and rolled back like a full disk, not a signal that kills the process mid-line.
    std::signal(SIGXFSZ, SIG_IGN);
    fengqiao::cli::Args args(argv + 1, argv + argc);
    if (args.empty()) {
        usage(std::cerr);
        return fengqiao::cli::usage_error;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        usage(std::cout);
        return fengqiao::cli::ok;
    }
    if (args[0] == "--version") {
        args.erase(args.begin());
        const int status = print_version(args);
        std::cout.flush();
        return status != fengqiao::cli::ok ? status : std::cout ? fengqiao::cli::ok : fengqiao::cli::failure;
    }
    const std::string_view name = args[0];
    args.erase(args.begin());
    for (const auto& s : subcommands) {
        if (s.name != name) continue;
        int status = fengqiao::cli::failure;
        try {
            status = s.run(args);
        } catch (const std::exception& e) {
            std::cerr << "fengqiao " << name << ": " << e.what() << "\n";
        }
        // Output that could not be written (a full disk, a closed pipe) is a failure, not a success.
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "fengqiao " << name << ": cannot write the standard output\n";
            return fengqiao::cli::failure;
        }
        return status;
    }
    std::cerr << "fengqiao: unknown command '" << name << "'\n\n";
    usage(std::cerr);
    return fengqiao::cli::usage_error;
}
