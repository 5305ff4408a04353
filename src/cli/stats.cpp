// fengqiao stats: reopens a journal file, rebuilds its cases and prints what they are.
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "fengqiao/engine/engine.hpp"
#include "journal_file.hpp"

namespace fengqiao::cli {

namespace {

constexpr const char* stats_usage =
    "usage: fengqiao stats --db FILE [--county FILE]\n\n"
    "Reopens the journal FILE read-only, rebuilds every case from its records with the county file\n"
    "(default data/xiangyuan.json, which must be the one the journal was written with) and prints how\n"
    "many cases there are, where they stand, how they ended, at which level mediation resolved them\n"
    "and where the rest were referred. The file is never modified.\n";

template <class E, std::size_t N>
void counts(std::ostream& out, const char* title, const std::array<std::size_t, N>& by) {
    out << title << ":";
    bool any = false;
    for (auto value : enum_values<E>()) {
        const std::size_t n = by[static_cast<std::size_t>(value)];
        if (n == 0) continue;
        out << " " << to_string(value) << " " << n;
        any = true;
    }
    out << (any ? "\n" : " none\n");
}

}  // namespace

int stats(const Args& args) {
    std::optional<std::string> db, county_file;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << stats_usage;
            return ok;
        }
        if ((a == "--db" || a == "--county") && i + 1 == args.size()) {
            std::cerr << "fengqiao stats: " << a << " needs a value\n";
            return usage_error;
        }
        if (a == "--db" || a == "--county") {
            (a == "--db" ? db : county_file) = std::string(args[++i]);
        } else {
            std::cerr << "fengqiao stats: unexpected '" << a << "' (expected --db FILE, --county FILE)\n";
            return usage_error;
        }
    }
    if (!db) {
        std::cerr << "fengqiao stats: --db FILE is required\n" << stats_usage;
        return usage_error;
    }
    County county = load_county_for(county_file);
    SqliteJournalOptions options;
    options.read_only = true;
    auto journal = std::make_shared<SqliteJournal>(*db, options);
    check_county(*journal, county);
    const std::uint64_t records = journal->size();
    EngineOptions engine_options;
    engine_options.journal = journal;
    const Engine engine = county.engine(engine_options);  // recovers every case from the journal
    const Statistics s = engine.statistics();

    std::cout << "journal " << *db << ": " << records << " records, read with " << county.name << "; "
              << (records == 0 ? std::string("no records") : "last at " + format_time(engine.now())) << "\n";
    std::cout << "cases " << s.cases << ": " << s.open << " open (" << s.overdue << " past a deadline), "
              << s.cases - s.open << " ended\n";
    counts<State>(std::cout, "by state", s.by_state);
    counts<Outcome>(std::cout, "by outcome", s.by_outcome);
    counts<Tier>(std::cout, "resolved by level", s.resolved_by_tier);
    std::array<std::size_t, EnumNames<ReferralRoute>::names.size()> routes = s.referred_by_route;
    routes[static_cast<std::size_t>(ReferralRoute::none)] = 0;
    counts<ReferralRoute>(std::cout, "referred by route", routes);
    std::cout << std::fixed << std::setprecision(1) << "resolved at or below township: "
              << 100.0 * s.resolved_at_or_below_township() << "% (of cases that ended on their merits)\n";
    return ok;
}

}  // namespace fengqiao::cli
