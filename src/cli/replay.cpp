// fengqiao replay: applies a JSON-lines file of commands (or rebuilds an exported journal) through the
// engine, optionally into a SQLite store, and writes one JSON line per result.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "fengqiao/sim/scenario.hpp"
#include "fengqiao/store/json_lines.hpp"
#include "journal_file.hpp"

namespace fengqiao::cli {
namespace {

struct Options {
    std::string commands;
    std::optional<std::string> db;
    std::optional<std::string> county;
    Durability durability = Durability::every_batch;
    bool keep_going = false;
    bool strict = false;
};

constexpr const char* usage_text =
    "usage: fengqiao replay --commands FILE.jsonl [--db FILE] [--county FILE] [--keep-going] [--strict]\n"
    "                       [--durability every_command|every_batch|on_checkpoint]\n\n"
    "Reads one command per line (docs/json-commands.md) and applies it through the engine, with the\n"
    "county's policies; writes one JSON line per result to standard output. A file that starts with\n"
    "exported journal records (`fengqiao export`) rebuilds them exactly, without consulting any policy,\n"
    "into an empty store; commands may follow them. A first line that lists extra mediators (the export\n"
    "of a simulation that added some) adds them to the county before anything else.\n\n"
    "  --db FILE        the SQLite journal to apply to (created if missing; reopened and continued if not)\n"
    "  --county FILE    the county file (default data/xiangyuan.json); actors and places by their codes\n"
    "  --keep-going     report a malformed line and go on (default: stop at the first one)\n"
    "  --strict         exit with status 1 if any command was rejected\n"
    "  --durability D   when commits reach stable storage (default every_batch; the run ends with a\n"
    "                   checkpoint either way; see docs/durability.md)\n";

// Reads non-blank lines with their numbers.
class Lines {
public:
    explicit Lines(std::istream& in) : in_(in) {}
    bool next(std::string& text, std::size_t& number) {
        if (held_) {
            text = std::move(held_text_);
            number = held_number_;
            held_ = false;
            return true;
        }
        while (std::getline(in_, text)) {
            ++number_;
            if (!text.empty() && text.back() == '\r') text.pop_back();
            if (text.find_first_not_of(" \t") == std::string::npos) continue;
            number = number_;
            return true;
        }
        return false;
    }
    // Puts a line back, to be read again by the next call.
    void hold(std::string text, std::size_t number) {
        held_text_ = std::move(text);
        held_number_ = number;
        held_ = true;
    }

private:
    std::istream& in_;
    std::size_t number_ = 0;
    bool held_ = false;
    std::string held_text_;
    std::size_t held_number_ = 0;
};

// The exported records at the start of a file, streamed into Engine::replay() one line at a time.
class RecordLines final : public Journal {
public:
    RecordLines(Lines& lines, const JsonLines& codec, CommandLine first) : lines_(lines), codec_(codec), first_(std::move(first)) {}
    void append(const JournalRecord&, const Case&, const CaseFile&) override {}
    void commit() override {}
    void rollback() override {}
    [[nodiscard]] std::uint64_t size() const override { return numbers_.size(); }
    [[nodiscard]] std::vector<JournalRecord> history(CaseId) const override { return {}; }
    void for_each(const std::function<void(const JournalRecord&)>& visit) const override {
        current_ = first_.line;
        numbers_.push_back(first_.line);
        visit(first_.record);  // the engine's checks first: they name a gap or a misfit more precisely
        chain_.check(first_);
        std::string text;
        std::size_t number = 0;
        while (lines_.next(text, number)) {
            current_ = number;
            CommandLine line = codec_.decode(text, number);
            if (line.kind != CommandLine::Kind::record) {
                lines_.hold(std::move(text), number);  // the commands that follow the records
                return;
            }
            numbers_.push_back(number);
            visit(line.record);
            chain_.check(line);
        }
    }
    [[nodiscard]] std::size_t current_line() const noexcept { return current_; }
    [[nodiscard]] const std::vector<std::size_t>& numbers() const noexcept { return numbers_; }

private:
    Lines& lines_;
    const JsonLines& codec_;
    CommandLine first_;
    mutable std::vector<std::size_t> numbers_;
    mutable std::size_t current_ = 0;
    mutable ExportChain chain_;  // each record must be the one its export hashed
};

std::optional<Options> parse(const Args& args, int& status) {
    Options o;
    bool have_commands = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const bool has_value = i + 1 < args.size();
        if (a == "--help" || a == "-h") {
            std::cout << usage_text;
            status = ok;
            return std::nullopt;
        }
        if (!has_value && (a == "--commands" || a == "--db" || a == "--county" || a == "--durability")) {
            std::cerr << "fengqiao replay: " << a << " needs a value\n\n" << usage_text;
            status = usage_error;
            return std::nullopt;
        }
        if (a == "--keep-going") {
            o.keep_going = true;
        } else if (a == "--strict") {
            o.strict = true;
        } else if (a == "--commands" && has_value) {
            o.commands = std::string(args[++i]);
            have_commands = true;
        } else if (a == "--db" && has_value) {
            o.db = std::string(args[++i]);
        } else if (a == "--county" && has_value) {
            o.county = std::string(args[++i]);
        } else if (a == "--durability" && has_value) {
            std::string name(args[++i]);
            std::replace(name.begin(), name.end(), '-', '_');
            const auto d = parse_enum<Durability>(name);
            if (!d) {
                std::cerr << "fengqiao replay: unknown durability '" << args[i]
                          << "' (expected one of: " << enum_choices<Durability>() << ")\n";
                status = usage_error;
                return std::nullopt;
            }
            o.durability = *d;
        } else {
            std::cerr << "fengqiao replay: unexpected '" << a << "'\n\n" << usage_text;
            status = usage_error;
            return std::nullopt;
        }
    }
    if (!have_commands) {
        std::cerr << "fengqiao replay: --commands FILE is required\n\n" << usage_text;
        status = usage_error;
        return std::nullopt;
    }
    return o;
}

}  // namespace

