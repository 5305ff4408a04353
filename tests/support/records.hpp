// Equality of commands and journal records, for tests that check a store or a codec gives back
// exactly what it was given. Field by field, so a mismatch report can say which field differs.
#pragma once

#include <ostream>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <fengqiao/fengqiao.hpp>

namespace fengqiao {

inline bool operator==(const Report& a, const Report& b) {
    return a.jurisdiction == b.jurisdiction && a.category == b.category && a.channel == b.channel &&
           a.claimed_amount == b.claimed_amount && a.risk == b.risk && a.parties == b.parties &&
           a.unnamed_parties == b.unnamed_parties && a.summary == b.summary && a.threat == b.threat &&
           a.violence_history == b.violence_history && a.repeat_of == b.repeat_of;
}
inline bool operator==(const Accept&, const Accept&) { return true; }
inline bool operator==(const Reject& a, const Reject& b) { return a.reason == b.reason; }
inline bool operator==(const Assign& a, const Assign& b) { return a.mediators == b.mediators; }
inline bool operator==(const HoldSession& a, const HoldSession& b) { return a.note == b.note; }
inline bool operator==(const ReachAgreement& a, const ReachAgreement& b) {
    return a.terms == b.terms && a.written == b.written;
}
inline bool operator==(const Fail& a, const Fail& b) { return a.reason == b.reason; }
inline bool operator==(const Expire&, const Expire&) { return true; }
inline bool operator==(const Escalate& a, const Escalate& b) { return a.note == b.note; }
inline bool operator==(const Refer& a, const Refer& b) { return a.route == b.route && a.reason == b.reason; }
inline bool operator==(const ApplyConfirmation&, const ApplyConfirmation&) { return true; }
inline bool operator==(const ConfirmationGranted&, const ConfirmationGranted&) { return true; }
inline bool operator==(const ConfirmationDenied& a, const ConfirmationDenied& b) { return a.reason == b.reason; }
inline bool operator==(const StartFollowUp&, const StartFollowUp&) { return true; }
inline bool operator==(const RecordFulfilment& a, const RecordFulfilment& b) {
    return a.fulfilled == b.fulfilled && a.note == b.note;
}
inline bool operator==(const Close& a, const Close& b) { return a.outcome == b.outcome && a.note == b.note; }
inline bool operator==(const Withdraw& a, const Withdraw& b) { return a.reason == b.reason; }
inline bool operator==(const RaiseRisk& a, const RaiseRisk& b) {
    return a.grade == b.grade && a.reason == b.reason && a.threat == b.threat;
}
inline bool operator==(const RiskEscalation&, const RiskEscalation&) { return true; }

/// The first field in which two records differ, or an empty string when they are equal.
inline std::string first_difference(const JournalRecord& a, const JournalRecord& b) {
#define FENGQIAO_FIELD(f) \
    if (!(a.f == b.f)) return #f;
    FENGQIAO_FIELD(sequence)
    FENGQIAO_FIELD(case_id)
    FENGQIAO_FIELD(case_sequence)
    FENGQIAO_FIELD(kind)
    FENGQIAO_FIELD(refusal)
    FENGQIAO_FIELD(from)
    FENGQIAO_FIELD(to)
    FENGQIAO_FIELD(risk_after)
    FENGQIAO_FIELD(route_after)
    FENGQIAO_FIELD(time)
    FENGQIAO_FIELD(actor)
    FENGQIAO_FIELD(jurisdiction_before)
    FENGQIAO_FIELD(jurisdiction_after)
    FENGQIAO_FIELD(deadline)
    FENGQIAO_FIELD(warn_at)
    FENGQIAO_FIELD(command)
    FENGQIAO_FIELD(reason)
    FENGQIAO_FIELD(request_id)
    FENGQIAO_FIELD(policy_version)
#undef FENGQIAO_FIELD
    return {};
}

inline bool operator==(const JournalRecord& a, const JournalRecord& b) { return first_difference(a, b).empty(); }

/// Every committed record of @p j, in order.
inline std::vector<JournalRecord> records_of(const Journal& j) {
    std::vector<JournalRecord> out;
    j.for_each([&out](const JournalRecord& r) { out.push_back(r); });
    return out;
}

/// Prints a record as its sequence and command, so gtest failures say which record.
inline void PrintTo(const JournalRecord& r, std::ostream* out) {
    *out << "record " << r.sequence << " (case " << r.case_id.value() << ", " << to_string(r.command_kind()) << ")";
}

}  // namespace fengqiao
