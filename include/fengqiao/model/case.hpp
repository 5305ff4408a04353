/// @file case.hpp
/// @brief The case record: the small hot state the engine keeps for every case, and its free-text file.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "fengqiao/core/ids.hpp"
#include "fengqiao/core/time.hpp"
#include "fengqiao/lifecycle/state.hpp"
#include "fengqiao/model/category.hpp"
#include "fengqiao/model/channel.hpp"
#include "fengqiao/model/outcome.hpp"
#include "fengqiao/model/party.hpp"
#include "fengqiao/model/risk.hpp"

namespace fengqiao {

/// The mediators or bodies handling a case: up to four, enough for a township's joint team of
/// judicial office, police station and court tribunal plus a mediator. Stored inline.
class Team {
public:
    /// Most members a team can have.
    static constexpr std::size_t max_size = 4;

    /// An empty team.
    constexpr Team() noexcept = default;
    /// Adds @p member; returns false (and changes nothing) if the team is full or has it already.
    constexpr bool add(ActorId member) noexcept {
        if (size_ == max_size || contains(member)) return false;
        members_[size_++] = member;
        return true;
    }
    /// Removes every member.
    constexpr void clear() noexcept { size_ = 0; members_ = {}; }
    /// True if @p member is in the team.
    [[nodiscard]] constexpr bool contains(ActorId member) const noexcept {
        for (std::size_t i = 0; i < size_; ++i) {
            if (members_[i] == member) return true;
        }
        return false;
    }
    /// Number of members.
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    /// True if the team has no members.
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }
    /// The first member.
    [[nodiscard]] constexpr const ActorId* begin() const noexcept { return members_.data(); }
    /// One past the last member.
    [[nodiscard]] constexpr const ActorId* end() const noexcept { return members_.data() + size_; }
    /// Member @p i (precondition: i < size()).
    [[nodiscard]] constexpr ActorId operator[](std::size_t i) const noexcept { return members_[i]; }
    /// Equality (same members in the same order).
    friend constexpr bool operator==(const Team& a, const Team& b) noexcept {
        if (a.size_ != b.size_) return false;
        for (std::size_t i = 0; i < a.size_; ++i) {
            if (a.members_[i] != b.members_[i]) return false;
        }
        return true;
    }
    /// Inequality.
    friend constexpr bool operator!=(const Team& a, const Team& b) noexcept { return !(a == b); }

private:
    std::array<ActorId, max_size> members_{};
    std::uint8_t size_ = 0;
};

/// The hot state of one case: everything queries, statistics and policies read. Free text lives in
/// CaseFile. Kept small (well under 256 bytes) so millions of cases sit in one contiguous vector.
/// Members are ordered from narrow to wide so no padding creeps in (docs/benchmarks.md measures the
/// bytes an open case costs).
struct Case {
    CaseId id;                                  ///< dense id in order of report
    State state = State::reported;              ///< lifecycle state
    Category category = Category::other;        ///< what the dispute is about
    Channel channel = Channel::walk_in;         ///< how it arrived
    RiskGrade risk = RiskGrade::blue;           ///< current risk grade
    Outcome outcome = Outcome::open;            ///< how it ended (open while open)
    ReferralRoute route = ReferralRoute::none;  ///< where it was referred, if it was
    bool overdue = false;                       ///< a deadline expired while it was open
    bool written_agreement = false;             ///< the last agreement was written
    bool threat = false;                        ///< a threat of violence or self-harm was recorded
    bool violence_history = false;              ///< a party has a record of violence in disputes
    std::uint16_t sessions = 0;                 ///< mediation sessions held, all levels
    std::uint16_t level_sessions = 0;           ///< mediation sessions held at the current jurisdiction
    std::uint16_t failures = 0;                 ///< times mediation failed (including expiries)
    std::uint16_t escalations = 0;              ///< times it moved up a level
    std::uint16_t policy_version = 0;           ///< index into the engine's policy-version table
    std::uint16_t parties = 0;                  ///< number of parties
    std::uint16_t repeats = 0;                  ///< earlier reports of the same dispute (0 for a first report)
    JurisdictionId jurisdiction;                ///< where it is handled now (its level)
    JurisdictionId origin;                      ///< where it was reported
    std::uint32_t version = 0;                  ///< number of journal records applied to it
    std::int64_t claimed_amount = 0;            ///< amount in dispute, in fen
    TimePoint reported_at{};                    ///< when it was reported
    TimePoint state_since{};                    ///< when it entered its current state or level
    TimePoint deadline = no_time;               ///< when the current time limit expires
    TimePoint warn_at = no_time;                ///< when to warn before the deadline
    TimePoint closed_at = no_time;              ///< when it reached a final state
    Team mediators;                             ///< who is mediating it now

    /// True while the case is being handled.
    [[nodiscard]] bool open() const noexcept { return is_open(state); }

    /// Field-by-field equality (used to prove that a replay rebuilds the live engine).
    friend bool operator==(const Case& a, const Case& b) noexcept {
        return a.id == b.id && a.state == b.state && a.category == b.category && a.channel == b.channel &&
               a.risk == b.risk && a.outcome == b.outcome && a.route == b.route && a.overdue == b.overdue &&
               a.written_agreement == b.written_agreement && a.threat == b.threat &&
               a.violence_history == b.violence_history && a.repeats == b.repeats && a.jurisdiction == b.jurisdiction &&
               a.origin == b.origin && a.version == b.version && a.sessions == b.sessions && a.level_sessions == b.level_sessions &&
               a.failures == b.failures && a.escalations == b.escalations &&
               a.policy_version == b.policy_version && a.parties == b.parties &&
               a.claimed_amount == b.claimed_amount && a.reported_at == b.reported_at &&
               a.state_since == b.state_since && a.deadline == b.deadline && a.warn_at == b.warn_at &&
               a.closed_at == b.closed_at && a.mediators == b.mediators;
    }
    /// Inequality.
    friend bool operator!=(const Case& a, const Case& b) noexcept { return !(a == b); }
};

/// The free text of a case, kept apart from the hot state.
struct CaseFile {
    std::vector<Party> parties;  ///< the parties as reported
    std::string summary;         ///< the dispute as reported
    std::string agreement;       ///< terms of the latest agreement, if any

    /// Equality.
    friend bool operator==(const CaseFile& a, const CaseFile& b) {
        return a.parties == b.parties && a.summary == b.summary && a.agreement == b.agreement;
    }
    /// Inequality.
    friend bool operator!=(const CaseFile& a, const CaseFile& b) { return !(a == b); }
};

}  // namespace fengqiao
