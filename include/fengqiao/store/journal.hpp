/// @file journal.hpp
/// @brief The append-only audit trail: one record per accepted command (and per refused attempt),
/// and the interface every store implements.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/error.hpp"
#include "fengqiao/core/ids.hpp"
#include "fengqiao/core/time.hpp"
#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/lifecycle/state.hpp"
#include "fengqiao/model/case.hpp"

namespace fengqiao {

/// Whether a record changed a case or documents a refused attempt.
enum class RecordKind : std::uint8_t {
    applied,  ///< the command was accepted and changed the case
    refused,  ///< the command was refused by authorization; the case did not change
};

/// Names of RecordKind values.
template <>
struct EnumNames<RecordKind> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "record kind";
    /// Canonical names.
    static constexpr std::array<std::string_view, 2> names{"applied", "refused"};
    /// Display labels.
    static constexpr std::array<std::string_view, 2> labels{"已执行", "已拒绝"};
};

/// One entry of the journal. An applied record carries everything needed to rebuild the case without
/// consulting any policy: the resolved command (an Assign names the team the policy picked) and the
/// effects the policies decided (jurisdiction, risk, deadline, route).
struct JournalRecord {
    std::uint64_t sequence = 0;        ///< position in the whole journal, from 1
    CaseId case_id;                    ///< the case
    std::uint32_t case_sequence = 0;   ///< applied: the case's version after it (1 for the report);
                                       ///< refused: the case's version at the time
    RecordKind kind = RecordKind::applied;  ///< applied or refused
    ErrorCode refusal = ErrorCode::not_authorized;  ///< why it was refused (refused records only)
    State from = State::reported;      ///< state before (reported for the report itself)
    State to = State::reported;        ///< state after
    RiskGrade risk_after = RiskGrade::blue;          ///< risk grade after
    ReferralRoute route_after = ReferralRoute::none; ///< referral route after
    TimePoint time{};                  ///< when the engine applied it
    ActorId actor;                     ///< who issued it (system_actor for timers and automatic moves)
    JurisdictionId jurisdiction_before;  ///< level before
    JurisdictionId jurisdiction_after;   ///< level after
    TimePoint deadline = no_time;      ///< the case's deadline after
    TimePoint warn_at = no_time;       ///< the case's deadline warning after
    Command command;                   ///< the resolved command with its payload
    std::string reason;                ///< the policy's reason, or the refusal message
    std::string request_id;            ///< the caller's request id, if any
    std::string policy_version;        ///< the policy-set version (report records only)

    /// The kind of command this record holds.
    [[nodiscard]] CommandKind command_kind() const noexcept { return kind_of(command); }
};

/// Where records go. The engine appends within a transaction and commits once per command (or per
/// batch); a store decides what "committed" means on disk.
///
/// Implementations throw StorageError when a record cannot be stored; the engine then rolls back its
/// in-memory state, so it never runs ahead of what was stored.
class Journal {
public:
    virtual ~Journal() = default;
    /// Appends @p record to the open transaction; @p after is the case as the record leaves it
    /// (stores that keep a case table write it in the same transaction).
    virtual void append(const JournalRecord& record, const Case& after, const CaseFile& file) = 0;
    /// Appends @p record, which the caller gives up: what the engine calls on every accepted
    /// command, so that a store keeping records in memory can take the record over instead of
    /// copying it. The default calls append(); stores that serialize the record need not override it.
    virtual void adopt(JournalRecord&& record, const Case& after, const CaseFile& file) {
        append(record, after, file);
    }
    /// Makes every record appended since the last commit part of the journal.
    virtual void commit() = 0;
    /// Discards every record appended since the last commit.
    virtual void rollback() = 0;
    /// Number of records, committed or not.
    [[nodiscard]] virtual std::uint64_t size() const = 0;
    /// Calls @p visit on every committed record in sequence order.
    virtual void for_each(const std::function<void(const JournalRecord&)>& visit) const = 0;
    /// The records of one case in sequence order.
    [[nodiscard]] virtual std::vector<JournalRecord> history(CaseId case_id) const = 0;
};

}  // namespace fengqiao
