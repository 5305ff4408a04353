#include "fengqiao/store/memory_journal.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <type_traits>

namespace fengqiao {
namespace {

constexpr std::uint64_t none = ~std::uint64_t{0};

}  // namespace

// The numbers of one record. Its sequence is its position (index + 1).
struct MemoryJournal::Entry {
    std::int64_t time;
    std::int64_t deadline;
    std::int64_t warn_at;
    std::uint64_t previous;  // index of the same case's previous record, or none
    std::uint32_t case_id;
    std::uint32_t case_sequence;
    std::uint32_t actor;
    std::uint32_t jurisdiction_before;
    std::uint32_t jurisdiction_after;
    std::uint32_t text_chunk;   // where its texts start (when texts != 0)
    std::uint32_t text_offset;
    std::uint32_t payload;      // reports_ index (report) or mediators_ offset (assign)
    std::uint16_t payload_count;  // mediators (assign)
    std::uint8_t kind;
    std::uint8_t refusal;
    std::uint8_t from;
    std::uint8_t to;
    std::uint8_t risk_after;
    std::uint8_t route_after;
    std::uint8_t command;
    std::uint8_t choice;  // the command's route, outcome or grade
    std::uint8_t flag;    // the command's written, fulfilled or threat
    std::uint8_t texts;   // bit i: text i present (the command's, reason, request id, policy version)
};

// Texts packed one after another as (32-bit length, bytes) into large buffers that never move; a
// record's texts are contiguous, so dropping records drops everything after the first one's start.
class MemoryJournal::Texts {
public:
    // Reserves @p bytes for the next record's texts and returns where they go.
    char* reserve(std::size_t bytes, std::uint32_t& chunk, std::uint32_t& offset) {
        if (chunks_.empty() || used_ + bytes > capacity_.back()) {
            const std::size_t cap = std::max(chunk_size, bytes);
            chunks_.push_back(std::unique_ptr<char[]>(new char[cap]));  // not zeroed: written before read
            capacity_.push_back(cap);
            used_ = 0;
        }
        chunk = static_cast<std::uint32_t>(chunks_.size() - 1);
        offset = static_cast<std::uint32_t>(used_);
        used_ += bytes;
        return chunks_.back().get() + offset;
    }
    // Forgets every text from (@p chunk, @p offset) on.
    void truncate(std::uint32_t chunk, std::uint32_t offset) {
        chunks_.resize(chunk + 1);
        capacity_.resize(chunk + 1);
        used_ = offset;
    }
    [[nodiscard]] const char* at(std::uint32_t chunk, std::uint32_t offset) const noexcept {
        return chunks_[chunk].get() + offset;
    }

private:
    static constexpr std::size_t chunk_size = std::size_t{1} << 20;
    std::vector<std::unique_ptr<char[]>> chunks_;
    std::vector<std::size_t> capacity_;
    std::size_t used_ = 0;
};

MemoryJournal::MemoryJournal() : texts_(std::make_unique<Texts>()) {}
MemoryJournal::~MemoryJournal() = default;

const MemoryJournal::Entry& MemoryJournal::entry(std::uint64_t index) const noexcept {
    return blocks_[index / block_size][index % block_size];
}

void MemoryJournal::append(const JournalRecord& record, const Case& after, const CaseFile& file) {
    (void)after;
    (void)file;
    store(record, nullptr);
}

void MemoryJournal::adopt(JournalRecord&& record, const Case& after, const CaseFile& file) {
    (void)after;
    (void)file;
    store(record, &record);
}

void MemoryJournal::store(const JournalRecord& record, JournalRecord* owned) {
    if (record.sequence != size_ + 1) {
        throw StorageError("memory journal: record " + std::to_string(record.sequence) + " was appended where record " +
                           std::to_string(size_ + 1) + " belongs (is another engine writing to this journal?)");
    }
    if (record.command.valueless_by_exception()) {
        throw StorageError("memory journal: record " + std::to_string(record.sequence) + " has no command");
    }
    // Blocks are addressed by position, so one left over by a store that failed is simply reused.
    while (blocks_.size() <= size_ / block_size) {
        blocks_.push_back(std::unique_ptr<Entry[]>(new Entry[block_size]));  // not zeroed: written before read
    }
    Entry& e = blocks_[size_ / block_size][size_ % block_size];
    e.time = record.time.time_since_epoch().count();
    e.deadline = record.deadline.time_since_epoch().count();
    e.warn_at = record.warn_at.time_since_epoch().count();
    e.case_id = record.case_id.value();
    e.case_sequence = record.case_sequence;
    e.actor = record.actor.value();
    e.jurisdiction_before = record.jurisdiction_before.value();
    e.jurisdiction_after = record.jurisdiction_after.value();
    e.kind = static_cast<std::uint8_t>(record.kind);
    e.refusal = static_cast<std::uint8_t>(record.refusal);
    e.from = static_cast<std::uint8_t>(record.from);
    e.to = static_cast<std::uint8_t>(record.to);
    e.risk_after = static_cast<std::uint8_t>(record.risk_after);
    e.route_after = static_cast<std::uint8_t>(record.route_after);
    e.command = static_cast<std::uint8_t>(record.command.index());
    e.choice = 0;
    e.flag = 0;
    e.payload = 0;
    e.payload_count = 0;

    // The command's own fields; its text joins the record's texts below.
    const std::string* command_text_ptr = nullptr;
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            command_text_ptr = detail::text_of(c);
            if constexpr (std::is_same_v<C, Report>) {
                e.payload = static_cast<std::uint32_t>(reports_.size());
                if (owned != nullptr) {
                    reports_.push_back(std::move(std::get<Report>(owned->command)));  // its parties, not a copy
                } else {
                    reports_.push_back(c);
                }
            } else if constexpr (std::is_same_v<C, Assign>) {
                e.payload = static_cast<std::uint32_t>(mediators_.size());
                e.payload_count = static_cast<std::uint16_t>(std::min<std::size_t>(c.mediators.size(), 0xFFFF));
                mediators_.insert(mediators_.end(), c.mediators.begin(), c.mediators.begin() + e.payload_count);
            } else if constexpr (std::is_same_v<C, Refer>) {
                e.choice = static_cast<std::uint8_t>(c.route);
            } else if constexpr (std::is_same_v<C, Close>) {
                e.choice = static_cast<std::uint8_t>(c.outcome);
            } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                e.choice = static_cast<std::uint8_t>(c.grade);
                e.flag = c.threat ? 1 : 0;
            } else if constexpr (std::is_same_v<C, ReachAgreement>) {
                e.flag = c.written ? 1 : 0;
            } else if constexpr (std::is_same_v<C, RecordFulfilment>) {
                e.flag = c.fulfilled ? 1 : 0;
            }
        },
        record.command);

    const std::string* texts[4] = {command_text_ptr, &record.reason, &record.request_id, &record.policy_version};
    std::size_t bytes = 0;
    e.texts = 0;
    for (int i = 0; i < 4; ++i) {
        if (texts[i] != nullptr && !texts[i]->empty()) {
            e.texts = static_cast<std::uint8_t>(e.texts | (1u << i));
            bytes += sizeof(std::uint32_t) + texts[i]->size();
        }
    }
    if (e.texts != 0) {
        char* out = texts_->reserve(bytes, e.text_chunk, e.text_offset);
        for (int i = 0; i < 4; ++i) {
            if ((e.texts & (1u << i)) == 0) continue;
            const auto n = static_cast<std::uint32_t>(texts[i]->size());
            std::memcpy(out, &n, sizeof n);
            std::memcpy(out + sizeof n, texts[i]->data(), n);
            out += sizeof n + n;
        }
    }

    e.previous = none;
    if (record.case_id.valid()) {  // a refused report has no case to chain it to
        const auto c = record.case_id.index();
        if (last_of_case_.size() <= c) last_of_case_.resize(c + 1, none);
        e.previous = last_of_case_[c];
        last_of_case_[c] = size_;
    }
    ++size_;
}

