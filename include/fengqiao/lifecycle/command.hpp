/// @file command.hpp
/// @brief The commands actors issue on cases, and the two the engine issues itself.
///
/// Each command is a small struct; Command is the variant of all of them, in the order of CommandKind.
/// The canonical names (report, accept, ..., raise-risk) are the vocabulary of the journal, the JSON
/// command interface, error messages and the Python module.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/ids.hpp"
#include "fengqiao/model/category.hpp"
#include "fengqiao/model/channel.hpp"
#include "fengqiao/model/outcome.hpp"
#include "fengqiao/model/party.hpp"
#include "fengqiao/model/risk.hpp"

namespace fengqiao {

/// Registers a new dispute. Creates a case in state Reported at @ref jurisdiction.
struct Report {
    JurisdictionId jurisdiction;            ///< where the dispute arose (village, community or grid cell)
    Category category = Category::other;    ///< what it is about
    Channel channel = Channel::walk_in;     ///< how it reached the system
    std::int64_t claimed_amount = 0;        ///< amount in dispute, in fen (0.01 yuan); 0 if none
    RiskGrade risk = RiskGrade::blue;       ///< grade at intake
    std::vector<Party> parties;             ///< the parties known by name at intake
    std::uint16_t unnamed_parties = 0;      ///< further parties not recorded by name (counted in Case::parties)
    std::string summary;                    ///< free text
    bool threat = false;                    ///< a party has threatened violence or self-harm
    bool violence_history = false;          ///< a party has a record of violence in disputes
    CaseId repeat_of;                       ///< an earlier case about the same dispute, if any
};

/// Takes up a reported case at its current jurisdiction.
struct Accept {};

/// Declines a reported case (e.g. already before a court, a party refuses mediation).
struct Reject {
    std::string reason;  ///< why, in words
};

/// Starts mediation. With no mediators given, the assignment policy picks them.
struct Assign {
    std::vector<ActorId> mediators;  ///< up to four mediators or bodies; empty = let the policy choose
};

/// Records a mediation session (an internal transition: the state stays Mediating).
struct HoldSession {
    std::string note;  ///< what happened
};

/// Records a mediation agreement.
struct ReachAgreement {
    std::string terms;    ///< the terms agreed
    bool written = true;  ///< a written agreement (required for judicial confirmation) or an oral one
};

/// Records that mediation failed at this level.
struct Fail {
    std::string reason;  ///< why, in words
};

/// Issued by the engine when a case's deadline passes. Actors cannot issue it.
struct Expire {};

/// Sends a failed case up: the escalation policy picks the ancestor, or refers it out at the top.
struct Escalate {
    std::string note;  ///< optional remark by the actor
};

/// Sends a case out of mediation along a route.
struct Refer {
    ReferralRoute route = ReferralRoute::litigation;  ///< where it goes
    std::string reason;                               ///< why, in words
};

/// Applies for judicial confirmation of the agreement (People's Mediation Law art. 33); refused for an
/// oral agreement (ReachAgreement::written false).
struct ApplyConfirmation {};

/// The court confirmed the agreement.
struct ConfirmationGranted {};

/// The court declined to confirm; mediation resumes.
struct ConfirmationDenied {
    std::string reason;  ///< the court's reason
};

/// Starts follow-up of an agreement without judicial confirmation.
struct StartFollowUp {};

/// Records whether the agreement was fulfilled: closes the case, or reopens mediation.
struct RecordFulfilment {
    bool fulfilled = true;  ///< true closes the case as resolved
    std::string note;       ///< what the follow-up visit found
};

/// Closes a referred case with how it ended elsewhere.
struct Close {
    Outcome outcome = Outcome::decided_elsewhere;  ///< decided_elsewhere, settled_elsewhere or abandoned
    std::string note;                              ///< optional remark
};

/// True for the outcomes Close takes (decided_elsewhere, settled_elsewhere, abandoned): how a case sent
/// out of mediation ended. The others are reached by their own commands.
[[nodiscard]] constexpr bool closes_with(Outcome o) noexcept {
    return o == Outcome::decided_elsewhere || o == Outcome::settled_elsewhere || o == Outcome::abandoned;
}

/// The applicant withdraws; the case ends.
struct Withdraw {
    std::string reason;  ///< optional reason
};

/// Raises the case's risk grade (threats, violence history, crowds). Red acts at once.
struct RaiseRisk {
    RiskGrade grade = RiskGrade::yellow;  ///< the grade observed (the risk policy decides the case's grade)
    std::string reason;                   ///< what was observed
    bool threat = false;                  ///< a threat was made (sets the case's threat flag)
};

/// Issued by the engine when a rise in risk makes the escalation policy move a case at once.
struct RiskEscalation {};

/// Which command a Command holds. The order matches the Command variant.
enum class CommandKind : std::uint8_t {
    report,
    accept,
    reject,
    assign,
    hold_session,
    reach_agreement,
    fail,
    expire,
    escalate,
    refer,
    apply_confirmation,
    confirmation_granted,
    confirmation_denied,
    start_follow_up,
    record_fulfilment,
    close,
    withdraw,
    raise_risk,
    risk_escalation,
};

/// Names of CommandKind values (the command vocabulary of journals and the JSON interface).
template <>
struct EnumNames<CommandKind> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "command";
    /// Canonical names.
    static constexpr std::array<std::string_view, 19> names{
        "report",   "accept",       "reject",      "assign",       "session",
        "agree",    "fail",         "expire",      "escalate",     "refer",
        "apply-confirmation", "confirmation-granted", "confirmation-denied", "follow-up",
        "fulfilment", "close",      "withdraw",    "raise-risk",   "risk-escalation"};
    /// Display labels.
    static constexpr std::array<std::string_view, 19> labels{
        "登记", "受理", "不予受理", "指派调解", "调解会议", "达成协议", "调解不成", "期限届满", "上交",
        "移交", "申请司法确认", "司法确认", "不予确认", "回访", "履行情况", "结案", "撤回", "风险升级",
        "风险上交"};
};

