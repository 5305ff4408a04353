#include "fengqiao/store/memory_journal.hpp"

namespace fengqiao {

void MemoryJournal::append(const JournalRecord& record, const Case& after, const CaseFile& file) {
    (void)after;
    (void)file;
    records_.push_back(record);
    if (!record.case_id.valid()) {  // a refused report: no case to chain it to
        previous_of_case_.push_back(none);
        return;
    }
    const auto c = record.case_id.index();
    if (last_of_case_.size() <= c) last_of_case_.resize(c + 1, none);
    previous_of_case_.push_back(last_of_case_[c]);
    last_of_case_[c] = records_.size() - 1;
}

void MemoryJournal::rollback() {
    while (records_.size() > committed_) {
        if (records_.back().case_id.valid()) last_of_case_[records_.back().case_id.index()] = previous_of_case_.back();
        records_.pop_back();
        previous_of_case_.pop_back();
    }
}

void MemoryJournal::for_each(const std::function<void(const JournalRecord&)>& visit) const {
    for (std::size_t i = 0; i < committed_; ++i) visit(records_[i]);
}

std::vector<JournalRecord> MemoryJournal::history(CaseId case_id) const {
    std::vector<JournalRecord> out;
    if (!case_id.valid() || case_id.index() >= last_of_case_.size()) return out;
    for (auto i = last_of_case_[case_id.index()]; i != none; i = previous_of_case_[i]) out.push_back(records_[i]);
    return {out.rbegin(), out.rend()};
}

}  // namespace fengqiao