JournalRecord MemoryJournal::record(std::uint64_t index) const {
    const Entry& e = entry(index);
    JournalRecord r;
    r.sequence = index + 1;
    r.case_id = CaseId(e.case_id);
    r.case_sequence = e.case_sequence;
    r.kind = static_cast<RecordKind>(e.kind);
    r.refusal = static_cast<ErrorCode>(e.refusal);
    r.from = static_cast<State>(e.from);
    r.to = static_cast<State>(e.to);
    r.risk_after = static_cast<RiskGrade>(e.risk_after);
    r.route_after = static_cast<ReferralRoute>(e.route_after);
    r.time = TimePoint(Duration(e.time));
    r.actor = ActorId(e.actor);
    r.jurisdiction_before = JurisdictionId(e.jurisdiction_before);
    r.jurisdiction_after = JurisdictionId(e.jurisdiction_after);
    r.deadline = TimePoint(Duration(e.deadline));
    r.warn_at = TimePoint(Duration(e.warn_at));

    // The command, by kind, with its fields.
    switch (static_cast<CommandKind>(e.command)) {
        case CommandKind::report: r.command = reports_[e.payload]; break;
        case CommandKind::accept: r.command = Accept{}; break;
        case CommandKind::reject: r.command = Reject{}; break;
        case CommandKind::assign:
            r.command = Assign{std::vector<ActorId>(mediators_.begin() + e.payload,
                                                    mediators_.begin() + e.payload + e.payload_count)};
            break;
        case CommandKind::hold_session: r.command = HoldSession{}; break;
        case CommandKind::reach_agreement: r.command = ReachAgreement{{}, e.flag != 0}; break;
        case CommandKind::fail: r.command = Fail{}; break;
        case CommandKind::expire: r.command = Expire{}; break;
        case CommandKind::escalate: r.command = Escalate{}; break;
        case CommandKind::refer: r.command = Refer{static_cast<ReferralRoute>(e.choice), {}}; break;
        case CommandKind::apply_confirmation: r.command = ApplyConfirmation{}; break;
        case CommandKind::confirmation_granted: r.command = ConfirmationGranted{}; break;
        case CommandKind::confirmation_denied: r.command = ConfirmationDenied{}; break;
        case CommandKind::start_follow_up: r.command = StartFollowUp{}; break;
        case CommandKind::record_fulfilment: r.command = RecordFulfilment{e.flag != 0, {}}; break;
        case CommandKind::close: r.command = Close{static_cast<Outcome>(e.choice), {}}; break;
        case CommandKind::withdraw: r.command = Withdraw{}; break;
        case CommandKind::raise_risk: r.command = RaiseRisk{static_cast<RiskGrade>(e.choice), {}, e.flag != 0}; break;
        case CommandKind::risk_escalation: r.command = RiskEscalation{}; break;
    }

    if (e.texts != 0) {
        std::string* command_text = std::visit([](auto& c) { return detail::text_of(c); }, r.command);
        std::string* texts[4] = {command_text, &r.reason, &r.request_id, &r.policy_version};
        const char* in = texts_->at(e.text_chunk, e.text_offset);
        for (int i = 0; i < 4; ++i) {
            if ((e.texts & (1u << i)) == 0) continue;
            std::uint32_t n = 0;
            std::memcpy(&n, in, sizeof n);
            if (texts[i] != nullptr) texts[i]->assign(in + sizeof n, n);
            in += sizeof n + n;
        }
    }
    return r;
}

void MemoryJournal::rollback() {
    while (size_ > committed_) {
        const Entry& e = entry(size_ - 1);
        if (e.case_id != 0) last_of_case_[CaseId(e.case_id).index()] = e.previous;
        if (e.texts != 0) texts_->truncate(e.text_chunk, e.text_offset);
        // Cut back to where the entry's payload began (not pop_back: a store that failed half-way may
        // have left a payload without its entry).
        const auto kind = static_cast<CommandKind>(e.command);
        if (kind == CommandKind::report) reports_.resize(e.payload);
        if (kind == CommandKind::assign) mediators_.resize(e.payload);
        --size_;
    }
    blocks_.resize((size_ + block_size - 1) / block_size);
}

void MemoryJournal::for_each(const std::function<void(const JournalRecord&)>& visit) const {
    for (std::uint64_t i = 0; i < committed_; ++i) visit(record(i));
}

std::vector<JournalRecord> MemoryJournal::history(CaseId case_id) const {
    std::vector<JournalRecord> out;
    if (!case_id.valid() || case_id.index() >= last_of_case_.size()) return out;
    for (auto i = last_of_case_[case_id.index()]; i != none; i = entry(i).previous) out.push_back(record(i));
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace fengqiao
