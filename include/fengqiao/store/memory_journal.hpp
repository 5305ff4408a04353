/// @file memory_journal.hpp
/// @brief A journal kept in memory: for tests, simulations and engines that do not need durability.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "fengqiao/store/journal.hpp"

namespace fengqiao {

/// Keeps every record in memory, with a per-case chain for O(history) lookups.
///
/// Records are kept compact: a fixed-size entry of about 80 bytes holds the numbers of a record, and
/// its texts (the command's text, the reason, the request id, the policy version) are packed into
/// large shared buffers, so a record without text costs no allocation. Reading a record (for_each(),
/// history(), record()) rebuilds it as a JournalRecord. Entries and texts are stored in blocks that
/// never move once written, so appending costs the same at the millionth record as at the first.
class MemoryJournal final : public Journal {
public:
    /// An empty journal.
    MemoryJournal();
    /// Destroys the journal and its records.
    ~MemoryJournal() override;
    MemoryJournal(const MemoryJournal&) = delete;             ///< a journal is one engine's history
    MemoryJournal& operator=(const MemoryJournal&) = delete;  ///< not copyable

    /// Appends to the open transaction.
    void append(const JournalRecord& record, const Case& after, const CaseFile& file) override;
    /// Appends to the open transaction, taking over @p record's payload (a Report's parties) instead
    /// of copying it.
    void adopt(JournalRecord&& record, const Case& after, const CaseFile& file) override;
    /// Commits the open transaction.
    void commit() override { committed_ = size_; }
    /// Drops every record since the last commit.
    void rollback() override;
    /// Number of records.
    [[nodiscard]] std::uint64_t size() const override { return size_; }
    /// Visits committed records in order.
    void for_each(const std::function<void(const JournalRecord&)>& visit) const override;
    /// One case's records in order.
    [[nodiscard]] std::vector<JournalRecord> history(CaseId case_id) const override;
    /// The record at @p index (0 for the first), committed or not; precondition: index < size().
    [[nodiscard]] JournalRecord record(std::uint64_t index) const;

private:
    struct Entry;
    class Texts;

    void store(const JournalRecord& record, JournalRecord* owned);  // owned: may take its payload
    [[nodiscard]] const Entry& entry(std::uint64_t index) const noexcept;

    static constexpr std::uint64_t block_size = 4096;  // entries per block
    std::vector<std::unique_ptr<Entry[]>> blocks_;
    std::uint64_t size_ = 0;
    std::uint64_t committed_ = 0;
    std::unique_ptr<Texts> texts_;
    std::deque<Report> reports_;       // payloads of report records, in order
    std::vector<ActorId> mediators_;   // payloads of assign records, in order
    std::vector<std::uint64_t> last_of_case_;  // per case index: index of its latest record
};

}  // namespace fengqiao
