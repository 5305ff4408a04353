// The durable journal: records, each case's state after them, and the hash chains, in one SQLite
// file that only ever grows at its end. Layout and guarantees: docs/durability.md.
#include "fengqiao/store/sqlite_journal.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>

#include "../core/visible_path.hpp"
#include "fengqiao/version.hpp"
#include "hash_chain.hpp"
#include "record_codec.hpp"

namespace fengqiao {
namespace {

// "FQJ1" in the SQLite header's application-id field: tells a fengqiao journal from any other
// SQLite file before a single table is read.
constexpr std::int32_t application_id = 0x46514A31;

// Rows are only ever appended (and the one-row head updated): a commit writes a few pages at the
// end of the file however the cases it touches are spread, which is what makes group commit cheap.
constexpr const char* schema_sql = R"sql(
CREATE TABLE journal (
    seq      INTEGER PRIMARY KEY,  -- position in the whole journal, from 1
    case_id  INTEGER NOT NULL,     -- 0 for a report refused before its case existed
    case_seq INTEGER NOT NULL,     -- the case's version after the record (applied) or at the time (refused)
    kind     TEXT    NOT NULL,     -- applied | refused
    command  TEXT    NOT NULL,     -- canonical command name
    time     INTEGER NOT NULL,     -- seconds since 1970-01-01T00:00:00Z
    state    TEXT,                 -- the case's state after the record
    previous INTEGER NOT NULL,     -- seq of the same case's previous record, 0 for its first
    body     BLOB    NOT NULL,     -- the whole record (binary, format byte first)
    snapshot BLOB,                 -- the case after the record (binary)
    file     BLOB,                 -- the case's free text, on the records that change it
    hash     BLOB    NOT NULL      -- SHA-256(the case's previous record's hash || body)
);
CREATE TABLE head (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_record INTEGER NOT NULL,  -- seq of the last record
    digest      BLOB    NOT NULL   -- running SHA-256 over every record's hash, in sequence order
);
INSERT INTO head (id, last_record, digest) VALUES (1, 0, zeroblob(32));
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE VIEW cases AS
    SELECT j.case_id AS id, j.state AS state, j.case_seq AS version, j.seq AS last_record
    FROM journal AS j
    JOIN (SELECT case_id, max(seq) AS last FROM journal WHERE case_id > 0 GROUP BY case_id) AS m ON j.seq = m.last;
)sql";

using Head = store::ChainHead;
using store::chain_hash;
using store::JournalDigest;

std::string quote(const std::string& path) { return "'" + path + "'"; }

// Refuses a path that cannot name a journal: one with a NUL (which would name another file, as
// everything after the NUL is cut off by the system), or a directory.
void refuse_unusable_path(const std::string& path) {
    // SQLite opens a private temporary database for these, which keeps nothing past the process.
    if (path.empty()) {
        throw Exception(ErrorCode::invalid_argument,
                        "a journal needs a file name, got an empty path (for a journal kept in memory, use "
                        "MemoryJournal)");
    }
    if (path == ":memory:") {
        throw Exception(ErrorCode::invalid_argument,
                        "':memory:' is SQLite's name for a database that keeps nothing past the process; a "
                        "journal kept in memory is a MemoryJournal");
    }
    if (path.find('\0') != std::string::npos) {
        throw Exception(ErrorCode::invalid_argument, "a journal path holds a NUL character: " + detail::visible_nul(path));
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        throw StorageError("cannot open journal " + quote(path) + ": it is a directory");
    }
}

// One prepared statement; reset after every use so it never holds a read transaction open.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, const char* sql) {
        if (const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr); rc != SQLITE_OK) {
            const std::string msg = sqlite3_errmsg(db);
            sqlite3_finalize(stmt_);
            stmt_ = nullptr;
            if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
                // SQLite reads the schema when it first prepares a statement: a damaged file shows here.
                const char* file = sqlite3_db_filename(db, "main");
                throw JournalCorrupt("journal " + quote(file != nullptr ? file : "") + " is damaged (SQLite: " + msg +
                                     ")");
            }
            throw StorageError("cannot prepare '" + std::string(sql) + "': " + msg);
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& o) noexcept : stmt_(o.stmt_) { o.stmt_ = nullptr; }
    Statement& operator=(Statement&& o) noexcept {
        std::swap(stmt_, o.stmt_);
        return *this;
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    sqlite3_stmt* get() const noexcept { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when leaving a scope (after any error message was read). Statements that bind
// every parameter on every use need not clear their bindings.
class Reset {
public:
    explicit Reset(const Statement& s, bool clear_bindings = true) : s_(s.get()), clear_(clear_bindings) {}
    Reset(const Reset&) = delete;
    Reset& operator=(const Reset&) = delete;
    ~Reset() {
        sqlite3_reset(s_);
        if (clear_) sqlite3_clear_bindings(s_);
    }

private:
    sqlite3_stmt* s_;
    bool clear_;
};

std::string_view column_blob(sqlite3_stmt* s, int i) {
    const void* p = sqlite3_column_blob(s, i);
    const int n = sqlite3_column_bytes(s, i);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view{};
}

Digest column_digest(sqlite3_stmt* s, int i, bool& ok) {
    Digest d{};
    const auto b = column_blob(s, i);
    ok = b.size() == d.size();
    if (ok) std::memcpy(d.data(), b.data(), d.size());
    return d;
}

bool text_is(sqlite3_stmt* row, int column, std::string_view expected) {
    if (sqlite3_column_type(row, column) != SQLITE_TEXT) return false;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(row, column));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(row, column));
    return std::string_view(text, size) == expected;
}

// Columns 6..9 of a journal row (kind, command, time, state) against the decoded record; the name of
// the first that differs.
std::optional<std::string> readable_columns_disagree(sqlite3_stmt* row, const JournalRecord& r) {
    if (!text_is(row, 6, to_string(r.kind))) return "kind";
    if (!text_is(row, 7, to_string(r.command_kind()))) return "command";
    if (sqlite3_column_type(row, 8) != SQLITE_INTEGER ||
        sqlite3_column_int64(row, 8) != r.time.time_since_epoch().count()) {
        return "time";
    }
    if (r.case_id.valid() ? !text_is(row, 9, to_string(r.to)) : sqlite3_column_type(row, 9) != SQLITE_NULL) {
        return "state";
    }
    return std::nullopt;
}

// The snapshot stored with a record of a case against what the record says the case became; the first
// field that differs (or that it cannot be read).
std::optional<std::string> snapshot_disagrees(std::string_view snapshot, const JournalRecord& r, Case& c) {
    try {
        c = store::decode_case(snapshot);
    } catch (const store::BodyDamaged& e) {
        return std::string("unreadable: ") + e.what();
    }
    if (c.id != r.case_id) return std::string("case id");
    if (c.version != r.case_sequence) return std::string("version");
    if (c.state != r.to) return std::string("state");
    if (c.jurisdiction != r.jurisdiction_after) return std::string("jurisdiction");
    if (c.risk != r.risk_after) return std::string("risk");
    if (c.route != r.route_after) return std::string("route");
    if (c.deadline != r.deadline || c.warn_at != r.warn_at) return std::string("deadline");
    return std::nullopt;
}

struct Problem {
    std::uint64_t record = 0;
    std::string message;
};

