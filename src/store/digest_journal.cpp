#include "fengqiao/store/digest_journal.hpp"

#include <cstdio>

#include "record_codec.hpp"
#include "sha256.hpp"

namespace fengqiao {

struct DigestJournal::State {
    store::Sha256 committed;  // the digest as of the last commit
    store::Sha256 open;       // ... plus the open transaction
    std::vector<std::uint64_t> last_of_case;  // sequence of each case's latest record (part of the encoding)
    std::vector<std::pair<std::size_t, std::uint64_t>> undo;  // (case index, previous value) this transaction
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
    std::uint64_t previous = 0;
    if (record.case_id.valid()) {
        const auto c = record.case_id.index();
        if (s.last_of_case.size() <= c) s.last_of_case.resize(c + 1, 0);
        previous = s.last_of_case[c];
        s.undo.emplace_back(c, previous);
        s.last_of_case[c] = record.sequence;
    }
    s.buffer.clear();
    store::encode_record(record, previous, s.buffer);
    const std::uint64_t n = s.buffer.size();
    s.open.update(&n, sizeof n);  // length-prefixed, so record boundaries are part of the digest
    s.open.update(s.buffer.data(), s.buffer.size());
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
    for (auto it = s.undo.rbegin(); it != s.undo.rend(); ++it) s.last_of_case[it->first] = it->second;
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
    store::Sha256 copy = state_->committed;
    const auto d = copy.finish();
    std::string hex;
    char buf[3];
    for (auto byte : d) {
        std::snprintf(buf, sizeof buf, "%02x", byte);
        hex += buf;
    }
    return hex;
}

}  // namespace fengqiao
