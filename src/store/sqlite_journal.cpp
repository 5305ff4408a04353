// The durable journal: records, the case table and the per-case hash chain in one SQLite file.
// Layout and guarantees: docs/durability.md.
#include "fengqiao/store/sqlite_journal.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <optional>
#include <unistd.h>

#include "fengqiao/version.hpp"
#include "record_codec.hpp"
#include "sha256.hpp"

namespace fengqiao {
namespace {

// "FQJ1" in the SQLite header's application-id field: tells a fengqiao journal from any other
// SQLite file before a single table is read.
constexpr std::int32_t application_id = 0x46514A31;

constexpr const char* schema_sql = R"sql(
CREATE TABLE journal (
    seq      INTEGER PRIMARY KEY,  -- position in the whole journal, from 1
    case_id  INTEGER NOT NULL,     -- 0 for a report refused before its case existed
    case_seq INTEGER NOT NULL,     -- the case's version after the record (applied) or at the time (refused)
    kind     TEXT    NOT NULL,     -- applied | refused
    command  TEXT    NOT NULL,     -- canonical command name
    time     INTEGER NOT NULL,     -- seconds since 1970-01-01T00:00:00Z
    previous INTEGER NOT NULL,     -- seq of the same case's previous record, 0 for its first
    body     BLOB    NOT NULL,     -- the whole record (binary, format byte first)
    hash     BLOB    NOT NULL      -- SHA-256(previous record's hash || body)
);
CREATE INDEX journal_by_case ON journal (case_id, seq);
CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,  -- case id; row 0 heads the chain of refused reports
    state       TEXT,                 -- lifecycle state after the latest record
    jurisdiction INTEGER,             -- jurisdiction id after the latest record
    version     INTEGER NOT NULL,     -- applied records of the case
    last_record INTEGER NOT NULL,     -- seq of the case's latest record
    head        BLOB    NOT NULL,     -- hash of that record
    snapshot    BLOB                  -- the case and its file (binary)
);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql";

struct Head {
    std::uint64_t seq = 0;
    Digest hash{};
};

Digest chain_hash(const Digest& previous, std::string_view body) {
    store::Sha256 h;
    h.update(previous.data(), previous.size());
    h.update(body.data(), body.size());
    return h.finish();
}

std::string quote(const std::string& path) { return "'" + path + "'"; }

// One prepared statement; reset after every use so it never holds a read transaction open.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
            const std::string msg = sqlite3_errmsg(db);
            sqlite3_finalize(stmt_);
            stmt_ = nullptr;
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

class Reset {
public:
    explicit Reset(const Statement& s) : s_(s.get()) {}
    Reset(const Reset&) = delete;
    Reset& operator=(const Reset&) = delete;
    ~Reset() {
        sqlite3_reset(s_);
        sqlite3_clear_bindings(s_);
    }

private:
    sqlite3_stmt* s_;
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

struct Problem {
    std::uint64_t record = 0;
    std::string message;
};

// Walks records in sequence order and checks what a sound journal guarantees: no sequence gap, the
// stored columns agree with the hashed body, each record chains to its case's previous record, and
// applied records raise their case's version by exactly one.
class ChainCheck {
public:
    explicit ChainCheck(std::string path) : path_(std::move(path)) {}