// Walks records in sequence order and checks what a sound journal guarantees: no sequence gap, the
// stored columns agree with the hashed body, each record chains to its case's previous record,
// applied records raise their case's version by exactly one, and the head names the last record
// and the digest of them all.
class ChainCheck {
public:
    explicit ChainCheck(std::string path) : path_(std::move(path)) {}

    std::optional<Problem> check(sqlite3_stmt* row, bool with_snapshot, JournalRecord& out, ChainLink& link) {
        const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(row, 0));
        const std::int64_t case_col = sqlite3_column_int64(row, 1);
        const std::int64_t case_seq_col = sqlite3_column_int64(row, 2);
        const std::int64_t previous_col = sqlite3_column_int64(row, 3);
        const std::string_view body = column_blob(row, 4);
        const std::string_view hash = column_blob(row, 5);
        // Messages are built only when something is wrong: this runs for every record on every open.
        const auto where = [&] { return "journal " + quote(path_) + ": record " + std::to_string(seq); };
        if (seq != expected_) {
            return Problem{expected_, "journal " + quote(path_) + ": record " + std::to_string(expected_) +
                                          " is missing (the journal goes from record " +
                                          std::to_string(expected_ - 1) + " to record " + std::to_string(seq) +
                                          "): it was removed"};
        }
        std::uint64_t previous = 0;
        try {
            out = store::decode_record(body, previous);
        } catch (const store::BodyDamaged& e) {
            return Problem{seq, where() + " is damaged and cannot be read: " + e.what()};
        }
        if (out.sequence != seq || static_cast<std::int64_t>(out.case_id.value()) != case_col ||
            static_cast<std::int64_t>(out.case_sequence) != case_seq_col ||
            static_cast<std::int64_t>(previous) != previous_col) {
            return Problem{seq, where() + " was altered: its columns (case " + std::to_string(case_col) + ", version " +
                                    std::to_string(case_seq_col) + ") disagree with its content (record " +
                                    std::to_string(out.sequence) + ", case " + std::to_string(out.case_id.value()) +
                                    ", version " + std::to_string(out.case_sequence) + ")"};
        }
        // The readable columns (what the `cases` view and SQL queries see) must say what the content says.
        if (auto column = readable_columns_disagree(row, out)) {
            return Problem{seq, where() + " was altered: its " + *column + " column disagrees with its content"};
        }
        Case stored;  // the case as stored with the record (verify only)
        if (with_snapshot && out.case_id.valid()) {
            if (auto field = snapshot_disagrees(column_blob(row, 10), out, stored)) {
                return Problem{seq, where() + " was altered: the case state stored with it (" + *field +
                                        ") disagrees with its content"};
            }
        }
        const std::size_t c = out.case_id.value();
        if (cases_.size() <= c) cases_.resize(c + 1);
        // One entry per case: with cases interleaved, each record costs one cache miss, not two.
        CaseChain& chain = cases_[c];
        Head& head = chain.head;
        const auto which = [&] {
            return where() + " (case " + std::to_string(c) + ", '" + std::string(to_string(out.command_kind())) + "')";
        };
        if (previous != head.seq) {
            if (previous > head.seq) {
                return Problem{previous, "journal " + quote(path_) + ": record " + std::to_string(previous) +
                                             " of case " + std::to_string(c) + " was removed (record " +
                                             std::to_string(seq) + " follows it, but the case's last record before "
                                             "that is " + std::to_string(head.seq) + ")"};
            }
            return Problem{seq, which() + " was altered: it names record " + std::to_string(previous) +
                                    " as its case's previous record, which is record " + std::to_string(head.seq)};
        }
        const Digest expected = chain_hash(head.hash, body);
        if (hash.size() != expected.size() || std::memcmp(hash.data(), expected.data(), expected.size()) != 0) {
            return Problem{seq, which() + " was altered: its content does not match its hash" +
                                    (head.seq != 0 ? " (or record " + std::to_string(head.seq) +
                                                         " before it in the case was altered and re-hashed)"
                                                   : std::string())};
        }
        // Checked once the content is known to be the one hashed.
        if (with_snapshot) {
            if (auto what = file_disagrees(row, 11, out)) {
                return Problem{seq, where() + " was altered: the case's free text stored with it " + *what};
            }
            if (out.case_id.valid()) {
                if (auto field = report_facts_disagree(stored, out)) {
                    return Problem{seq, where() + " was altered: the case state stored with it (" + *field +
                                            ") disagrees with the case's report"};
                }
            }
        }
        if (c != 0) {
            const bool applied = out.kind == RecordKind::applied;
            const std::uint32_t want = applied ? chain.version + 1 : chain.version;
            if (out.case_sequence != want) {
                return Problem{seq, which() + " puts case " + std::to_string(c) + " at version " +
                                        std::to_string(out.case_sequence) + " after version " +
                                        std::to_string(chain.version) + " (expected " + std::to_string(want) +
                                        "): the case's sequence has a gap"};
            }
            chain.version = out.case_sequence;
        }
        head.seq = seq;
        head.hash = expected;
        digest_.add(expected);
        link.previous = previous;
        link.hash = expected;
        ++expected_;
        return std::nullopt;
    }

    // The head row must name the last record and the digest of all of them.
    std::optional<Problem> finish(std::uint64_t head_record, const Digest& head_digest) const {
        const std::uint64_t last = expected_ - 1;
        if (head_record > last) {
            return Problem{last + 1, "journal " + quote(path_) + ": record " + std::to_string(last + 1) +
                                         " was removed (the journal's head says it ends at record " +
                                         std::to_string(head_record) + ", its records end at " +
                                         std::to_string(last) + ")"};
        }
        if (head_record < last) {
            return Problem{head_record + 1, "journal " + quote(path_) + ": record " + std::to_string(head_record + 1) +
                                                " and after were not written by the journal (its head says it ends "
                                                "at record " + std::to_string(head_record) + ")"};
        }
        if (head_digest != digest_.value()) {
            return Problem{0, "journal " + quote(path_) + ": a record was altered and its hash recomputed: every "
                              "case's chain holds, but the digest of all records does not match the journal's "
                              "head (the altered record is the last record of its case)"};
        }
        return std::nullopt;
    }

    [[nodiscard]] std::uint64_t records() const noexcept { return expected_ - 1; }
    [[nodiscard]] std::uint64_t chains() const noexcept {
        std::uint64_t n = 0;
        for (const auto& c : cases_) n += c.head.seq != 0 ? 1 : 0;
        return n;
    }
    [[nodiscard]] std::vector<Head> heads() const {
        std::vector<Head> out(cases_.size());
        for (std::size_t i = 0; i < cases_.size(); ++i) out[i] = cases_[i].head;
        return out;
    }
    [[nodiscard]] const JournalDigest& digest() const noexcept { return digest_; }

