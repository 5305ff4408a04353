/// @file sqlite_journal.hpp
/// @brief The durable journal: one SQLite file (WAL mode) holding every record with the state it left
/// its case in, and a hash chain per case that makes any alteration or removal detectable.
///
/// What is guaranteed at each Durability setting, and what the crash test checks, is described in
/// docs/durability.md.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fengqiao/store/journal.hpp"

namespace fengqiao {

/// When a committed engine transaction reaches the file and stable storage.
enum class Durability : std::uint8_t {
    /// Every commit (one per `submit()`, one per `submit_batch()`) is a SQLite transaction synced to
    /// stable storage before the call returns: an acknowledged command survives a crash of the
    /// process, of the operating system and a power cut. A batch shares one sync (group commit).
    every_command,
    /// Every commit is a SQLite transaction written to the file before the call returns, but syncs
    /// are batched: the write-ahead log reaches stable storage at WAL checkpoints (and at
    /// checkpoint()). An acknowledged command survives a crash of the process; a power cut or an
    /// operating-system crash may lose the latest commits, never part of one.
    every_batch,
    /// Commits stay in memory in one open SQLite transaction until checkpoint() (or
    /// SqliteJournalOptions::checkpoint_every records, or closing the journal) writes and syncs
    /// them. Fastest; a crash loses everything since the last checkpoint, never part of a commit.
    on_checkpoint,
};

/// Names of Durability values.
template <>
struct EnumNames<Durability> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "durability";
    /// Canonical names.
    static constexpr std::array<std::string_view, 3> names{"every_command", "every_batch", "on_checkpoint"};
    /// Display labels.
    static constexpr std::array<std::string_view, 3> labels{"逐条落盘", "批量落盘", "检查点落盘"};
};

/// How a SqliteJournal opens its file.
struct SqliteJournalOptions {
    Durability durability = Durability::every_command;  ///< when commits reach stable storage
    /// Opens an existing file for reading only (verification, export); every write throws
    /// StorageError. A missing file is an error instead of being created.
    bool read_only = false;
    /// With Durability::on_checkpoint: also checkpoint once this many records are pending
    /// (0: only when checkpoint() is called or the journal is closed).
    std::uint32_t checkpoint_every = 0;
};

/// A SHA-256 digest, as carried by the hash chain.
using Digest = std::array<std::uint8_t, 32>;

/// Lower-case hexadecimal form of @p digest (64 characters).
[[nodiscard]] std::string to_hex(const Digest& digest);

/// A record's place in its case's hash chain.
///
/// The hash is SHA-256 over the previous record's hash (32 zero bytes for a case's first record)
/// followed by this record's stored content, which includes @ref previous. Refused reports, which
/// have no case, form a chain of their own (case 0).
struct ChainLink {
    std::uint64_t previous = 0;  ///< sequence of the same case's previous record; 0 for its first
    Digest hash{};               ///< the chained hash of this record
};

/// A case as the store holds it: the state its latest record left it in, stored with that record (in
/// the same transaction), and its free text as last changed.
struct StoredCase {
    Case state;                    ///< the case after its latest record
    CaseFile file;                 ///< its free text
    std::uint64_t last_record = 0; ///< sequence of its latest record (applied or refused)
};

/// A journal in one SQLite file, for engines whose commands must survive a restart or a crash.
///
/// Each record is stored with the case's state after it, in the same SQLite transaction; rows are only
/// ever appended. Opening a file that holds records checks its schema version and its integrity; an
/// engine built on it then recovers every case, request id and pending timer (Engine::recover()).
/// Every read of the whole journal (for_each()) verifies the sequence, the per-case versions, the
/// hash chains and the journal's digest as it goes, and throws JournalCorrupt naming the file and the
/// first bad record. A refused file is never written to.
///
/// One writer: a file is used by one journal (one engine) at a time; other processes may read it
/// (verify_journal(), `fengqiao export`) concurrently. Not thread-safe, like the engine.
class SqliteJournal final : public Journal {
public:
    /// The schema version this library writes and the newest it reads.
    static constexpr int schema_version = 1;

