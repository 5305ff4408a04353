// fengqiao simulate: runs a scenario on the real engine and prints what happened.
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "fengqiao/sim/simulator.hpp"
#include "fengqiao/store/sqlite_journal.hpp"
#include "journal_file.hpp"
#include "output_file.hpp"

namespace fengqiao::cli {
namespace {

constexpr const char* simulate_usage =
    "usage: fengqiao simulate --scenario FILE [--days N] [--seed S] [--replication R] [--db FILE]\n"
    "                         [--json] [--cases-csv FILE] [--progress] [--no-digest]\n"
    "\n"
    "Runs a scenario (format: docs/simulation.md) on the engine and its policies, on a virtual clock.\n"
    "\n"
    "  --scenario FILE    the scenario, e.g. data/scenarios/xiangyuan.json (required)\n"
    "  --days N           how many days to run (default: the scenario's)\n"
    "  --seed S           random seed, 0 to 18446744073709551615 (default 1); the same seed gives the\n"
    "                     same journal\n"
    "  --replication R    which replication of the seed to run, 0 to 4294967295 (default 0): each has\n"
    "                     its own random streams; Python's run(seed=S, replications=N) runs 0 to N-1\n"
    "  --db FILE          also write the journal to a new SQLite file (removed again if the run fails);\n"
    "                     the run commits it at the end, so it needs about twice the journal's final\n"
    "                     size on disk meanwhile (FILE-wal holds it until then), and a run that is\n"
    "                     killed leaves FILE with no record and FILE-wal, which the next run into\n"
    "                     FILE discards\n"
    "  --json             print the summary as JSON instead of a readable report\n"
    "  --cases-csv FILE   write one line per case\n"
    "  --progress         show progress on standard error\n"
    "  --no-digest        skip the journal's SHA-256 (faster at province scale)\n";

// A journal file a run is about to start, put back as it was found (absent, or empty) when the run
// does not complete: the journal is closed first, then the file and its log files go.
class FreshJournal {
public:
    FreshJournal(std::string path, std::shared_ptr<Journal>& journal) : path_(std::move(path)), journal_(journal) {
        std::error_code ec;
        existed_ = std::filesystem::exists(path_, ec);
        fresh_ = !ec && (!existed_ || std::filesystem::file_size(path_, ec) == 0) && !ec;
        for (const char* log : {"-wal", "-journal"}) {
            if (std::filesystem::exists(path_ + log, ec) || ec) fresh_ = false;  // records may be there
        }
    }
    FreshJournal(const FreshJournal&) = delete;
    FreshJournal& operator=(const FreshJournal&) = delete;
    ~FreshJournal() {
        if (!fresh_ || kept_) return;
        journal_.reset();
        std::error_code ec;
        for (const char* log : {"-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + log, ec);
        if (existed_) {
            std::filesystem::resize_file(path_, 0, ec);
        } else {
            std::filesystem::remove(path_, ec);
        }
    }
    /// The run completed: the file stays.
    void keep() noexcept { kept_ = true; }
    /// What the destructor will do to the file, for the message of a failed run: "" if nothing.
    [[nodiscard]] std::string undoing() const {
        if (!fresh_ || kept_) return {};
        return path_ + ", which the run had started, was " + (existed_ ? "emptied again" : "removed");
    }

private:
    std::string path_;
    std::shared_ptr<Journal>& journal_;
    bool fresh_ = false;
    bool existed_ = false;
    bool kept_ = false;
};

template <class T>
std::optional<T> number(std::string_view s) {
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

// @p text as a whole number from 0 to @p max, the value of @p option; nothing, and a message on
// standard error, if it is not one.
template <class T>
std::optional<T> whole_number(std::string_view option, std::string_view text, T max) {
    const auto n = number<T>(text);
    if (n && *n <= max) return n;
    std::cerr << "fengqiao simulate: " << option << " takes a whole number from 0 to " << max << ", got '" << text
              << "'\n";
    return std::nullopt;
}

nlohmann::json summary_json(const sim::Scenario& sc, const sim::Result& r, std::uint64_t seed, std::uint32_t replication) {
    const auto& s = r.summary;
    nlohmann::json by_tier = nlohmann::json::object();
    for (auto t : enum_values<Tier>()) by_tier[std::string(to_string(t))] = s.resolved_by_tier[static_cast<std::size_t>(t)];
    nlohmann::json by_route = nlohmann::json::object();
    for (auto route : enum_values<ReferralRoute>()) {
        if (route != ReferralRoute::none) by_route[std::string(to_string(route))] = s.referred_by_route[static_cast<std::size_t>(route)];
    }
    nlohmann::json waited = nlohmann::json::object();
    for (auto t : enum_values<Tier>()) waited[std::string(to_string(t))] = s.waited_by_tier[static_cast<std::size_t>(t)];
    const auto& tree = sc.county.jurisdictions;
    nlohmann::json utilization = nlohmann::json::array();
    for (const auto& u : r.utilization) {
        utilization.push_back({{"jurisdiction", tree[u.jurisdiction].code},
                               {"name", tree[u.jurisdiction].name},
                               {"level", to_string(tree.tier(u.jurisdiction))},
                               {"mediators", u.mediators},
                               {"busy", u.busy}});
    }
    nlohmann::json backlog = nlohmann::json::array();
    for (const auto& p : r.backlog) {
        nlohmann::json point{{"day", p.day}};
        for (auto t : enum_values<Tier>()) point[std::string(to_string(t))] = p.open_by_tier[static_cast<std::size_t>(t)];
        backlog.push_back(point);
    }
    return {{"scenario", sc.name},
            {"county", sc.county.name},
            {"seed", seed},
            {"replication", replication},
            {"days", r.backlog.size()},
            {"reported", s.reported},
            {"open_at_end", s.open_at_end},
            {"resolved_by_tier", by_tier},
            {"referred", s.referred},
            {"referred_by_route", by_route},
            {"withdrawn", s.withdrawn},
            {"rejected", s.rejected},
            {"overdue", s.overdue},
            {"escalations", s.escalations},
            {"waited_for_mediator", s.waited_for_mediator},
            {"waited_for_mediator_by_tier", waited},
            {"refused_commands", s.refused_commands},
            {"resolved_at_or_below_township", s.resolved_at_or_below_township},
            {"days_to_resolution", {{"p50", s.days_to_resolution_p50}, {"p90", s.days_to_resolution_p90}, {"p99", s.days_to_resolution_p99}}},
            {"journal", {{"records", s.journal_records}, {"sha256", r.journal_digest}}},
            {"backlog", backlog},
            {"utilization", utilization}};
}

void write_cases_csv(std::ostream& out, const sim::Scenario& sc, const sim::Result& r) {
    const auto& tree = sc.county.jurisdictions;
    out << "case,category,channel,origin,final_jurisdiction,final_level,levels_visited,";
    for (const Tier t : enum_values<Tier>()) out << "reached_" << to_string(t) << ',';
    out << "state,outcome,route,days_open,sessions,overdue,risk\n";
    char days[32];
    for (const auto& c : r.cases) {
        std::snprintf(days, sizeof days, "%.2f", c.days_open);
        out << c.id.value() << ',' << to_string(c.category) << ',' << to_string(c.channel) << ',' << tree[c.origin].code
            << ',' << tree[c.final_jurisdiction].code << ',' << to_string(tree.tier(c.final_jurisdiction)) << ','
            << c.levels_visited << ',';
        for (const Tier t : enum_values<Tier>()) out << ((c.tiers_reached >> static_cast<unsigned>(t)) & 1u) << ',';
        out << to_string(c.state) << ',' << to_string(c.outcome) << ',' << to_string(c.route) << ',' << days << ','
            << c.sessions << ',' << (c.overdue ? 1 : 0) << ',' << to_string(c.risk) << '\n';
    }
}

}  // namespace

int simulate(const Args& args) {
    std::string scenario_path, db, csv;
    std::optional<std::uint32_t> days;
    std::uint64_t seed = 1;
    std::uint32_t replication = 0;
    bool json = false, progress = false, digest = true;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= args.size()) return std::nullopt;
            return args[++i];
        };
        if (a == "--help" || a == "-h") {
            std::cout << simulate_usage;
            return ok;
        } else if (a == "--json") {
            json = true;
        } else if (a == "--progress") {
            progress = true;
        } else if (a == "--no-digest") {
            digest = false;
        } else if (a == "--scenario" || a == "--db" || a == "--cases-csv" || a == "--days" || a == "--seed" ||
                   a == "--replication") {
            const auto v = value();
            if (!v) {
                std::cerr << "fengqiao simulate: " << a << " needs a value\n" << simulate_usage;
                return usage_error;
            }
            if (a == "--scenario") scenario_path = *v;
            if (a == "--db") db = *v;
            if (a == "--cases-csv") csv = *v;
            if (a == "--days" && !(days = whole_number<std::uint32_t>(a, *v, sim::max_days))) return usage_error;
            if (a == "--seed") {
                const auto s = whole_number(a, *v, std::numeric_limits<std::uint64_t>::max());
                if (!s) return usage_error;
                seed = *s;
            }
            if (a == "--replication") {
                const auto r = whole_number(a, *v, std::numeric_limits<std::uint32_t>::max());
                if (!r) return usage_error;
                replication = *r;
            }
        } else {
            std::cerr << "fengqiao simulate: unknown option '" << a << "'\n" << simulate_usage;
            return usage_error;
        }
    }
    if (scenario_path.empty()) {
        std::cerr << "fengqiao simulate: --scenario FILE is required\n" << simulate_usage;
        return usage_error;
    }
    sim::Scenario scenario;
    try {
        scenario = sim::load_scenario(scenario_path, days);
    } catch (const ConfigError& e) {
        std::cerr << "fengqiao simulate: invalid scenario " << scenario_path << ": " << e.what() << "\n";
        return failure;
    }
    // Opened before the run, so a file that cannot be written is reported before a long run, not after.
    std::optional<OutputFile> cases_csv;
    if (!csv.empty()) cases_csv.emplace(csv, std::vector<std::string>{scenario_path, scenario.county_file, db});
    sim::RunOptions options;
    options.seed = seed;
    options.replication = replication;
    options.days = days;
    options.case_records = !csv.empty();
    options.digest = digest;
    // A journal file this run starts (none there, or an empty one) is put back as it was if the run
    // fails: half a year in a file that verifies as intact, and that a second attempt refuses as not
    // new, helps nobody.
    std::optional<FreshJournal> fresh;
    if (!db.empty()) {
        fresh.emplace(db, options.journal);
        SqliteJournalOptions o;
        o.durability = Durability::on_checkpoint;
        auto file = std::make_shared<SqliteJournal>(db, o);
        if (file->size() != 0) {
            fresh->keep();
            std::cerr << "fengqiao simulate: " << db << " already holds " << file->size()
                      << " journal records; simulate into a new file\n";
            return failure;
        }
        options.journal = file;
        // The file is read back (stats, export, replay) with the county file and the extra mediators
        // it records, which give the roster the run used. An empty file that names another county (or
        // other extra mediators) is refused before anything is written to it.
        County staffed = scenario.county;
        sim::add_extra_mediators(staffed.roster, staffed.jurisdictions, scenario.extra_mediators);
        const std::string identity = county_identity(staffed);
        const std::string stored = file->attribute(county_attribute);
        if (!stored.empty() && stored != identity) {
            fresh->keep();
            std::cerr << "fengqiao simulate: " << db << " was written for the county " << stored << ", not for "
                      << identity << " (this scenario's county with its extra mediators); simulate into a new file\n";
            return failure;
        }
        if (stored.empty()) {
            record_extra_mediators(*file, scenario.extra_mediators);
            file->set_attribute(county_attribute, identity);
        }
    }
    if (progress) {
        options.progress = [](double done) {
            std::cerr << "\rsimulating: " << static_cast<int>(done * 100) << "%" << (done >= 1.0 ? "\n" : "") << std::flush;
        };
    }
    sim::Result result;
    try {
        result = sim::run(scenario, options);
        if (auto* file = dynamic_cast<SqliteJournal*>(options.journal.get())) file->checkpoint();
    } catch (const std::exception& e) {
        const std::string undone = fresh ? fresh->undoing() : std::string();
        if (undone.empty()) throw;
        fresh.reset();  // closes the journal, then puts its file back as it was found
        std::cerr << "fengqiao simulate: " << e.what() << "\nfengqiao simulate: the run did not complete; " << undone
                  << "\n";
        return failure;
    }
    if (fresh) fresh->keep();
    if (json) {
        std::cout << summary_json(scenario, result, seed, replication).dump(2) << "\n";
    } else {
        std::cout << sim::format_report(scenario, result);
        if (!db.empty()) std::cout << "Journal written to " << db << "\n";
    }
    if (cases_csv) {
        write_cases_csv(cases_csv->stream(), scenario, result);
        cases_csv->commit();
    }
    return ok;
}

}  // namespace fengqiao::cli
