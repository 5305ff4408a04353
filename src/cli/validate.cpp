// fengqiao validate: checks county and scenario files and says what each describes, or exactly what is
// wrong.
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "fengqiao/config/county.hpp"
#include "fengqiao/sim/scenario.hpp"

namespace fengqiao::cli {
namespace {

// Whether @p path holds a scenario (its "format" says so); anything else is read as a county file,
// whose loader reports what is wrong with it.
bool is_scenario(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    const auto doc = nlohmann::json::parse(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(),
                                           nullptr, false);
    return doc.is_object() && doc.contains("format") && doc["format"] == "fengqiao-scenario/1";
}

// A loader's message without the file name this command prints in front of it anyway.
std::string without_file(std::string message, const std::string& path) {
    const std::string suffix = " (in " + path + ")";
    if (message.size() > suffix.size() && message.compare(message.size() - suffix.size(), suffix.size(), suffix) == 0) {
        message.resize(message.size() - suffix.size());
    }
    const std::string prefix = path + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return message;
}

}  // namespace

int validate(const Args& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? std::cerr : std::cout)
            << "usage: fengqiao validate FILE...\n\n"
               "Checks county files (format: docs/configuration.md) and scenario files (docs/simulation.md,\n"
               "with the county file they name). Prints what each describes, or the JSON path of the first\n"
               "problem and what was expected. Exit code 1 if any file is invalid.\n";
        return args.empty() ? usage_error : ok;
    }
    if (refuse_options(args, "validate")) return usage_error;
    int status = ok;
    for (auto arg : args) {
        const std::string path(arg);
        try {
            std::string what;  // whole before anything is printed, so a failure prints no "OK"
            if (is_scenario(path)) {
                const sim::Scenario s = sim::load_scenario(path);
                what = "scenario '" + s.name + "', " + std::to_string(s.days) + " days from " +
                       format_date(local_date(s.start, s.county.calendar.utc_offset())) + ", on " +
                       describe(s.county);
            } else {
                what = describe(load_county(path));
            }
            std::cout << path << ": OK — " << what << "\n";
        } catch (const ConfigError& e) {
            std::cerr << path << ": invalid: " << without_file(e.what(), path) << "\n";
            status = failure;
        } catch (const StorageError& e) {
            std::cerr << path << ": " << e.what() << "\n";
            status = failure;
        }
    }
    return status;
}

}  // namespace fengqiao::cli