private:
    struct CaseChain {
        Head head;
        std::uint32_t version = 0;
    };

    // The free text stored in column @p column of @p row against what the records say it is: a report
    // gives its parties and summary, an agreement its terms, and no other record stores any. How it
    // differs, if it does.
    std::optional<std::string> file_disagrees(sqlite3_stmt* row, int column, const JournalRecord& r) {
        const CommandKind kind = r.command_kind();
        const bool stores_file = r.case_id.valid() && r.kind == RecordKind::applied &&
                                 (kind == CommandKind::report || kind == CommandKind::reach_agreement);
        const bool stored = sqlite3_column_type(row, column) != SQLITE_NULL;
        if (!stores_file) {
            if (stored) return std::string("where none belongs (a record of '" + std::string(to_string(kind)) + "' changes no text)");
            return std::nullopt;
        }
        if (!stored) return std::string("is missing");
        CaseFile file;
        try {
            file = store::decode_case_file(column_blob(row, column));
        } catch (const store::BodyDamaged& e) {
            return std::string("cannot be read: ") + e.what();
        }
        const std::size_t c = r.case_id.index();
        if (report_texts_.size() <= c) report_texts_.resize(c + 1, 0);
        if (kind == CommandKind::report) {
            const Report& rep = std::get<Report>(r.command);
            if (file.parties != rep.parties) return std::string("names other parties than the report");
            if (file.summary != rep.summary) return std::string("gives another summary than the report");
            if (!file.agreement.empty()) return std::string("holds an agreement the report did not make");
            report_texts_[c] = fingerprint(file);
            return std::nullopt;
        }
        if (file.agreement != std::get<ReachAgreement>(r.command).terms) {
            return std::string("gives other terms than the agreement");
        }
        file.agreement.clear();
        if (fingerprint(file) != report_texts_[c]) return std::string("names other parties or another summary than the report");
        return std::nullopt;
    }

    // What a case keeps of its report for good (category, channel, origin, parties, claim, time) in
    // @p c, as stored with record @p r: at the report it must be the report's, and after it unchanged.
    // The field that differs, if one does.
    std::optional<std::string> report_facts_disagree(const Case& c, const JournalRecord& r) {
        const std::size_t i = r.case_id.index();
        if (report_facts_.size() <= i) report_facts_.resize(i + 1, 0);
        const std::array<std::int64_t, 6> facts{static_cast<std::int64_t>(c.category),
                                                static_cast<std::int64_t>(c.channel),
                                                c.origin.value(),
                                                c.parties,
                                                c.claimed_amount,
                                                c.reported_at.time_since_epoch().count()};
        const std::uint64_t h = fnv1a({reinterpret_cast<const char*>(facts.data()), sizeof facts});
        if (r.command_kind() == CommandKind::report && r.kind == RecordKind::applied) {
            const Report& rep = std::get<Report>(r.command);
            if (c.category != rep.category) return std::string("category");
            if (c.channel != rep.channel) return std::string("channel");
            if (c.origin != rep.jurisdiction) return std::string("origin");
            if (c.parties != std::min<std::size_t>(rep.parties.size() + rep.unnamed_parties, 0xFFFF)) {
                return std::string("parties");
            }
            if (c.claimed_amount != rep.claimed_amount) return std::string("claimed amount");
            if (c.reported_at != r.time) return std::string("time reported");
            report_facts_[i] = h;
            return std::nullopt;
        }
        if (h != report_facts_[i]) return std::string("category, channel, origin, parties, claim or time reported");
        return std::nullopt;
    }

    // A 64-bit FNV-1a hash of @p file as stored.
    static std::uint64_t fingerprint(const CaseFile& file) {
        std::string bytes;
        store::encode_case_file(file, bytes);
        return fnv1a(bytes);
    }

    // The 64-bit FNV-1a hash of @p bytes: a fingerprint to compare, not a protection (the chain is that).
    static std::uint64_t fnv1a(std::string_view bytes) {
        std::uint64_t h = 0xcbf29ce484222325ull;
        for (const unsigned char ch : bytes) h = (h ^ ch) * 0x100000001b3ull;
        return h;
    }

    std::vector<std::uint64_t> report_texts_;  // per case index: fingerprint of its report's text (verify only)
    std::vector<std::uint64_t> report_facts_;  // per case index: fingerprint of what it keeps of its report
    std::string path_;
    std::uint64_t expected_ = 1;
    std::vector<CaseChain> cases_;
    JournalDigest digest_;
};

// Refuses, with the system's reason, a journal file that cannot be written (@p exists) or created:
// SQLite would say only "unable to open database file", or open it read-only and fail at the first write.
void refuse_unwritable(const std::string& path, bool exists) {
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    if (exists) {
        if (::access(path.c_str(), W_OK) != 0) {
            throw StorageError("cannot write journal " + quote(path) + ": " + std::strerror(errno) +
                               " (a journal can be read without writing it: open it read-only)");
        }
        if (::access(dir.c_str(), W_OK | X_OK) != 0) {
            throw StorageError("cannot write journal " + quote(path) + ": directory " + quote(dir) + ": " +
                               std::strerror(errno) + " (its write-ahead log is kept beside it)");
        }
        return;
    }
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        throw StorageError("cannot create journal " + quote(path) + ": directory " + quote(dir) + ": " + std::strerror(errno));
    }
    if (!S_ISDIR(st.st_mode)) {
        throw StorageError("cannot create journal " + quote(path) + ": " + quote(dir) + " is not a directory");
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        throw StorageError("cannot create journal " + quote(path) + " in directory " + quote(dir) + ": " +
                           std::strerror(errno));
    }
}

bool read_head(sqlite3* db, std::uint64_t& record, Digest& digest) {
    Statement s(db, "SELECT last_record, digest FROM head WHERE id = 1");
    if (sqlite3_step(s.get()) != SQLITE_ROW) return false;
    record = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
    bool ok = false;
    digest = column_digest(s.get(), 1, ok);
    return ok;
}

bool file_size(const std::string& path, std::uint64_t& size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    size = static_cast<std::uint64_t>(st.st_size);
    return true;
}

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// True if a write-ahead log (or a rollback journal) beside the file holds pages not yet in the file.
// Then the file may be caught in the middle of a checkpoint: its first page already counts pages that
// are still only in the log, which SQLite copies over when it opens the file.
bool log_pending(const std::string& path) {
    std::uint64_t size = 0;
    return (file_size(path + "-wal", size) && size > 0) || (file_size(path + "-journal", size) && size > 0);
}

// Checks the 100-byte SQLite header without SQLite, so a foreign or cut-short file is refused before
// anything could touch it. The size checks apply only when no log is pending; with one, a file cut
// short shows up as damaged pages when SQLite reads it.
void check_header(const std::string& path, std::uint64_t size) {
    const std::string name = quote(path);
    unsigned char header[100];
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw StorageError("cannot read journal " + name + ": " + std::strerror(errno));
    const std::size_t got = std::fread(header, 1, sizeof header, f);
    std::fclose(f);
    if (size == 0) {
        throw JournalCorrupt("journal " + name + " is an empty file (0 bytes): it holds no journal, not even an "
                             "empty one (a store that was never written to, or one cut to nothing)");
    }
    if (got < sizeof header) {
        throw JournalCorrupt("journal " + name + " is truncated or not a fengqiao journal: it has only " +
                             std::to_string(size) + " bytes (a journal starts with a 100-byte SQLite header)");
    }
    if (std::memcmp(header, "SQLite format 3", 16) != 0) {
        throw JournalCorrupt("journal " + name + " is not a fengqiao journal: it is not an SQLite database");
    }
    const std::uint32_t raw_page = (std::uint32_t{header[16]} << 8) | header[17];
    const std::uint64_t page = raw_page == 1 ? 65536 : raw_page;
    if (page < 512 || (page & (page - 1)) != 0) {
        throw JournalCorrupt("journal " + name + " is damaged: its header gives an impossible page size " +
                             std::to_string(raw_page));
    }
    if (log_pending(path)) return;
    const std::uint32_t pages = be32(header + 28);
    // The page count in the header is trustworthy when the change counter and the
    // version-valid-for number agree (SQLite file format, section 1.3.7).
    if (pages != 0 && be32(header + 24) == be32(header + 92) && size < std::uint64_t{pages} * page) {
        throw JournalCorrupt("journal " + name + " is truncated: it has " + std::to_string(size) +
                             " bytes, but its header says " + std::to_string(pages) + " pages of " +
                             std::to_string(page) + " bytes (" + std::to_string(std::uint64_t{pages} * page) + ")");
    }
    if (size % page != 0) {
        throw JournalCorrupt("journal " + name + " is truncated or damaged: its size " + std::to_string(size) +
                             " is not a whole number of " + std::to_string(page) + "-byte pages");
    }
}