    std::optional<Problem> check(std::uint64_t seq, std::int64_t case_col, std::int64_t case_seq_col,
                                 std::int64_t previous_col, std::string_view body, std::string_view hash,
                                 JournalRecord& out, ChainLink& link) {
        const std::string where = "journal " + quote(path_) + ": record " + std::to_string(seq);
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
            return Problem{seq, where + " is damaged and cannot be read: " + e.what()};
        }
        if (out.sequence != seq || static_cast<std::int64_t>(out.case_id.value()) != case_col ||
            static_cast<std::int64_t>(out.case_sequence) != case_seq_col ||
            static_cast<std::int64_t>(previous) != previous_col) {
            return Problem{seq, where + " was altered: its columns (case " + std::to_string(case_col) + ", version " +
                                    std::to_string(case_seq_col) + ") disagree with its content (record " +
                                    std::to_string(out.sequence) + ", case " + std::to_string(out.case_id.value()) +
                                    ", version " + std::to_string(out.case_sequence) + ")"};
        }
        const std::size_t c = out.case_id.value();
        if (heads_.size() <= c) {
            heads_.resize(c + 1);
            versions_.resize(c + 1, 0);
        }
        Head& head = heads_[c];
        const std::string which = where + " (case " + std::to_string(c) + ", '" +
                                  std::string(to_string(out.command_kind())) + "')";
        if (previous != head.seq) {
            if (previous > head.seq) {
                return Problem{previous, "journal " + quote(path_) + ": record " + std::to_string(previous) +
                                             " of case " + std::to_string(c) + " was removed (record " +
                                             std::to_string(seq) + " follows it, but the case's last record before "
                                             "that is " + std::to_string(head.seq) + ")"};
            }
            return Problem{seq, which + " was altered: it names record " + std::to_string(previous) +
                                    " as its case's previous record, which is record " + std::to_string(head.seq)};
        }
        const Digest expected = chain_hash(head.hash, body);
        if (hash.size() != expected.size() || std::memcmp(hash.data(), expected.data(), expected.size()) != 0) {
            return Problem{seq, which + " was altered: its content does not match its hash" +
                                    (head.seq != 0 ? " (or record " + std::to_string(head.seq) +
                                                         " before it in the case was altered and re-hashed)"
                                                   : std::string())};
        }
        if (c != 0) {
            const bool applied = out.kind == RecordKind::applied;
            const std::uint32_t want = applied ? versions_[c] + 1 : versions_[c];
            if (out.case_sequence != want) {
                return Problem{seq, which + " puts case " + std::to_string(c) + " at version " +
                                        std::to_string(out.case_sequence) + " after version " +
                                        std::to_string(versions_[c]) + " (expected " + std::to_string(want) +
                                        "): the case's sequence has a gap"};
            }
            versions_[c] = out.case_sequence;
        }
        head.seq = seq;
        head.hash = expected;
        link.previous = previous;
        link.hash = expected;
        last_hash_ = expected;
        ++expected_;
        return std::nullopt;
    }

    // The case table must name, for every chain, the record the journal ends it with.
    std::optional<Problem> finish(sqlite3* db) {
        Statement rows(db, "SELECT id, last_record, head, version FROM cases ORDER BY id");
        Reset reset(rows);
        std::vector<char> seen(heads_.size(), 0);
        int rc = 0;
        while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
            const auto id = sqlite3_column_int64(rows.get(), 0);
            const auto last = static_cast<std::uint64_t>(sqlite3_column_int64(rows.get(), 1));
            bool ok = false;
            const Digest head = column_digest(rows.get(), 2, ok);
            const std::string c = "case " + std::to_string(id);
            if (id < 0 || static_cast<std::size_t>(id) >= heads_.size() || heads_[static_cast<std::size_t>(id)].seq == 0) {
                return Problem{last, "journal " + quote(path_) + ": record " + std::to_string(last) + ", the latest of " +
                                         c + " according to the case table, was removed (the journal has no record of " +
                                         c + ")"};
            }
            const Head& h = heads_[static_cast<std::size_t>(id)];
            seen[static_cast<std::size_t>(id)] = 1;
            if (last > h.seq) {
                return Problem{last, "journal " + quote(path_) + ": record " + std::to_string(last) + ", the latest of " +
                                         c + " according to the case table, was removed (the journal's latest record of " +
                                         c + " is " + std::to_string(h.seq) + ")"};
            }
            if (last != h.seq || !ok || head != h.hash) {
                return Problem{h.seq, "journal " + quote(path_) + ": record " + std::to_string(h.seq) + " (the latest of " +
                                          c + ") was altered: it does not match the case table's head for " + c};
            }
            if (id != 0 && static_cast<std::uint32_t>(sqlite3_column_int64(rows.get(), 3)) !=
                               versions_[static_cast<std::size_t>(id)]) {
                return Problem{h.seq, "journal " + quote(path_) + ": the case table holds " + c + " at version " +
                                          std::to_string(sqlite3_column_int64(rows.get(), 3)) +
                                          ", but its records bring it to version " +
                                          std::to_string(versions_[static_cast<std::size_t>(id)])};
            }
        }
        if (rc != SQLITE_DONE) {
            return Problem{0, "journal " + quote(path_) + ": cannot read the case table: " + sqlite3_errmsg(db)};
        }
        for (std::size_t id = 0; id < heads_.size(); ++id) {
            if (heads_[id].seq != 0 && !seen[id]) {
                return Problem{heads_[id].seq, "journal " + quote(path_) + ": case " + std::to_string(id) +
                                                   " has records (the latest is " + std::to_string(heads_[id].seq) +
                                                   ") but no row in the case table, which was altered"};
            }
        }
        return std::nullopt;
    }