    /// Opens @p path, creating an empty journal if the file does not exist (or is empty).
    /// Throws JournalCorrupt if the file is not a fengqiao journal, comes from a newer schema, or is
    /// truncated or damaged; StorageError if it cannot be opened. Either way the file is left
    /// untouched.
    explicit SqliteJournal(std::string path, SqliteJournalOptions options = {});
    /// Closes the file. With Durability::on_checkpoint, pending commits are written first (a
    /// failure to write them is reported on standard error, as a destructor cannot throw).
    ~SqliteJournal() override;
    SqliteJournal(const SqliteJournal&) = delete;             ///< owns a database connection
    SqliteJournal& operator=(const SqliteJournal&) = delete;  ///< owns a database connection

    /// Appends @p record and stages @p after as the case's stored state, in the open transaction.
    /// Throws StorageError (the engine then rolls back).
    void append(const JournalRecord& record, const Case& after, const CaseFile& file) override;
    /// Commits the open transaction as the durability setting says. Throws StorageError (disk full,
    /// read-only file); the transaction is then rolled back by the engine.
    void commit() override;
    /// Discards everything appended since the last commit.
    void rollback() override;
    /// Number of records, committed or not.
    [[nodiscard]] std::uint64_t size() const override;
    /// Visits every committed record in sequence order, verifying each (see the class comment).
    void for_each(const std::function<void(const JournalRecord&)>& visit) const override;
    /// The records of one case in sequence order.
    [[nodiscard]] std::vector<JournalRecord> history(CaseId case_id) const override;

    /// Visits every committed record with its place in the hash chain, verifying as for_each() does.
    void for_each_linked(const std::function<void(const JournalRecord&, const ChainLink&)>& visit) const;
    /// Every case as stored with its latest record, in id order: the copy kept for readers.
    /// verify_journal() checks its id, version, state, jurisdiction, risk, route, deadlines, what it
    /// keeps of its report and its free text against the records; counters no record states (sessions
    /// held, failures) it cannot check.
    [[nodiscard]] std::vector<StoredCase> stored_cases() const;
    /// Writes every commit so far to the file and syncs it to stable storage, whatever the
    /// durability setting; also folds the write-ahead log into the main file when no reader holds it.
    void checkpoint();

    /// A value stored with the journal under @p key (empty if none), e.g. which county wrote it.
    [[nodiscard]] std::string attribute(std::string_view key) const;
    /// Stores @p value under @p key, durably, outside any engine transaction.
    void set_attribute(std::string_view key, std::string_view value);

    /// The file.
    [[nodiscard]] const std::string& path() const noexcept;
    /// The durability setting it was opened with.
    [[nodiscard]] Durability durability() const noexcept;
    /// Whether it was opened for reading only (SqliteJournalOptions::read_only).
    [[nodiscard]] bool read_only() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::uint64_t next_sequence_ = 1;
};

/// What verify_journal() found.
struct JournalVerification {
    bool intact = true;            ///< no record was altered or removed
    std::uint64_t records = 0;     ///< records checked
    std::uint64_t cases = 0;       ///< cases whose chains were checked
    std::uint64_t first_bad = 0;   ///< sequence of the first record altered or removed (0 if intact)
    /// Running SHA-256 over every record's hash in sequence order, as the journal's head also keeps
    /// it. Keep it: a later check that finds another digest for the same records shows that one was
    /// altered and re-hashed, or that records were removed, even by someone who rewrote the head.
    Digest digest{};
    std::string message;           ///< what is wrong (file, record, case), or a one-line summary
};

/// Checks every record's sequence, content and hash chain, then the journal's head (its last record
/// and the digest of all records), then the file's structure. Reports the first record that was
/// altered or removed; never modifies the file. Throws StorageError if the file cannot be opened.
[[nodiscard]] JournalVerification verify_journal(const std::string& path);

}  // namespace fengqiao
