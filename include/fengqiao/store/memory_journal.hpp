/// @file memory_journal.hpp
/// @brief A journal kept in memory: for tests, simulations and engines that do not need durability.
#pragma once

#include <utility>
#include <vector>

#include "fengqiao/store/journal.hpp"

namespace fengqiao {

/// Keeps every record in memory, with a per-case chain for O(history) lookups.
///
/// Records are stored in fixed-size blocks that never move once written, so appending costs the same
/// at the millionth record as at the first (a single growing vector would move every record each
/// time it grew).
class MemoryJournal final : public Journal {
public:
    /// Appends to the open transaction.
    void append(const JournalRecord& record, const Case& after, const CaseFile& file) override;
    /// Appends to the open transaction, keeping @p record itself.
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
    [[nodiscard]] const JournalRecord& record(std::uint64_t index) const noexcept {
        return blocks_[index / block_size][index % block_size].record;
    }

private:
    static constexpr std::uint64_t block_size = 1024;  // records per block, about a quarter MiB
    static constexpr std::uint64_t none = ~std::uint64_t{0};
    struct Slot {
        Slot(JournalRecord&& r, std::uint64_t p) noexcept : record(std::move(r)), previous(p) {}
        JournalRecord record;
        std::uint64_t previous;  // index of the same case's previous record, or none
    };
    std::vector<std::vector<Slot>> blocks_;  // each reserved to block_size, never reallocated
    std::uint64_t size_ = 0;
    std::vector<std::uint64_t> last_of_case_;  // per case index: index of its latest record
    std::uint64_t committed_ = 0;
};

}  // namespace fengqiao
