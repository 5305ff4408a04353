/// @file digest_journal.hpp
/// @brief A journal that keeps no records, only how many there were and their digest: for simulations
/// at scale and for proving two runs wrote the same journal.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "fengqiao/store/journal.hpp"

namespace fengqiao {

/// Digests every committed record exactly as SqliteJournal does (each record's hash chained to its
/// case's previous one, then SHA-256 over all the hashes in sequence order) and passes it on to an
/// optional inner journal. The digest is therefore the one verify_journal() reports for a file holding
/// the same records. history() and for_each() see only what the inner journal keeps.
class DigestJournal final : public Journal {
public:
    /// A digest alone, or in front of @p inner (which then stores the records). With @p hash false it
    /// only counts records (digest() is then empty).
    explicit DigestJournal(std::shared_ptr<Journal> inner = nullptr, bool hash = true);
    /// Destroys the journal.
    ~DigestJournal() override;
    /// Digests @p record into the open transaction and appends it to the inner journal.
    void append(const JournalRecord& record, const Case& after, const CaseFile& file) override;
    /// Commits the open transaction (and the inner journal's).
    void commit() override;
    /// Forgets the open transaction (and rolls back the inner journal).
    void rollback() override;
    /// Records committed or pending.
    [[nodiscard]] std::uint64_t size() const override { return committed_ + pending_; }
    /// Visits the inner journal's records (nothing without one).
    void for_each(const std::function<void(const JournalRecord&)>& visit) const override;
    /// The inner journal's history of a case (empty without one).
    [[nodiscard]] std::vector<JournalRecord> history(CaseId case_id) const override;
    /// The digest of every committed record (as JournalVerification::digest), as 64 hex digits; for no
    /// records, 64 zeros.
    [[nodiscard]] std::string digest() const;

private:
    struct State;
    std::unique_ptr<State> state_;
    std::shared_ptr<Journal> inner_;
    std::uint64_t committed_ = 0;
    std::uint64_t pending_ = 0;
    bool hash_ = true;
};

}  // namespace fengqiao