// Opens @p path for reading only. SQLite reads a write-ahead-logged database through a shared-memory
// file beside it, which it creates; a journal at rest (no log beside it) in a directory or on a medium
// this process cannot write (an archive, a read-only mount) is then opened as immutable, which needs
// none. A journal with a log beside it is opened as usual, so its log is read.
int open_for_reading(const std::string& path, sqlite3** db) {
    // Reading a journal in WAL mode makes SQLite create the log and shared-memory files beside it. A
    // read-only connection cannot remove them when it closes, so every `verify` or `stats` left two
    // files behind. With no log pending, a connection that may write, but is told to write nothing
    // (query_only), removes them on close when it is the last one; close_reader() keeps it from
    // folding into the file a log a writer filled meanwhile. A log pending now is read read-only.
    if (!log_pending(path)) {
        int rc = sqlite3_open_v2(path.c_str(), db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
        if (rc == SQLITE_OK) rc = sqlite3_exec(*db, "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) rc = sqlite3_exec(*db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) return SQLITE_OK;
        sqlite3_close_v2(*db);  // a file or folder that cannot be written: read it read-only
        *db = nullptr;
    }
    int rc = sqlite3_open_v2(path.c_str(), db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_exec(*db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    const int primary = rc & 0xff;
    if (rc == SQLITE_OK || (primary != SQLITE_READONLY && primary != SQLITE_CANTOPEN) || log_pending(path)) {
        return SQLITE_OK;  // any other problem surfaces, with its message, at the first real read
    }
    sqlite3_close_v2(*db);
    *db = nullptr;
    std::string uri = "file:";
    for (char ch : path) {
        if (ch == '%' || ch == '?' || ch == '#') {
            static constexpr char hex[] = "0123456789ABCDEF";
            uri += '%';
            uri += hex[static_cast<unsigned char>(ch) >> 4];
            uri += hex[static_cast<unsigned char>(ch) & 15];
        } else {
            uri += ch;
        }
    }
    uri += "?immutable=1";
    return sqlite3_open_v2(uri.c_str(), db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
}

// Closes a connection opened by open_for_reading(). A reader must never fold a log into the file:
// one that a writer filled while it read (and left, or died) stays beside the file for that writer.
// With no commits in the log, the last connection to close removes the log and shared-memory files.
void close_reader(sqlite3* db, const std::string& path) noexcept {
    if (db == nullptr) return;
    if (log_pending(path)) sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_close_v2(db);
}

void sync_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;  // no write-ahead log right now: nothing to sync
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw StorageError("cannot sync " + quote(path) + " to stable storage: " + std::strerror(err));
}

// Refuses an SQLite file that is not a fengqiao journal of a schema this library reads.
void check_journal_schema(sqlite3* db, const std::string& path) {
    const std::string name = quote(path);
    const auto pragma = [&](const char* sql) -> std::int64_t {
        Statement st(db, sql);
        const int rc = sqlite3_step(st.get());
        if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
            throw JournalCorrupt("journal " + name + " is damaged: " + sqlite3_errmsg(db));
        }
        if (rc != SQLITE_ROW) throw StorageError("cannot read journal " + name + ": " + sqlite3_errmsg(db));
        return sqlite3_column_int64(st.get(), 0);
    };
    const auto app = pragma("PRAGMA application_id");
    const auto schema = pragma("PRAGMA user_version");
    if (app != application_id) {
        throw JournalCorrupt("journal " + name + " is not a fengqiao journal: it is an SQLite database of "
                             "another application (application id " + std::to_string(app) + ")");
    }
    if (schema < 0 || schema > 0xFFFF) {  // no fengqiao writes such versions: the header's bytes are damaged
        throw JournalCorrupt("journal " + name + " is damaged: its header gives journal schema version " +
                             std::to_string(schema) + ", which no fengqiao has written");
    }
    if (schema > SqliteJournal::schema_version) {
        throw JournalCorrupt("journal " + name + " was written with journal schema version " + std::to_string(schema) +
                             ", newer than this library (fengqiao " + std::string(fengqiao::version) +
                             " reads schema versions up to " + std::to_string(SqliteJournal::schema_version) +
                             "); open it with a newer fengqiao");
    }
    if (schema < 1) {
        throw JournalCorrupt("journal " + name + " has no schema version (user_version 0): it was not "
                             "created by fengqiao, or its creation was interrupted");
    }
    for (const char* table : {"journal", "head", "meta"}) {
        Statement st(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
        sqlite3_bind_text(st.get(), 1, table, -1, SQLITE_STATIC);
        if (sqlite3_step(st.get()) != SQLITE_ROW) {
            throw StorageError("cannot read the schema of journal " + name + ": " + sqlite3_errmsg(db));
        }
        if (sqlite3_column_int(st.get(), 0) != 1) {
            throw JournalCorrupt("journal " + name + " is damaged: the table '" + table + "' of schema version " +
                                 std::to_string(SqliteJournal::schema_version) + " is missing");
        }
    }
}


}  // namespace

std::string to_hex(const Digest& digest) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (auto b : digest) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

struct SqliteJournal::Impl {
    // The chain head of a case before the open engine transaction touched it, to restore on rollback.
    // Slots are reused from one transaction to the next, so staging allocates nothing in the steady state.
    struct Touched {
        std::uint32_t id = 0;
        Head before;
    };

    std::string path;
    SqliteJournalOptions options;
    sqlite3* db = nullptr;
    bool refused = false;   // the file was found damaged: never write to it, not even on close
    bool poisoned = false;  // a checkpoint failed in on_checkpoint mode: acknowledged commits were lost
    bool transaction = false;  // a SQLite transaction is open
    bool engine_open = false;  // an engine transaction has appended since its last commit/rollback
    std::uint64_t committed = 0;
    std::uint64_t pending = 0;  // records not yet written by a checkpoint (on_checkpoint)
    bool heads_known = false;   // heads and digest describe the records (learnt by reading them all)
    std::vector<Head> heads;    // per case id (0: refused reports)
    JournalDigest digest;       // including the open transaction
    JournalDigest committed_digest;
    std::uint64_t head_record = 0;  // the head row as read at open
    Digest head_digest{};
    std::vector<Touched> touched;
    std::size_t touched_count = 0;
    std::vector<std::uint32_t> slot_of_case;  // per case id: its slot + 1 while touched, else 0

    // Rows appended but not yet handed to SQLite. They are inserted up to rows_per_insert at a time,
    // by one multi-row INSERT: SQLite then sets the statement up once and keeps its cursor at the end
    // of the table, instead of seeking the end again for every row. Every row is inserted before its
    // transaction commits, and before anything reads records back.
    struct PendingRow {
        std::uint64_t seq = 0;
        std::uint64_t previous = 0;
        std::int64_t time = 0;
        std::uint32_t case_id = 0;
        std::uint32_t case_seq = 0;
        RecordKind kind = RecordKind::applied;
        CommandKind command = CommandKind::report;
        State state = State::reported;
        bool has_case = false;
        bool has_file = false;
        std::size_t body_at = 0, body_size = 0;  // in `bytes`
        std::size_t snapshot_at = 0, snapshot_size = 0;
        std::size_t file_at = 0, file_size = 0;
        Digest hash{};
    };
    static constexpr std::size_t insert_sizes = 7;  // statements for 1, 2, 4, ... 64 rows
    static constexpr std::size_t rows_per_insert = std::size_t{1} << (insert_sizes - 1);
    std::vector<PendingRow> rows;
    std::string bytes;  // the rows' body, snapshot and file columns, back to back
    std::array<Statement, insert_sizes> insert_rows;  // [k] inserts 2^k rows; prepared on first use

    Statement update_head, select_all, select_one;

    ~Impl() { close(); }

    void close() noexcept {
        for (auto& s : insert_rows) s = Statement();
        update_head = Statement();
        select_all = Statement();
        select_one = Statement();
        if (db == nullptr) return;
        // A refused or failed file is left exactly as found: no checkpoint of its write-ahead log.
        if (refused || poisoned) sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        if (options.read_only) {
            close_reader(db, path);
        } else {
            sqlite3_close_v2(db);
        }
        db = nullptr;
    }

    [[noreturn]] void fail(int rc, const std::string& doing) const {
        std::string msg = "journal " + quote(path) + ": cannot " + doing + ": " +
                          (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        const int os = db ? sqlite3_system_errno(db) : 0;
        if ((rc & 0xFF) == SQLITE_IOERR && os != 0) msg += " (" + std::string(std::strerror(os)) + ")";
        if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE) {
            throw StorageError(msg + " (writing to the file failed: the disk or the file-size quota may be full, "
                                     "or the device is failing; nothing of this transaction was kept)");
        }
        switch (rc & 0xFF) {
            case SQLITE_CORRUPT:
            case SQLITE_NOTADB: throw JournalCorrupt(msg + " (the file is damaged; it was not changed)");
            case SQLITE_FULL:
                throw StorageError(msg + " (the disk is full; nothing of this transaction was kept: free space "
                                         "and retry)");
            case SQLITE_READONLY:
                throw StorageError(msg + " (the file is read-only; nothing of this transaction was kept)");
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
                throw StorageError(msg + " (another process is writing to this journal; one engine per file)");
            default: throw StorageError(msg);
        }
    }

    void exec(const char* sql, const char* doing) const {
        const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) fail(rc, doing);
    }

    void writable(const char* doing) const {
        if (refused) {
            throw StorageError("journal " + quote(path) + ": cannot " + doing +
                               ": the file was refused when it was read (see the earlier error); it is left untouched");
        }
        if (poisoned) {
            throw StorageError("journal " + quote(path) + ": cannot " + doing +
                               ": an earlier checkpoint failed and the commits since the one before were lost; "
                               "reopen the journal to continue from what the file holds");
        }
        if (options.read_only) {
            throw StorageError("journal " + quote(path) + ": cannot " + doing + ": it was opened read-only");
        }
    }

    void create() {
        exec("BEGIN IMMEDIATE", "start creating the journal");
        try {
            exec(("PRAGMA application_id = " + std::to_string(application_id)).c_str(), "create the journal");
            exec(("PRAGMA user_version = " + std::to_string(schema_version)).c_str(), "create the journal");
            exec(schema_sql, "create the journal's tables");
            const std::string meta = "INSERT INTO meta (key, value) VALUES ('created_by', 'fengqiao " +
                                     std::string(fengqiao::version) + "')";
            exec(meta.c_str(), "create the journal");
            exec("COMMIT", "create the journal");
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

    void load() {
        Statement s(db, "SELECT coalesce(max(seq), 0) FROM journal");
        const int rc = sqlite3_step(s.get());
        if (rc != SQLITE_ROW) fail(rc, "find the last record");
        committed = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
        if (!read_head(db, head_record, head_digest)) {
            throw JournalCorrupt("journal " + quote(path) + " is damaged: its head (the last record and the digest "
                                 "of all records) is missing");
        }
        if (head_record != committed) {
            throw JournalCorrupt("journal " + quote(path) + " ends at record " + std::to_string(committed) +
                                 ", but its head says it ends at record " + std::to_string(head_record) +
                                 ": records were removed or added behind the journal's back (run 'fengqiao verify " +
                                 path + "' for the first bad record)");
        }
        if (committed == 0) heads_known = true;  // nothing to learn
    }

    void prepare() {
        if (!options.read_only) {
            update_head = Statement(db, "UPDATE head SET last_record = ?, digest = ? WHERE id = 1");
        }
        select_all = Statement(db,
                               "SELECT seq, case_id, case_seq, previous, body, hash, kind, command, time, state "
                               "FROM journal WHERE seq <= ? ORDER BY seq");
        select_one = Statement(db, "SELECT body, previous, snapshot, file FROM journal WHERE seq = ?");
    }

    // Inserts every pending row, the largest statements first (a batch of 1,000 takes 15 of 64 rows,
    // then one each of 32 and 8).
    void flush() {
        std::size_t done = 0;
        while (done < rows.size()) {
            std::size_t k = insert_sizes - 1;
            while ((std::size_t{1} << k) > rows.size() - done) --k;
            insert(done, k);
            done += std::size_t{1} << k;
        }
        rows.clear();
        bytes.clear();
    }

    // Inserts rows [first, first + 2^k) with one statement.
    void insert(std::size_t first, std::size_t k) {
        const std::size_t count = std::size_t{1} << k;
        Statement& statement = insert_rows[k];
        if (statement.get() == nullptr) {
            // No seq column: SQLite numbers the rows itself, one past the last, which spares it a search
            // of the table for each row; the numbers it gave are checked against the records' below.
            std::string sql = "INSERT INTO journal (case_id, case_seq, kind, command, time, state, previous, "
                              "body, snapshot, file, hash) VALUES ";
            for (std::size_t i = 0; i < count; ++i) sql += i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?)";
            statement = Statement(db, sql.c_str());
        }
        sqlite3_stmt* st = statement.get();
        // Every parameter is bound below (NULL included), so the bindings need no clearing.
        Reset reset(statement, false);
        int p = 1;
        for (std::size_t i = first; i < first + count; ++i) {
            const PendingRow& r = rows[i];
            const auto kind_name = to_string(r.kind);
            const auto command = to_string(r.command);
            const auto state = to_string(r.state);
            sqlite3_bind_int64(st, p++, r.case_id);
            sqlite3_bind_int64(st, p++, r.case_seq);
            sqlite3_bind_text(st, p++, kind_name.data(), static_cast<int>(kind_name.size()), SQLITE_STATIC);
            sqlite3_bind_text(st, p++, command.data(), static_cast<int>(command.size()), SQLITE_STATIC);
            sqlite3_bind_int64(st, p++, r.time);
            if (r.has_case) {
                sqlite3_bind_text(st, p++, state.data(), static_cast<int>(state.size()), SQLITE_STATIC);
            } else {
                sqlite3_bind_null(st, p++);
            }
            sqlite3_bind_int64(st, p++, static_cast<sqlite3_int64>(r.previous));
            sqlite3_bind_blob(st, p++, bytes.data() + r.body_at, static_cast<int>(r.body_size), SQLITE_STATIC);
            if (r.has_case) {
                sqlite3_bind_blob(st, p++, bytes.data() + r.snapshot_at, static_cast<int>(r.snapshot_size),
                                  SQLITE_STATIC);
            } else {
                sqlite3_bind_null(st, p++);
            }
            if (r.has_file) {
                sqlite3_bind_blob(st, p++, bytes.data() + r.file_at, static_cast<int>(r.file_size), SQLITE_STATIC);
            } else {
                sqlite3_bind_null(st, p++);
            }
            sqlite3_bind_blob(st, p++, r.hash.data(), static_cast<int>(r.hash.size()), SQLITE_STATIC);
        }
        const int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) {
            fail(rc, count == 1 ? "append record " + std::to_string(rows[first].seq)
                                : "append records " + std::to_string(rows[first].seq) + " to " +
                                      std::to_string(rows[first + count - 1].seq));
        }
        // The rows were numbered one after another from one past the table's last; if the last one
        // has its record's number, so has every one.
        const auto last = static_cast<std::uint64_t>(sqlite3_last_insert_rowid(db));
        if (last != rows[first + count - 1].seq) {
            throw StorageError("journal " + quote(path) + ": record " + std::to_string(rows[first + count - 1].seq) +
                               " was stored as record " + std::to_string(last) +
                               " (is another engine writing to this file?); nothing of this transaction was kept");
        }
    }

    void touch(std::uint32_t id) {
        if (slot_of_case.size() <= id) slot_of_case.resize(std::size_t{id} + 1, 0);
        std::uint32_t& slot = slot_of_case[id];
        if (slot != 0) return;
        if (touched.size() == touched_count) touched.emplace_back();
        Touched& t = touched[touched_count++];
        slot = static_cast<std::uint32_t>(touched_count);
        t.id = id;
        t.before = heads[id];
    }

    void end_engine_transaction() {
        for (std::size_t i = 0; i < touched_count; ++i) slot_of_case[touched[i].id] = 0;
        touched_count = 0;
        engine_open = false;
    }

    // Reads every committed record, checking each; calls visit(record, link) for each.
    template <class Visit>
    void walk(const Visit& visit) {
        ChainCheck check(path);
        // Outside a transaction of this connection's own, another process may commit while the records
        // are read: the records and the head that vouches for them are read in one read transaction,
        // so both are of one moment. A writer may have gone on since this journal was opened; its
        // newer records are checked against that head too, but only those of the journal as opened
        // are visited.
        const bool outside = !engine_open && !transaction;
        struct Snapshot {
            sqlite3* db;
            ~Snapshot() {
                if (db != nullptr) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
            }
        } snapshot{nullptr};
        std::uint64_t head_at = 0;
        Digest head{};
        if (outside) {
            exec("BEGIN", "start reading");
            snapshot.db = db;
            if (!read_head(db, head_at, head)) fail(SQLITE_CORRUPT, "read the journal's head");
        }
        sqlite3_stmt* st = select_all.get();
        Reset reset(select_all);
        sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(outside ? std::max(committed, head_at) : committed));
        int rc = 0;
        JournalRecord rec;
        ChainLink link;
        // The chain heads and digest of the journal as opened, for history() and appends.
        const bool learn = !heads_known && !engine_open;
        if (learn && committed == 0) {
            heads = check.heads();
            digest = committed_digest = check.digest();
        }
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (auto p = check.check(st, false, rec, link)) throw JournalCorrupt(p->message);
            if (rec.sequence > committed) continue;
            visit(rec, link);
            if (learn && rec.sequence == committed) {
                heads = check.heads();
                digest = committed_digest = check.digest();
            }
        }
        if (rc != SQLITE_DONE) fail(rc, "read the records");
        if (outside) {
            if (auto p = check.finish(head_at, head)) throw JournalCorrupt(p->message);
        } else if (check.records() != committed) {
            throw JournalCorrupt("journal " + quote(path) + " holds " + std::to_string(check.records()) +
                                 " committed records, not " + std::to_string(committed));
        }
        if (learn) heads_known = true;
    }

    // The chain heads are needed to append or to find a case's records; they are learnt by reading
    // the journal once (an engine's recovery does it anyway).
    void ensure_heads() {
        if (heads_known) return;
        walk([](const JournalRecord&, const ChainLink&) {});
    }

    // Reads record @p seq: its body (decoded), its previous record, and its snapshot and file columns.
    JournalRecord read_record(std::uint64_t seq, std::uint64_t& previous, std::optional<Case>* state,
                              std::optional<CaseFile>* case_file) const {
        sqlite3_stmt* st = select_one.get();
        Reset reset(select_one);
        sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(seq));
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE) {
            throw JournalCorrupt("journal " + quote(path) + ": record " + std::to_string(seq) +
                                 " is missing (run 'fengqiao verify " + path + "')");
        }
        if (rc != SQLITE_ROW) fail(rc, "read record " + std::to_string(seq));
        try {
            JournalRecord rec = store::decode_record(column_blob(st, 0), previous);
            if (state != nullptr && sqlite3_column_type(st, 2) != SQLITE_NULL) {
                *state = store::decode_case(column_blob(st, 2));
            }
            if (case_file != nullptr && sqlite3_column_type(st, 3) != SQLITE_NULL) {
                *case_file = store::decode_case_file(column_blob(st, 3));
            }
            if (rec.sequence != seq || previous >= seq) {
                throw store::BodyDamaged("it names itself record " + std::to_string(rec.sequence) +
                                         " with previous record " + std::to_string(previous));
            }
            return rec;
        } catch (const store::BodyDamaged& e) {
            throw JournalCorrupt("journal " + quote(path) + ": record " + std::to_string(seq) +
                                 " is damaged and cannot be read: " + e.what());
        }
    }
};