    [[nodiscard]] std::uint64_t records() const noexcept { return expected_ - 1; }
    [[nodiscard]] std::uint64_t chains() const noexcept {
        std::uint64_t n = 0;
        for (const auto& h : heads_) n += h.seq != 0 ? 1 : 0;
        return n;
    }
    [[nodiscard]] const Digest& last_hash() const noexcept { return last_hash_; }

private:
    std::string path_;
    std::uint64_t expected_ = 1;
    std::vector<Head> heads_;
    std::vector<std::uint32_t> versions_;
    Digest last_hash_{};
};

bool file_size(const std::string& path, std::uint64_t& size) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    size = static_cast<std::uint64_t>(st.st_size);
    return true;
}

std::uint32_t be32(const unsigned char* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Checks the 100-byte SQLite header without SQLite, so a foreign or cut-short file is refused before
// anything could touch it.
void check_header(const std::string& path, std::uint64_t size) {
    const std::string name = quote(path);
    unsigned char header[100];
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw StorageError("cannot read journal " + name + ": " + std::strerror(errno));
    const std::size_t got = std::fread(header, 1, sizeof header, f);
    std::fclose(f);
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
    for (const char* table : {"journal", "cases", "meta"}) {
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
    // A case touched by the open engine transaction. Slots are reused from one transaction to the
    // next (with their buffers), so staging costs no allocation in the steady state.
    struct Staged {
        std::uint32_t id = 0;
        Head before;           // the chain head before this engine transaction
        bool has_case = false;
        std::string snapshot;  // encoded case and file
        State state = State::reported;
        JurisdictionId jurisdiction;
        std::uint32_t version = 0;
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
    std::vector<Head> heads;    // per case id (0: refused reports)
    std::vector<Staged> staged;              // slots [0, staged_count) belong to the open transaction
    std::size_t staged_count = 0;
    std::vector<std::uint32_t> slot_of_case;  // per case id: its slot + 1 while staged, else 0
    std::string body;

    Statement insert_record, insert_case, update_case, select_all, select_case;

    ~Impl() { close(); }

    void close() noexcept {
        insert_record = Statement();
        insert_case = Statement();
        update_case = Statement();
        select_all = Statement();
        select_case = Statement();
        if (db == nullptr) return;
        // A refused or failed file is left exactly as found: no checkpoint of its write-ahead log.
        if (refused || poisoned) sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        sqlite3_close_v2(db);
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

    std::int64_t pragma_int(const char* sql) const {
        Statement s(db, sql);
        const int rc = sqlite3_step(s.get());
        if (rc != SQLITE_ROW) fail(rc, std::string("read ") + sql);
        return sqlite3_column_int64(s.get(), 0);
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

    void check_schema() const { check_journal_schema(db, path); }

    void load() {
        {
            Statement s(db, "SELECT count(*), coalesce(max(seq), 0) FROM journal");
            const int rc = sqlite3_step(s.get());
            if (rc != SQLITE_ROW) fail(rc, "count the records");
            const auto count = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
            const auto last = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 1));
            if (count != last) {
                throw JournalCorrupt("journal " + quote(path) + " holds " + std::to_string(count) +
                                     " records numbered up to " + std::to_string(last) +
                                     ": records are missing (run 'fengqiao verify " + path + "' to find the first)");
            }
            committed = last;
        }
        Statement s(db, "SELECT id, last_record, head FROM cases");
        int rc = 0;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
            const auto id = sqlite3_column_int64(s.get(), 0);
            if (id < 0 || id > 0xFFFFFFFFll) {
                throw JournalCorrupt("journal " + quote(path) + " is damaged: the case table has a row for case " +
                                     std::to_string(id));
            }
            bool ok = false;
            Head h;
            h.seq = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 1));
            h.hash = column_digest(s.get(), 2, ok);
            if (!ok || h.seq > committed) {
                throw JournalCorrupt("journal " + quote(path) + " is damaged: the case table's entry for case " +
                                     std::to_string(id) + " names record " + std::to_string(h.seq) + " of " +
                                     std::to_string(committed));
            }
            if (heads.size() <= static_cast<std::size_t>(id)) heads.resize(static_cast<std::size_t>(id) + 1);
            heads[static_cast<std::size_t>(id)] = h;
        }
        if (rc != SQLITE_DONE) fail(rc, "read the case table");
    }

    void prepare() {
        if (!options.read_only) {
            insert_record = Statement(db,
                                      "INSERT INTO journal (seq, case_id, case_seq, kind, command, time, previous, "
                                      "body, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert_case = Statement(db,
                                    "INSERT INTO cases (id, state, jurisdiction, version, last_record, head, snapshot) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            update_case = Statement(db,
                                    "UPDATE cases SET state = ?2, jurisdiction = ?3, version = ?4, last_record = ?5, "
                                    "head = ?6, snapshot = ?7 WHERE id = ?1");
        }
        select_all = Statement(db,
                               "SELECT seq, case_id, case_seq, previous, body, hash FROM journal WHERE seq <= ? "
                               "ORDER BY seq");
        select_case = Statement(db, "SELECT body FROM journal WHERE case_id = ? ORDER BY seq");
    }

    void write_staged() {
        for (std::size_t i = 0; i < staged_count; ++i) {
            const Staged& s = staged[i];
            const std::uint32_t id = s.id;
            const Head& h = heads[id];
            // A chain without a record before this transaction has no row yet.
            const Statement& statement = s.before.seq == 0 ? insert_case : update_case;
            sqlite3_stmt* st = statement.get();
            Reset reset(statement);
            sqlite3_bind_int64(st, 1, id);
            if (s.has_case) {
                const auto state = to_string(s.state);
                sqlite3_bind_text(st, 2, state.data(), static_cast<int>(state.size()), SQLITE_STATIC);
                sqlite3_bind_int64(st, 3, s.jurisdiction.value());
                sqlite3_bind_blob(st, 7, s.snapshot.data(), static_cast<int>(s.snapshot.size()), SQLITE_STATIC);
            }
            sqlite3_bind_int64(st, 4, s.version);
            sqlite3_bind_int64(st, 5, static_cast<sqlite3_int64>(h.seq));
            sqlite3_bind_blob(st, 6, h.hash.data(), static_cast<int>(h.hash.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(st);
            if (rc != SQLITE_DONE) fail(rc, "store case " + std::to_string(id));
        }
    }

    Staged& stage(std::uint32_t id) {
        if (slot_of_case.size() <= id) slot_of_case.resize(std::size_t{id} + 1, 0);
        std::uint32_t& slot = slot_of_case[id];
        if (slot != 0) return staged[slot - 1];
        if (staged.size() == staged_count) staged.emplace_back();
        Staged& s = staged[staged_count++];
        slot = static_cast<std::uint32_t>(staged_count);
        s.id = id;
        s.before = heads[id];
        s.has_case = false;
        return s;
    }

    void end_engine_transaction() {
        for (std::size_t i = 0; i < staged_count; ++i) slot_of_case[staged[i].id] = 0;
        staged_count = 0;
        engine_open = false;
    }

    template <class Visit>
    void walk(const Visit& visit) const {
        ChainCheck check(path);
        sqlite3_stmt* st = select_all.get();
        Reset reset(select_all);
        sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(committed));
        int rc = 0;
        JournalRecord rec;
        ChainLink link;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(st, 0));
            if (auto p = check.check(seq, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                                     sqlite3_column_int64(st, 3), column_blob(st, 4), column_blob(st, 5), rec, link)) {
                throw JournalCorrupt(p->message);
            }
            visit(rec, link);
        }
        if (rc != SQLITE_DONE) fail(rc, "read the records");
        if (check.records() != committed) {
            throw JournalCorrupt("journal " + quote(path) + " ends at record " + std::to_string(check.records()) +
                                 " but holds " + std::to_string(committed) + " records");
        }
        if (auto p = check.finish(db)) throw JournalCorrupt(p->message);
    }
};

