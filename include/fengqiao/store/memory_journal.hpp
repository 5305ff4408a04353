/// @file memory_journal.hpp
/// @brief A journal kept in memory: for tests, simulations and engines that do not need durability.
#pragma once

#include <vector>

#include "fengqiao/store/journal.hpp"

namespace fengqiao {

/// Keeps every record in a vector, with a per-case chain for O(history) lookups.
class MemoryJournal final : public Journal {
public:
    /// Appends to the open transaction.
    void append(const JournalRecord& record, const Case& after, const CaseFile& file) override;
    /// Commits the open transaction.
    void commit() override { committed_ = records_.size(); }
    /// Drops every record since the last commit.
    void rollback() override;
    /// Number of records.
    [[nodiscard]] std::uint64_t size() const override { return records_.size(); }
    /// Visits committed records in order.
    void for_each(const std::function<void(const JournalRecord&)>& visit) const override;
    /// One case's records in order.
    [[nodiscard]] std::vector<JournalRecord> history(CaseId case_id) const override;
    /// All records, committed or not, in order.
    [[nodiscard]] const std::vector<JournalRecord>& records() const noexcept { return records_; }

private:
    static constexpr std::uint64_t none = ~std::uint64_t{0};
    std::vector<JournalRecord> records_;
    std::vector<std::uint64_t> previous_of_case_;  // per record: index of the case's previous record
    std::vector<std::uint64_t> last_of_case_;      // per case index: index of its latest record
    std::size_t committed_ = 0;
};

}  // namespace fengqiao