SqliteJournal::SqliteJournal(std::string path, SqliteJournalOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.path = std::move(path);
    m.options = options;
    const std::string name = quote(m.path);
    refuse_unusable_path(m.path);
    std::uint64_t size = 0;
    const bool exists = file_size(m.path, size);
    const bool fresh = !exists || size == 0;
    if (fresh && options.read_only) {
        throw StorageError("cannot open journal " + name + " read-only: " +
                           (exists ? std::string("the file is empty") : std::string("there is no such file")));
    }
    if (!fresh) check_header(m.path, size);
    if (!options.read_only) refuse_unwritable(m.path, exists);

    const int flags = SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = options.read_only ? open_for_reading(m.path, &m.db) : sqlite3_open_v2(m.path.c_str(), &m.db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = m.db ? sqlite3_errmsg(m.db) : sqlite3_errstr(rc);
        m.refused = true;
        m.close();
        throw StorageError("cannot open journal " + name + ": " + msg);
    }
    sqlite3_extended_result_codes(m.db, 1);
    sqlite3_busy_timeout(m.db, 2000);
    try {
        if (fresh) {
            m.create();
        } else {
            check_journal_schema(m.db, m.path);
        }
        if (!options.read_only) {
            m.exec("PRAGMA journal_mode = WAL", "switch to write-ahead logging");
            // FULL syncs the log at every commit; NORMAL only at WAL checkpoints (docs/durability.md).
            m.exec(options.durability == Durability::every_batch ? "PRAGMA synchronous = NORMAL"
                                                                 : "PRAGMA synchronous = FULL",
                   "set the durability");
        }
        m.exec("PRAGMA cache_size = -65536", "size the page cache");
        m.exec("PRAGMA temp_store = MEMORY", "configure the journal");
        m.load();
        m.prepare();
    } catch (...) {
        m.refused = true;
        m.close();
        throw;
    }
    next_sequence_ = m.committed + 1;
}