SqliteJournal::SqliteJournal(std::string path, SqliteJournalOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.path = std::move(path);
    m.options = options;
    const std::string name = quote(m.path);
    std::uint64_t size = 0;
    const bool exists = file_size(m.path, size);
    const bool fresh = !exists || size == 0;
    if (fresh && options.read_only) {
        throw StorageError("cannot open journal " + name + " read-only: " +
                           (exists ? std::string("the file is empty") : std::string("there is no such file")));
    }
    if (!fresh) check_header(m.path, size);

    const int flags = (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                      (fresh ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(m.path.c_str(), &m.db, flags, nullptr);
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
            m.check_schema();
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
    Impl::Staged& s = m.stage(id);
    Head& head = m.heads[id];
    m.body.clear();
    store::encode_record(record, head.seq, m.body);
    const Digest hash = chain_hash(head.hash, m.body);

    sqlite3_stmt* st = m.insert_record.get();
    {
        Reset reset(m.insert_record);
        const auto kind = to_string(record.kind);
        const auto command = to_string(record.command_kind());
        sqlite3_bind_int64(st, 1, static_cast<sqlite3_int64>(record.sequence));
        sqlite3_bind_int64(st, 2, id);
        sqlite3_bind_int64(st, 3, record.case_sequence);
        sqlite3_bind_text(st, 4, kind.data(), static_cast<int>(kind.size()), SQLITE_STATIC);
        sqlite3_bind_text(st, 5, command.data(), static_cast<int>(command.size()), SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, record.time.time_since_epoch().count());
        sqlite3_bind_int64(st, 7, static_cast<sqlite3_int64>(head.seq));
        sqlite3_bind_blob(st, 8, m.body.data(), static_cast<int>(m.body.size()), SQLITE_STATIC);
        sqlite3_bind_blob(st, 9, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) m.fail(rc, "append record " + std::to_string(record.sequence));
    }
    head.seq = record.sequence;
    head.hash = hash;
    if (id != 0) {
        s.has_case = true;
        s.state = after.state;
        s.jurisdiction = after.jurisdiction;
        s.version = after.version;
        s.snapshot.clear();
        store::encode_case(after, file, s.snapshot);
    }
    ++next_sequence_;
    ++m.pending;
}

void SqliteJournal::commit() {
    Impl& m = *impl_;
    if (!m.engine_open) return;
    m.write_staged();
    if (m.options.durability == Durability::on_checkpoint) {
        m.exec("RELEASE engine", "commit");
        m.end_engine_transaction();
        m.committed = next_sequence_ - 1;
        if (m.options.checkpoint_every != 0 && m.pending >= m.options.checkpoint_every) checkpoint();
        return;
    }
    m.exec("COMMIT", "commit");
    m.transaction = false;
    m.end_engine_transaction();
    m.committed = next_sequence_ - 1;
    m.pending = 0;
}

void SqliteJournal::rollback() {
    Impl& m = *impl_;
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
    for (std::size_t i = 0; i < m.staged_count; ++i) m.heads[m.staged[i].id] = m.staged[i].before;
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
    const Impl& m = *impl_;
    std::vector<JournalRecord> out;
    sqlite3_stmt* st = m.select_case.get();
    Reset reset(m.select_case);
    sqlite3_bind_int64(st, 1, case_id.value());
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        std::uint64_t previous = 0;
        try {
            out.push_back(store::decode_record(column_blob(st, 0), previous));
        } catch (const store::BodyDamaged& e) {
            throw JournalCorrupt("journal " + quote(m.path) + ": a record of case " + std::to_string(case_id.value()) +
                                 " is damaged and cannot be read: " + e.what());
        }
    }
    if (rc != SQLITE_DONE) m.fail(rc, "read the history of case " + std::to_string(case_id.value()));
    return out;
}

std::vector<StoredCase> SqliteJournal::stored_cases() const {
    const Impl& m = *impl_;
    Statement s(m.db, "SELECT id, last_record, snapshot FROM cases WHERE id > 0 ORDER BY id");
    std::vector<StoredCase> out;
    int rc = 0;
    while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
        StoredCase c;
        c.last_record = static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 1));
        try {
            store::decode_case(column_blob(s.get(), 2), c.state, c.file);
        } catch (const store::BodyDamaged& e) {
            throw JournalCorrupt("journal " + quote(m.path) + ": the stored state of case " +
                                 std::to_string(sqlite3_column_int64(s.get(), 0)) + " is damaged: " + e.what());
        }
        out.push_back(std::move(c));
    }
    if (rc != SQLITE_DONE) m.fail(rc, "read the case table");
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

