// fengqiao diagram: the lifecycle drawn from the transition table.
#include <iostream>
#include <string_view>

#include "commands.hpp"
#include "fengqiao/lifecycle/diagram.hpp"

namespace fengqiao::cli {

int diagram(const Args& args) {
    std::string_view chosen;  // --dot or --mermaid, once given
    for (auto a : args) {
        if (a == "--help" || a == "-h") {
            std::cout << "usage: fengqiao diagram [--dot | --mermaid]\n\n"
                         "Prints the case lifecycle, generated from the transition table, as a Graphviz\n"
                         "digraph (default) or a Mermaid state diagram.\n\n"
                         "  fengqiao diagram | dot -Tsvg > lifecycle.svg\n";
            return ok;
        }
        if (a == "--dot" || a == "--mermaid") {
            if (!chosen.empty() && chosen != a) {
                std::cerr << "fengqiao diagram: " << chosen << " and " << a << " ask for different formats; give one\n";
                return usage_error;
            }
            chosen = a;
        } else {
            std::cerr << "fengqiao diagram: unknown option '" << a << "' (expected --dot or --mermaid)\n";
            return usage_error;
        }
    }
    std::cout << (chosen == "--mermaid" ? lifecycle_mermaid() : lifecycle_dot());
    return ok;
}

}  // namespace fengqiao::cli