SqliteJournal::~SqliteJournal() {
    Impl& m = *impl_;
    if (m.db != nullptr && m.transaction && !m.refused && !m.poisoned) {
        if (m.engine_open) rollback();
        if (m.transaction) {
            const int rc = sqlite3_exec(m.db, "COMMIT", nullptr, nullptr, nullptr);
            if (rc != SQLITE_OK) {
                std::cerr << "fengqiao: journal " << quote(m.path) << ": the commits since the last checkpoint "
                          << "could not be written on close: " << sqlite3_errmsg(m.db) << "\n";
                sqlite3_exec(m.db, "ROLLBACK", nullptr, nullptr, nullptr);
            }
        }
    }
}

void SqliteJournal::append(const JournalRecord& record, const Case& after, const CaseFile& file) {
    Impl& m = *impl_;
    m.writable("append a record");
    if (record.sequence != next_sequence_) {
        throw StorageError("journal " + quote(m.path) + ": record " + std::to_string(record.sequence) +
                           " was appended where record " + std::to_string(next_sequence_) +
                           " belongs (is another engine writing to this file?)");
    }
    if (!m.engine_open) m.ensure_heads();
    if (!m.transaction) {
        m.exec("BEGIN IMMEDIATE", "start a transaction");
        m.transaction = true;
    }
    if (!m.engine_open && m.options.durability == Durability::on_checkpoint) {
        m.exec("SAVEPOINT engine", "start a transaction");
    }
    m.engine_open = true;

    const std::uint32_t id = record.case_id.value();
    if (m.heads.size() <= id) m.heads.resize(std::size_t{id} + 1);
    m.touch(id);
    Head& head = m.heads[id];
    // The columns are encoded straight into the pending rows' bytes; SQLite gets them at the next flush.
    Impl::PendingRow& row = m.rows.emplace_back();
    const std::size_t body_at = m.bytes.size();
    store::encode_record(record, head.seq, m.bytes);
    const std::string_view body(m.bytes.data() + body_at, m.bytes.size() - body_at);
    const Digest hash = chain_hash(head.hash, body);
    const bool has_case = id != 0;
    // The free text changes with the report (parties, summary) and with an agreement (its terms).
    const CommandKind kind = record.command_kind();
    const bool file_changed = has_case && record.kind == RecordKind::applied &&
                              (kind == CommandKind::report || kind == CommandKind::reach_agreement);
    row.seq = record.sequence;
    row.previous = head.seq;
    row.time = record.time.time_since_epoch().count();
    row.case_id = id;
    row.case_seq = record.case_sequence;
    row.kind = record.kind;
    row.command = kind;
    row.state = record.to;
    row.has_case = has_case;
    row.has_file = file_changed;
    row.body_at = body_at;
    row.body_size = body.size();
    row.hash = hash;
    if (has_case) {
        row.snapshot_at = m.bytes.size();
        store::encode_case(after, m.bytes);
        row.snapshot_size = m.bytes.size() - row.snapshot_at;
    }
    if (file_changed) {
        row.file_at = m.bytes.size();
        store::encode_case_file(file, m.bytes);
        row.file_size = m.bytes.size() - row.file_at;
    }
    head.seq = record.sequence;
    head.hash = hash;
    m.digest.add(hash);
    ++next_sequence_;
    ++m.pending;
    if (m.rows.size() >= Impl::rows_per_insert) m.flush();
}