JournalVerification verify_journal(const std::string& path) {
    JournalVerification out;
    const auto refuse = [&out](std::uint64_t record, std::string message) {
        out.intact = false;
        out.first_bad = record;
        out.message = std::move(message);
        return out;
    };
    std::uint64_t size = 0;
    if (!file_size(path, size)) throw StorageError("cannot open journal " + quote(path) + ": there is no such file");
    try {
        check_header(path, size);
    } catch (const JournalCorrupt& e) {
        return refuse(0, e.what());
    }
    // Walk the records first: damage inside a record is best reported by the record's number.
    ChainCheck check(path);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        const std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        throw StorageError("cannot open journal " + quote(path) + ": " + msg);
    }
    struct Connection {
        sqlite3* db;
        ~Connection() { sqlite3_close_v2(db); }
    } connection{db};
    try {
        check_journal_schema(db, path);
    } catch (const JournalCorrupt& e) {
        return refuse(0, e.what());
    }
    {
        Statement rows(db, "SELECT seq, case_id, case_seq, previous, body, hash FROM journal ORDER BY seq");
        int rc = 0;
        JournalRecord rec;
        ChainLink link;
        while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
            sqlite3_stmt* st = rows.get();
            const auto seq = static_cast<std::uint64_t>(sqlite3_column_int64(st, 0));
            if (auto p = check.check(seq, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                                     sqlite3_column_int64(st, 3), column_blob(st, 4), column_blob(st, 5), rec, link)) {
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
    if (auto p = check.finish(db)) return refuse(p->record, p->message);
    {
        Statement quick(db, "PRAGMA quick_check");
        const int rc = sqlite3_step(quick.get());
        const auto* text = rc == SQLITE_ROW ? sqlite3_column_text(quick.get(), 0) : nullptr;
        const std::string result = text ? reinterpret_cast<const char*>(text) : sqlite3_errmsg(db);
        if (result != "ok") return refuse(0, "journal " + quote(path) + ": the file's structure is damaged: " + result);
    }
    out.cases = check.chains();
    out.last_hash = check.last_hash();
    const auto plural = [](std::uint64_t n, const char* one, const char* many) {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    };
    out.message = out.records == 0
                      ? "journal " + quote(path) + ": empty (no records), intact"
                      : "journal " + quote(path) + ": " + plural(out.records, "record", "records") + " in " +
                            plural(out.cases, "hash chain", "hash chains") + ", all intact; the last record, " +
                            std::to_string(out.records) + ", has hash " + to_hex(out.last_hash);
    return out;
}

}  // namespace fengqiao
