// fengqiao export: writes a journal as JSON lines, in the vocabulary `fengqiao replay` reads.
#include <fstream>
#include <iostream>
#include <optional>

#include "commands.hpp"
#include "fengqiao/store/json_lines.hpp"
#include "journal_file.hpp"
#include "output_file.hpp"

namespace fengqiao::cli {

int export_journal(const Args& args) {
    std::optional<std::string> db, county_file, output;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << "usage: fengqiao export --db FILE [--county FILE] [--output FILE]\n\n"
                         "Writes every record of the journal FILE as one JSON line (docs/json-commands.md), with\n"
                         "its hash. `fengqiao replay --commands` of the output into an empty store rebuilds the\n"
                         "same journal. Actors and jurisdictions appear by their codes in the county file\n"
                         "(default " << default_county << "), which must be the one the journal was written with;\n"
                         "mediators a simulation added are listed first, on a staffing line.\n";
            return ok;
        }
        const bool has_value = i + 1 < args.size();
        if ((a == "--db" || a == "--county" || a == "--output") && !has_value) {
            std::cerr << "fengqiao export: " << a << " needs a value\n";
            return usage_error;
        }
        if (a == "--db" || a == "--county" || a == "--output") {
            auto& target = a == "--db" ? db : a == "--county" ? county_file : output;
            target = std::string(args[++i]);
        } else {
            std::cerr << "fengqiao export: unexpected '" << a << "' (expected --db FILE, --county FILE, --output FILE)\n";
            return usage_error;
        }
    }
    if (!db) {
        std::cerr << "fengqiao export: --db FILE is required\n";
        return usage_error;
    }
    std::optional<OutputFile> file;
    if (output) file.emplace(*output, std::vector<std::string>{*db, county_file.value_or(default_county)});
    County county = load_county_for(county_file);
    SqliteJournalOptions options;
    options.read_only = true;
    SqliteJournal journal(*db, options);
    check_county(journal, county);
    // The standard output cannot be taken back: a journal damaged half-way would leave a reader (a
    // `replay` at the other end of a pipe) with the records before the damage, as if they were all.
    // So the whole journal is read and checked once before the first line goes out. A file is
    // written beside its name and renamed only when complete, so it needs no such pass.
    if (!file) journal.for_each_linked([](const JournalRecord&, const ChainLink&) {});
    std::ostream& out = file ? file->stream() : std::cout;
    const JsonLines lines(county.jurisdictions, county.roster);
    // The mediators a simulation added come first, so that a replay can name them.
    if (const auto extra = recorded_extra_mediators(journal); !extra.empty()) {
        out << JsonLines::encode_staffing(extra) << '\n';
    }
    std::uint64_t n = 0;
    journal.for_each_linked([&](const JournalRecord& r, const ChainLink& link) {
        out << lines.encode_record(r, &link) << '\n';
        ++n;
    });
    if (file) {
        file->commit();
    } else {
        out.flush();
        if (!out) throw StorageError("cannot write the export to the standard output");
    }
    std::cerr << "exported " << n << " records from " << *db << "\n";
    return ok;
}

}  // namespace fengqiao::cli
