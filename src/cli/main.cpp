// fengqiao: the command-line front door.
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "fengqiao/fengqiao.hpp"

namespace {

constexpr const char* usage =
    "usage: fengqiao <command> [options]\n"
    "\n"
    "commands:\n"
    "  diagram [--dot | --mermaid]   print the case lifecycle, generated from the transition table\n"
    "  version                       print the library version\n"
    "\n"
    "Run 'fengqiao <command> --help' for a command's options.\n";

int diagram(const std::vector<std::string_view>& args) {
    std::string_view format = "--dot";
    for (auto a : args) {
        if (a == "--help" || a == "-h") {
            std::cout << "usage: fengqiao diagram [--dot | --mermaid]\n\n"
                         "Prints the lifecycle as a Graphviz digraph (default) or a Mermaid state diagram.\n"
                         "Render the DOT form with: fengqiao diagram | dot -Tsvg > lifecycle.svg\n";
            return 0;
        }
        if (a == "--dot" || a == "--mermaid") {
            format = a;
        } else {
            std::cerr << "fengqiao diagram: unknown option '" << a << "' (expected --dot or --mermaid)\n";
            return 2;
        }
    }
    std::cout << (format == "--dot" ? fengqiao::lifecycle_dot() : fengqiao::lifecycle_mermaid());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << usage;
        return args.empty() ? 2 : 0;
    }
    const auto command = args[0];
    args.erase(args.begin());
    try {
        if (command == "diagram") return diagram(args);
        if (command == "version" || command == "--version") {
            std::cout << "fengqiao " << fengqiao::version << "\n";
            return 0;
        }
        std::cerr << "fengqiao: unknown command '" << command << "'\n\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "fengqiao " << command << ": " << e.what() << "\n";
        return 1;
    }
}