/// Number of command kinds.
inline constexpr std::size_t command_kind_count = EnumNames<CommandKind>::names.size();

/// Any command. The alternative index equals the CommandKind value.
using Command = std::variant<Report, Accept, Reject, Assign, HoldSession, ReachAgreement, Fail, Expire, Escalate,
                             Refer, ApplyConfirmation, ConfirmationGranted, ConfirmationDenied, StartFollowUp,
                             RecordFulfilment, Close, Withdraw, RaiseRisk, RiskEscalation>;

static_assert(std::variant_size_v<Command> == command_kind_count, "CommandKind and Command must match");

namespace detail {
// The free text a command of type C carries (its reason, note or terms), or null; const for a const
// command.
template <class C>
std::conditional_t<std::is_const_v<C>, const std::string*, std::string*> text_of(C& command) {
    using T = std::remove_const_t<C>;
    if constexpr (std::is_same_v<T, Reject> || std::is_same_v<T, Fail> || std::is_same_v<T, Refer> ||
                  std::is_same_v<T, ConfirmationDenied> || std::is_same_v<T, Withdraw> ||
                  std::is_same_v<T, RaiseRisk>) {
        return &command.reason;
    } else if constexpr (std::is_same_v<T, HoldSession> || std::is_same_v<T, Escalate> ||
                         std::is_same_v<T, RecordFulfilment> || std::is_same_v<T, Close>) {
        return &command.note;
    } else if constexpr (std::is_same_v<T, ReachAgreement>) {
        return &command.terms;
    } else {
        return nullptr;
    }
}
}  // namespace detail

/// The kind of @p command.
[[nodiscard]] inline CommandKind kind_of(const Command& command) noexcept {
    return static_cast<CommandKind>(command.index());
}

/// True for commands only the engine issues (deadline expiry, risk escalation).
[[nodiscard]] constexpr bool engine_only(CommandKind k) noexcept {
    return k == CommandKind::expire || k == CommandKind::risk_escalation;
}

/// True for commands that only read or annotate and never move a case between levels or states
/// by themselves (used by authorization defaults).
[[nodiscard]] constexpr bool is_annotation(CommandKind k) noexcept {
    return k == CommandKind::hold_session || k == CommandKind::raise_risk;
}

}  // namespace fengqiao
