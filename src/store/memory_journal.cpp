#include "fengqiao/store/memory_journal.hpp"

#include <string>

namespace fengqiao {

void MemoryJournal::append(const JournalRecord& record, const Case& after, const CaseFile& file) {
    adopt(JournalRecord(record), after, file);
}

void MemoryJournal::adopt(JournalRecord&& record, const Case& after, const CaseFile& file) {
    (void)after;
    (void)file;
    if (record.sequence != size_ + 1) {
        throw StorageError("memory journal: record " + std::to_string(record.sequence) + " was appended where record " +
                           std::to_string(size_ + 1) + " belongs (is another engine writing to this journal?)");
    }
    if (size_ == blocks_.size() * block_size) {
        blocks_.emplace_back();
        blocks_.back().reserve(block_size);
    }
    blocks_.back().push_back(std::move(record));
    ++size_;
    chain_last();
}

void MemoryJournal::chain_last() {
    const JournalRecord& last = record(size_ - 1);
    if (!last.case_id.valid()) {  // a refused report: no case to chain it to
        previous_of_case_.push_back(none);
        return;
    }
    const auto c = last.case_id.index();
    if (last_of_case_.size() <= c) last_of_case_.resize(c + 1, none);
    previous_of_case_.push_back(last_of_case_[c]);
    last_of_case_[c] = size_ - 1;
}

void MemoryJournal::rollback() {
    while (size_ > committed_) {
        std::vector<JournalRecord>& block = blocks_.back();
        if (block.back().case_id.valid()) last_of_case_[block.back().case_id.index()] = previous_of_case_.back();
        block.pop_back();
        if (block.empty()) blocks_.pop_back();
        previous_of_case_.pop_back();
        --size_;
    }
}

void MemoryJournal::for_each(const std::function<void(const JournalRecord&)>& visit) const {
    for (std::uint64_t i = 0; i < committed_; ++i) visit(record(i));
}

std::vector<JournalRecord> MemoryJournal::history(CaseId case_id) const {
    std::vector<JournalRecord> out;
    if (!case_id.valid() || case_id.index() >= last_of_case_.size()) return out;
    for (auto i = last_of_case_[case_id.index()]; i != none; i = previous_of_case_[i]) out.push_back(record(i));
    return {out.rbegin(), out.rend()};
}

}  // namespace fengqiao