void SqliteJournal::commit() {
    Impl& m = *impl_;
    if (!m.engine_open) return;
    m.flush();
    {
        sqlite3_stmt* st = m.update_head.get();
        Reset reset(m.update_head);
        const Digest digest = m.digest.value();
        sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(next_sequence_ - 1));
        sqlite3_bind_blob(st, 2, digest.data(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
        const int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) m.fail(rc, "update the journal's head");
    }
    if (m.options.durability == Durability::on_checkpoint) {
        m.exec("RELEASE engine", "commit");
        m.end_engine_transaction();
        m.committed = next_sequence_ - 1;
        m.committed_digest = m.digest;
        if (m.options.checkpoint_every != 0 && m.pending >= m.options.checkpoint_every) checkpoint();
        return;
    }
    m.exec("COMMIT", "commit");
    m.transaction = false;
    m.end_engine_transaction();
    m.committed = next_sequence_ - 1;
    m.committed_digest = m.digest;
    m.pending = 0;
}

void SqliteJournal::rollback() {
    Impl& m = *impl_;
    m.rows.clear();
    m.bytes.clear();
    if (m.db != nullptr) {
        if (m.options.durability == Durability::on_checkpoint) {
            if (m.engine_open && !sqlite3_get_autocommit(m.db)) {
                sqlite3_exec(m.db, "ROLLBACK TO engine", nullptr, nullptr, nullptr);
                sqlite3_exec(m.db, "RELEASE engine", nullptr, nullptr, nullptr);
            }
        } else if (!sqlite3_get_autocommit(m.db)) {
            // A failed COMMIT may or may not have rolled back already; make sure.
            sqlite3_exec(m.db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        m.transaction = !sqlite3_get_autocommit(m.db);
    }
    for (std::size_t i = 0; i < m.touched_count; ++i) m.heads[m.touched[i].id] = m.touched[i].before;
    m.digest = m.committed_digest;
    m.pending -= std::min(m.pending, next_sequence_ - 1 - m.committed);
    next_sequence_ = m.committed + 1;
    m.end_engine_transaction();
}

std::uint64_t SqliteJournal::size() const { return next_sequence_ - 1; }

void SqliteJournal::for_each(const std::function<void(const JournalRecord&)>& visit) const {
    for_each_linked([&visit](const JournalRecord& r, const ChainLink&) { visit(r); });
}

void SqliteJournal::for_each_linked(const std::function<void(const JournalRecord&, const ChainLink&)>& visit) const {
    Impl& m = *impl_;
    try {
        m.walk(visit);
    } catch (const JournalCorrupt& e) {
        // Whoever found the damage (the chain check here, or an engine rebuilding its cases), the file
        // is now known bad: nothing more is written to it.
        m.refused = true;
        const std::string what = e.what();
        if (what.rfind("journal '", 0) == 0) throw;
        throw JournalCorrupt("journal " + quote(m.path) + ": " + what);
    }
}

std::vector<JournalRecord> SqliteJournal::history(CaseId case_id) const {
    Impl& m = *impl_;
    m.flush();  // the case's head may name a record appended in the open transaction
    m.ensure_heads();
    std::vector<JournalRecord> out;
    if (!case_id.valid() || case_id.value() >= m.heads.size()) return out;
    // Each record names its case's previous one: follow the chain back from the case's head.
    for (std::uint64_t seq = m.heads[case_id.value()].seq; seq != 0;) {
        std::uint64_t previous = 0;
        out.push_back(m.read_record(seq, previous, nullptr, nullptr));
        seq = previous;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<StoredCase> SqliteJournal::stored_cases() const {
    Impl& m = *impl_;
    m.flush();
    m.ensure_heads();
    std::vector<StoredCase> out;
    for (std::size_t id = 1; id < m.heads.size(); ++id) {
        const std::uint64_t last = m.heads[id].seq;
        if (last == 0) continue;
        StoredCase c;
        c.last_record = last;
        std::optional<Case> state;
        std::optional<CaseFile> file;
        std::uint64_t previous = 0;
        (void)m.read_record(last, previous, &state, &file);
        // The free text is stored with the records that changed it: the latest such one holds it.
        while (!file && previous != 0) (void)m.read_record(previous, previous, nullptr, &file);
        if (!state || !file) {
            throw JournalCorrupt("journal " + quote(m.path) + ": the stored state of case " + std::to_string(id) +
                                 " is missing from its records");
        }
        c.state = *state;
        c.file = std::move(*file);
        out.push_back(std::move(c));
    }
    return out;
}

void SqliteJournal::checkpoint() {
    Impl& m = *impl_;
    m.writable("checkpoint");
    if (m.engine_open) {
        throw Exception(ErrorCode::invalid_argument,
                        "journal " + quote(m.path) + ": checkpoint() was called inside an engine transaction");
    }
    if (m.transaction) {
        const int rc = sqlite3_exec(m.db, "COMMIT", nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK) {
            const std::string msg = sqlite3_errmsg(m.db);
            sqlite3_exec(m.db, "ROLLBACK", nullptr, nullptr, nullptr);
            m.transaction = false;
            m.poisoned = true;
            throw StorageError("journal " + quote(m.path) + ": cannot write the " + std::to_string(m.pending) +
                               " records committed since the last checkpoint: " + msg +
                               "; they are lost from the file: reopen the journal to continue from what it holds");
        }
        m.transaction = false;
        m.pending = 0;
    }
    // A checkpoint copies the log into the main file where no reader prevents it; either way the
    // log itself is synced below, which is what makes the commits durable.
    sqlite3_wal_checkpoint_v2(m.db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    sync_file(m.path + "-wal");
    sync_file(m.path);
}

std::string SqliteJournal::attribute(std::string_view key) const {
    const Impl& m = *impl_;
    Statement s(m.db, "SELECT value FROM meta WHERE key = ?");
    sqlite3_bind_text(s.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(s.get());
    if (rc == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(s.get(), 0);
        return text ? reinterpret_cast<const char*>(text) : "";
    }
    if (rc != SQLITE_DONE) m.fail(rc, "read attribute '" + std::string(key) + "'");
    return {};
}

void SqliteJournal::set_attribute(std::string_view key, std::string_view value) {
    Impl& m = *impl_;
    m.writable("store an attribute");
    if (m.engine_open) {
        throw Exception(ErrorCode::invalid_argument,
                        "journal " + quote(m.path) + ": set_attribute() was called inside an engine transaction");
    }
    Statement s(m.db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    sqlite3_bind_text(s.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(s.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    const int rc = sqlite3_step(s.get());
    if (rc != SQLITE_DONE) m.fail(rc, "store attribute '" + std::string(key) + "'");
    if (m.transaction) checkpoint();
}

const std::string& SqliteJournal::path() const noexcept { return impl_->path; }

Durability SqliteJournal::durability() const noexcept { return impl_->options.durability; }
bool SqliteJournal::read_only() const noexcept { return impl_->options.read_only; }

JournalVerification verify_journal(const std::string& path) {
    JournalVerification out;
    const auto refuse = [&out](std::uint64_t record, std::string message) {
        out.intact = false;
        out.first_bad = record;
        out.message = std::move(message);
        return out;
    };
    refuse_unusable_path(path);
    std::uint64_t size = 0;
    if (!file_size(path, size)) throw StorageError("cannot open journal " + quote(path) + ": there is no such file");
    try {
        check_header(path, size);
    } catch (const JournalCorrupt& e) {
        return refuse(0, e.what());
    }
    sqlite3* db = nullptr;
    if (open_for_reading(path, &db) != SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        throw StorageError("cannot open journal " + quote(path) + ": " + msg);
    }
    struct Connection {
        sqlite3* db;
        const std::string& path;
        ~Connection() { close_reader(db, path); }
    } connection{db, path};
    try {
        check_journal_schema(db, path);
    } catch (const JournalCorrupt& e) {
        return refuse(0, e.what());
    }
    // One read transaction for the walk and the head, so a writer committing meanwhile is not seen
    // half-way.
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    ChainCheck check(path);
    {
        Statement rows(db, "SELECT seq, case_id, case_seq, previous, body, hash, kind, command, time, state, "
                           "snapshot, file FROM journal ORDER BY seq");
        int rc = 0;
        JournalRecord rec;
        ChainLink link;
        while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
            if (auto p = check.check(rows.get(), true, rec, link)) {
                out.records = check.records();
                return refuse(p->record, p->message);
            }
        }
        if (rc != SQLITE_DONE) {
            out.records = check.records();
            return refuse(check.records() + 1, "journal " + quote(path) + ": cannot read record " +
                                                   std::to_string(check.records() + 1) + ": " + sqlite3_errmsg(db));
        }
    }
    out.records = check.records();
    std::uint64_t head_record = 0;
    Digest head_digest{};
    if (!read_head(db, head_record, head_digest)) {
        return refuse(0, "journal " + quote(path) + ": its head (the last record and the digest of all records) is "
                         "missing or damaged");
    }
    if (auto p = check.finish(head_record, head_digest)) return refuse(p->record, p->message);
    {
        Statement quick(db, "PRAGMA quick_check");
        const int rc = sqlite3_step(quick.get());
        const auto* text = rc == SQLITE_ROW ? sqlite3_column_text(quick.get(), 0) : nullptr;
        const std::string result = text ? reinterpret_cast<const char*>(text) : sqlite3_errmsg(db);
        if (result != "ok") return refuse(0, "journal " + quote(path) + ": the file's structure is damaged: " + result);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    out.cases = check.chains();
    out.digest = check.digest().value();
    const auto plural = [](std::uint64_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    out.message = out.records == 0
                      ? "journal " + quote(path) + ": empty (no records), intact"
                      : "journal " + quote(path) + ": " + plural(out.records, "record", "records") + " in " +
                            plural(out.cases, "hash chain", "hash chains") + ", all intact; digest of all " +
                            std::to_string(out.records) + " records: " + to_hex(out.digest);
    return out;
}

}  // namespace fengqiao
