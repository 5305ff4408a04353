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
    std::uint64_t previous = none;
    if (record.case_id.valid()) {  // a refused report has no case to chain it to
        const auto c = record.case_id.index();
        if (last_of_case_.size() <= c) last_of_case_.resize(c + 1, none);
        previous = last_of_case_[c];
        last_of_case_[c] = size_;
    }
    blocks_.back().emplace_back(std::move(record), previous);
    ++size_;
}

void MemoryJournal::rollback() {
    while (size_ > committed_) {
        std::vector<Slot>& block = blocks_.back();
        if (block.back().record.case_id.valid()) {
            last_of_case_[block.back().record.case_id.index()] = block.back().previous;
        }
        block.pop_back();
        if (block.empty()) blocks_.pop_back();
        --size_;
    }
}

void MemoryJournal::for_each(const std::function<void(const JournalRecord&)>& visit) const {
    for (std::uint64_t i = 0; i < committed_; ++i) visit(record(i));
}

std::vector<JournalRecord> MemoryJournal::history(CaseId case_id) const {
    std::vector<JournalRecord> out;
    if (!case_id.valid() || case_id.index() >= last_of_case_.size()) return out;
    for (auto i = last_of_case_[case_id.index()]; i != none; i = blocks_[i / block_size][i % block_size].previous) {
        out.push_back(record(i));
    }
    return {out.rbegin(), out.rend()};
}

}  // namespace fengqiao
