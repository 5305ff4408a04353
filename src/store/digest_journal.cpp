#include "fengqiao/store/digest_journal.hpp"

#include "hash_chain.hpp"
#include "record_codec.hpp"

namespace fengqiao {

// The same chains and digest as the SQLite journal's (hash_chain.hpp), so the digest of a run is the
// one `fengqiao verify` reports for the file the run wrote.
struct DigestJournal::State {
    store::JournalDigest committed;  // the digest as of the last commit
    store::JournalDigest open;       // ... plus the open transaction
    std::vector<store::ChainHead> heads;  // per case id (0: reports refused before their case existed)
    std::vector<std::pair<std::uint32_t, store::ChainHead>> undo;  // (case id, head before) this transaction
    std::string buffer;
};

DigestJournal::DigestJournal(std::shared_ptr<Journal> inner, bool hash)
    : state_(std::make_unique<State>()), inner_(std::move(inner)), hash_(hash) {}

DigestJournal::~DigestJournal() = default;

void DigestJournal::append(const JournalRecord& record, const Case& after, const CaseFile& file) {
    if (inner_) inner_->append(record, after, file);
    if (!hash_) {
        ++pending_;
        return;
    }
    State& s = *state_;
    const std::uint32_t id = record.case_id.value();
    if (s.heads.size() <= id) s.heads.resize(std::size_t{id} + 1);
    store::ChainHead& head = s.heads[id];
    s.undo.emplace_back(id, head);
    s.buffer.clear();
    store::encode_record(record, head.seq, s.buffer);
    head.hash = store::chain_hash(head.hash, s.buffer);
    head.seq = record.sequence;
    s.open.add(head.hash);
    ++pending_;
}

void DigestJournal::commit() {
    if (inner_) inner_->commit();
    state_->committed = state_->open;
    state_->undo.clear();
    committed_ += pending_;
    pending_ = 0;
}

void DigestJournal::rollback() {
    if (inner_) inner_->rollback();
    State& s = *state_;
    s.open = s.committed;
    for (auto it = s.undo.rbegin(); it != s.undo.rend(); ++it) s.heads[it->first] = it->second;
    s.undo.clear();
    pending_ = 0;
}

void DigestJournal::for_each(const std::function<void(const JournalRecord&)>& visit) const {
    if (inner_) inner_->for_each(visit);
}

std::vector<JournalRecord> DigestJournal::history(CaseId case_id) const {
    return inner_ ? inner_->history(case_id) : std::vector<JournalRecord>{};
}

std::string DigestJournal::digest() const {
    if (!hash_) return {};
    return to_hex(state_->committed.value());
}

}  // namespace fengqiao
