// fengqiao validate: checks a county file and says what it describes, or exactly what is wrong.
#include <iostream>

#include "commands.hpp"
#include "fengqiao/config/county.hpp"

namespace fengqiao::cli {

int validate(const Args& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? std::cerr : std::cout)
            << "usage: fengqiao validate FILE...\n\n"
               "Checks county files (format: docs/configuration.md). Prints what each describes, or the\n"
               "JSON path of the first problem and what was expected. Exit code 1 if any file is invalid.\n";
        return args.empty() ? usage_error : ok;
    }
    if (refuse_options(args, "validate")) return usage_error;
    int status = ok;
    for (auto path : args) {
        try {
            const County county = load_county(std::string(path));
            std::cout << path << ": OK — " << describe(county) << "\n";
        } catch (const ConfigError& e) {
            std::cerr << path << ": invalid: " << e.what() << "\n";
            status = failure;
        } catch (const StorageError& e) {
            std::cerr << path << ": " << e.what() << "\n";
            status = failure;
        }
    }
    return status;
}

}  // namespace fengqiao::cli
