/// @file json_lines.hpp
/// @brief The JSON-lines interface: commands to apply, and journal records as exported, one JSON
/// object per line in the canonical command vocabulary. The format is described in
/// docs/json-commands.md, with a JSON Schema in docs/schema/fengqiao-lines.schema.json.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fengqiao/core/error.hpp"
#include "fengqiao/core/time.hpp"
#include "fengqiao/engine/engine.hpp"
#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/store/journal.hpp"
#include "fengqiao/store/sqlite_journal.hpp"

namespace fengqiao {

/// A line that could not be read. The message names the line, the JSON pointer of the offending
/// value and what would have been accepted, e.g.
/// "line 12: /payload/category: unknown category 'noise' (expected one of: marriage_family, ...)".
class MalformedLine : public Exception {
public:
    /// A problem on line @p line (1-based) at JSON pointer @p pointer ("" for the whole line).
    MalformedLine(std::size_t line, std::string pointer, const std::string& problem);
    /// The 1-based line number.
    [[nodiscard]] std::size_t line() const noexcept { return line_; }
    /// The JSON pointer of the offending value within the line ("" for the whole line).
    [[nodiscard]] const std::string& pointer() const noexcept { return pointer_; }

private:
    std::size_t line_;
    std::string pointer_;
};

/// One decoded line.
struct CommandLine {
    /// What the line asks for.
    enum class Kind : std::uint8_t {
        command,        ///< apply @ref request through the engine (policies decide)
        advance_clock,  ///< move the clock to @ref time, firing due deadlines
        record,         ///< an exported journal record: rebuild it as stored (no policy consulted)
        staffing,       ///< the mediators a simulation added (@ref extra_mediators): only as a file's first line
    };
    Kind kind = Kind::command;        ///< what the line asks for
    std::size_t line = 0;             ///< 1-based line number
    std::optional<TimePoint> time;    ///< when to apply it (commands, records) or where the clock goes
    Request request;                  ///< case, actor, command and request id (commands and records)
    JournalRecord record;             ///< the whole record (record lines only)
    std::optional<ChainLink> link;    ///< the exporting store's hash chain (record lines that carry one)
    /// The mediators to add before anything else, as (jurisdiction code, count) in the order a simulation
    /// added them (staffing lines only; see record_extra_mediators()).
    std::vector<std::pair<std::string, std::uint32_t>> extra_mediators;
};

/// Checks exported records, in order, against the hash chain their export carries: a record line
/// changed after export (a time, a state, a risk grade, a deadline) no longer gives the hash written
/// beside it. Record lines without `previous` and `hash` are taken as they are, and join the chain.
class ExportChain {
public:
    /// Checks @p line (a record line) and adds it to the chain. Throws JournalCorrupt naming the record
    /// and the line if it is not the record its export hashed.
    void check(const CommandLine& line);

private:
    std::vector<ChainLink> heads_;  // per case id (0: reports refused before their case existed):
                                    // its latest record's sequence (`previous`) and hash
    std::vector<std::size_t> unhashed_;  // per case id: the line of its latest record if that line
                                         // carried no hash to check it by, else 0
    std::string body_;
};

/// Reads and writes lines for one county: actors and jurisdictions appear by their codes.
///
/// Keeps references to @p jurisdictions and @p roster, which must outlive it.
class JsonLines {
public:
    /// A codec for the county described by @p jurisdictions and @p roster.
    JsonLines(const JurisdictionTree& jurisdictions, const Roster& roster) noexcept
        : tree_(&jurisdictions), roster_(&roster) {}

    /// Decodes line @p line (1-based) of a file. Throws MalformedLine; never anything else for bad
    /// input.
    [[nodiscard]] CommandLine decode(std::string_view text, std::size_t line) const;

    /// A command line for @p request applied at @p time (none: at the clock's reading).
    [[nodiscard]] std::string encode_command(const Request& request, std::optional<TimePoint> time = {}) const;
    /// An advance-clock line.
    [[nodiscard]] std::string encode_advance(TimePoint to) const;
    /// A staffing line: the mediators a simulation added, as (jurisdiction code, count) in the order it
    /// added them. An export starts with one when its store lists any.
    [[nodiscard]] static std::string encode_staffing(const std::vector<std::pair<std::string, std::uint32_t>>& extra);
    /// An exported journal record, with its place in the hash chain when @p link is given.
    [[nodiscard]] std::string encode_record(const JournalRecord& record, const ChainLink* link = nullptr) const;

    /// The result of line @p line, which held @p command: accepted (with the case's state and
    /// jurisdiction @p now, after any follow-ups the engine added) or rejected (with the error code and
    /// message).
    [[nodiscard]] std::string encode_result(std::size_t line, std::string_view command,
                                            const Result<Receipt>& result, const Case* now) const;
    /// The result of an advance-clock line: where the clock went and how many records the deadlines
    /// that fell due added.
    [[nodiscard]] std::string encode_advanced(std::size_t line, TimePoint to, std::uint64_t records) const;
    /// The result of a record line that was rebuilt into the store.
    [[nodiscard]] std::string encode_rebuilt(std::size_t line, const JournalRecord& record) const;
    /// The report of a malformed line.
    [[nodiscard]] std::string encode_malformed(const MalformedLine& error) const;

private:
    const JurisdictionTree* tree_;
    const Roster* roster_;
};

}  // namespace fengqiao