int replay(const Args& args) {
    int status = ok;
    const auto options = parse(args, status);
    if (!options) return status;
    // "-" reads the commands from the standard input.
    const bool from_stdin = options->commands == "-";
    std::error_code ec;
    if (!from_stdin && std::filesystem::is_directory(options->commands, ec)) {
        throw StorageError("cannot read '" + options->commands + "': it is a directory");
    }
    std::ifstream file;
    if (!from_stdin) {
        file.open(options->commands, std::ios::binary);
        if (!file) throw StorageError("cannot read '" + options->commands + "': " + std::strerror(errno));
    }
    std::istream& in = from_stdin ? std::cin : file;

    County county = load_county_for(options->county);
    Lines lines(in);
    std::string text;
    std::size_t number = 0;
    // A staffing line (the first line of an export whose simulation added mediators) staffs the county
    // before the engine is built. Anything else is read again below, with the engine's roster.
    std::optional<CommandLine> staffing;
    if (lines.next(text, number)) {
        try {
            CommandLine first = JsonLines(county.jurisdictions, county.roster).decode(text, number);
            if (first.kind == CommandLine::Kind::staffing) staffing = std::move(first);
        } catch (const MalformedLine&) {
            // Reported when read again with the engine's roster.
        }
        if (!staffing) lines.hold(std::move(text), number);
    }
    std::shared_ptr<Journal> journal;
    std::shared_ptr<SqliteJournal> store;
    if (options->db) {
        SqliteJournalOptions so;
        so.durability = options->durability;
        store = std::make_shared<SqliteJournal>(*options->db, so);
        const std::vector<std::pair<std::string, std::uint32_t>> listed =
            staffing ? recorded_extra_mediators(*store) : std::vector<std::pair<std::string, std::uint32_t>>{};
        if (staffing && store->size() == 0 && listed.empty() && !staffing->extra_mediators.empty()) {
            // A new store, or one an earlier run left empty: it must be this county's (checked, and
            // recorded if it names none); then it lists the mediators and names the staffed county.
            check_county(*store, county);
            record_extra_mediators(*store, staffing->extra_mediators);
            sim::add_extra_mediators(county.roster, county.jurisdictions, staffing->extra_mediators);
            store->set_attribute(county_attribute, county_identity(county));
        } else {
            if (staffing && listed != staffing->extra_mediators) {
                const auto describe = [](const std::vector<std::pair<std::string, std::uint32_t>>& extra) {
                    std::string d;
                    for (const auto& [code, count] : extra) d += (d.empty() ? "" : ", ") + code + ": " + std::to_string(count);
                    return d.empty() ? std::string("none") : d;
                };
                std::cerr << "fengqiao replay: " << options->commands << ": line " << staffing->line
                          << ": the file's extra mediators (" << describe(staffing->extra_mediators) << ") are not those "
                          << *options->db << " was written with (" << describe(listed) << "); nothing was applied\n";
                return failure;
            }
            check_county(*store, county);
        }
        journal = store;
    } else {
        if (staffing) sim::add_extra_mediators(county.roster, county.jurisdictions, staffing->extra_mediators);
        journal = std::make_shared<MemoryJournal>();
    }
    // A new store has no time of its own: its clock starts at the first line's time (a file of cases
    // from 2024 is read as of 2024), or at VirtualClock::default_start() if that line gives none. A store
    // that holds records has the time of its last one: its clock starts at the beginning of time, and
    // reading the store moves it to each record's.
    TimePoint start = journal->size() != 0 ? earliest_time : VirtualClock::default_start();
    if (journal->size() == 0 && lines.next(text, number)) {
        try {
            const CommandLine first = JsonLines(county.jurisdictions, county.roster).decode(text, number);
            if (first.time) start = *first.time;
        } catch (const MalformedLine&) {
            // Reported when read again with the engine's roster.
        }
        lines.hold(std::move(text), number);
    }
    auto clock = std::make_shared<VirtualClock>(start);
    Engine engine = county.engine({clock, journal});
    const JsonLines codec(engine.jurisdictions(), engine.roster());

    std::size_t accepted = 0, rejected = 0, malformed = 0, rebuilt = 0;
    bool stopped = false;
    const auto report_malformed = [&](const MalformedLine& e) {
        std::cout << codec.encode_malformed(e) << '\n';
        std::cerr << "fengqiao replay: " << options->commands << ": " << e.what() << "\n";
        ++malformed;
        if (!options->keep_going) stopped = true;
    };

    std::size_t first_malformed = 0;  // the number of the first line, when it could not be read
    // A file that starts with exported records is rebuilt as stored before any command runs.
    if (lines.next(text, number)) {
        std::optional<CommandLine> first;
        try {
            first = codec.decode(text, number);
        } catch (const MalformedLine& e) {
            report_malformed(e);
            first_malformed = number;
        }
        if (first && first->kind == CommandLine::Kind::record) {
            if (engine.size() != 0 || journal->size() != 0) {
                std::cerr << "fengqiao replay: " << options->commands << ": line " << number
                          << ": exported journal records can only be rebuilt into an empty store; "
                          << (options->db ? *options->db : std::string("the store")) << " already holds "
                          << journal->size() << " records\n";
                return failure;
            }
            RecordLines records(lines, codec, std::move(*first));
            try {
                engine.replay(records);
            } catch (const MalformedLine& e) {
                std::cout << codec.encode_malformed(e) << '\n';
                std::cerr << "fengqiao replay: " << options->commands << ": " << e.what()
                          << " (a journal cannot skip a record: nothing was rebuilt)\n";
                return failure;
            } catch (const JournalCorrupt& e) {
                std::cerr << "fengqiao replay: " << options->commands << ": line " << records.current_line() << ": "
                          << e.what() << " (nothing was rebuilt)\n";
                return failure;
            }
            std::size_t i = 0;
            engine.journal().for_each([&](const JournalRecord& r) {
                std::cout << codec.encode_rebuilt(records.numbers()[i++], r) << '\n';
            });
            rebuilt = i;
        } else if (first) {
            lines.hold(std::move(text), number);
        }
    }

    while (!stopped && lines.next(text, number)) {
        CommandLine line;
        bool record_line = false;  // a journal cannot skip a record: one out of place stops the run
        try {
            line = codec.decode(text, number);
            record_line = line.kind == CommandLine::Kind::record;
            if (line.kind == CommandLine::Kind::record && first_malformed != 0) {
                throw MalformedLine(number, "",
                                    "an exported journal record, but the file's first line (line " +
                                        std::to_string(first_malformed) +
                                        ") is malformed: records are rebuilt only from a file they open, so "
                                        "none of them is");
            }
            if (line.kind == CommandLine::Kind::record) {
                throw MalformedLine(number, "",
                                    "an exported journal record after commands: records can only open a file "
                                    "(they are rebuilt into an empty store before any command)");
            }
            if (line.kind == CommandLine::Kind::staffing) {
                throw MalformedLine(number, "",
                                    "a staffing line (extra_mediators) after other lines: it can only open a file "
                                    "(the mediators are added before anything is applied)");
            }
        } catch (const MalformedLine& e) {
            report_malformed(e);
            if (record_line) stopped = true;
            continue;
        }
        const std::string_view name = line.kind == CommandLine::Kind::advance_clock
                                          ? std::string_view("advance-clock")
                                          : to_string(kind_of(line.request.command));
        // A request already answered is answered again with its first result, whatever its time.
        const bool repeat = line.kind == CommandLine::Kind::command && engine.answered(line.request.request_id);
        // Writes the line's result as rejected with @p code and @p message.
        const auto reject = [&](ErrorCode code, std::string message) {
            Error e;
            e.code = code;
            e.message = std::move(message);
            e.case_id = line.request.case_id;
            std::cout << codec.encode_result(number, name, Result<Receipt>(e), nullptr) << '\n';
            ++rejected;
        };
        if (line.time && *line.time < engine.now() && !repeat) {
            reject(ErrorCode::invalid_argument, "the line's time " + format_time(*line.time) + " is before the clock (" +
                                                    format_time(engine.now()) + "): lines must come in time order");
            continue;
        }
        // Runs @p step. A policy that fails in it (a deadline past the end of the engine's clock) leaves
        // the engine as it was before the line: the line is rejected with what failed (false), and the
        // run goes on. A store that fails stops it.
        const auto completes = [&](auto&& step) {
            try {
                step();
                return true;
            } catch (const StorageError&) {
                throw;
            } catch (const JournalCorrupt&) {
                throw;
            } catch (const Exception& x) {
                reject(x.code(), x.what());
                return false;
            }
        };
        if (line.kind == CommandLine::Kind::advance_clock) {
            const auto before = journal->size();
            if (completes([&] { engine.advance_to(*line.time); })) {
                std::cout << codec.encode_advanced(number, *line.time, journal->size() - before) << '\n';
                ++accepted;
            }
            continue;
        }
        Result<Receipt> result = Error{};
        if (!completes([&] {
                if (line.time && !repeat) engine.advance_to(*line.time);
                result = engine.submit(line.request);
            })) {
            continue;
        }
        const Case* now = result.ok() ? engine.find(result->case_id) : nullptr;
        Case then;
        if (repeat && result.ok()) {
            // The first result again: the case as the first answer left it (after the records the engine
            // added then), read from the journal, not as it stands now.
            const std::uint64_t last = result->sequence + result->follow_ups;
            for (const JournalRecord& r : engine.history(result->case_id)) {
                if (r.sequence != last) continue;
                then.state = r.to;
                then.jurisdiction = r.jurisdiction_after;
                then.risk = r.risk_after;
                now = &then;
            }
        }
        std::cout << codec.encode_result(number, name, result, now) << '\n';
        ++(result.ok() ? accepted : rejected);
    }
    std::cout.flush();
    if (store) store->checkpoint();
    std::cerr << "fengqiao replay: " << options->commands << ": " << rebuilt << " records rebuilt, " << accepted
              << " lines accepted, " << rejected << " rejected, " << malformed << " malformed"
              << (!stopped                ? ""
                  : options->keep_going ? " (stopped at an exported record out of place: a journal cannot skip a record)"
                                        : " (stopped at the first malformed line; --keep-going skips them)")
              << "; "
              << (options->db ? *options->db : std::string("the in-memory store")) << " holds "
              << journal->size() << " records\n";
    if (malformed != 0 || (options->strict && rejected != 0)) return failure;
    return ok;
}

}  // namespace fengqiao::cli
