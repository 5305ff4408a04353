// fengqiao validate: checks county and scenario files and says what each describes, or exactly what is
// wrong.
#include <iostream>

#include "../config/json_field.hpp"
#include "commands.hpp"
#include "journal_file.hpp"
#include "fengqiao/config/county.hpp"
#include "fengqiao/sim/scenario.hpp"

namespace fengqiao::cli {
namespace {

enum class FileKind { county, scenario, unknown };

// What @p path holds, by its "format": a scenario, or a county file (also when it has no format: the
// county loader then reports what is wrong); unknown for a format that is neither, which would
// otherwise be reported as a county file's wrong format. The file is read as the loaders read it: a
// directory or a missing file is a StorageError, a syntax error or a repeated key a ConfigError.
FileKind kind_of_file(const std::string& path, std::string& format) {
    const config::Json doc = config::parse_json(config::read_text_file(path, ""), path);
    if (!doc.is_object() || !doc.contains("format")) return FileKind::county;
    const auto& f = doc["format"];
    format = f.dump();
    if (f == "fengqiao-scenario/1") return FileKind::scenario;
    if (f == "fengqiao-county/1") return FileKind::county;
    return FileKind::unknown;
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
            std::string format;
            const FileKind kind = kind_of_file(path, format);
            if (kind == FileKind::unknown) {
                std::cerr << path << ": invalid: /format: expected \"fengqiao-county/1\" (a county file) or "
                          << "\"fengqiao-scenario/1\" (a scenario file), got " << format << "\n";
                status = failure;
                continue;
            }
            if (kind == FileKind::scenario) {
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
