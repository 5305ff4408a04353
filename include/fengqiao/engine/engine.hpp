/// @file engine.hpp
/// @brief The engine: runs many cases through the lifecycle on one clock, consults the policies,
/// appends every decision to the journal, fires deadlines, answers queries.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "fengqiao/core/clock.hpp"
#include "fengqiao/core/error.hpp"
#include "fengqiao/core/text.hpp"
#include "fengqiao/engine/listener.hpp"
#include "fengqiao/engine/query.hpp"
#include "fengqiao/engine/timer_queue.hpp"
#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/lifecycle/machine.hpp"
#include "fengqiao/lifecycle/transition_table.hpp"
#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/policy/policy_set.hpp"
#include "fengqiao/store/journal.hpp"
#include "fengqiao/store/memory_journal.hpp"

namespace fengqiao {

/// What the engine returns for an accepted command.
struct Receipt {
    CaseId case_id;                      ///< the case (the new one, for a report)
    std::uint64_t sequence = 0;          ///< the journal record's sequence
    std::uint32_t case_sequence = 0;     ///< the case's version after the command
    CommandKind command = CommandKind::report;  ///< what was applied
    State from = State::reported;        ///< state before
    State to = State::reported;          ///< state after this command
    JurisdictionId jurisdiction_before;  ///< level before
    JurisdictionId jurisdiction_after;   ///< level after this command
    std::string reason;                  ///< the policy's reason, if any
    std::uint32_t follow_ups = 0;        ///< records the engine added right after, as the system
                                         ///< actor (automatic escalation, risk escalation)
};

/// A command addressed to a case by an actor, with an optional request id for safe retries.
struct Request {
    CaseId case_id;          ///< the case (ignored for a Report)
    ActorId actor;           ///< who issues it
    Command command;         ///< what
    std::string request_id;  ///< if set, a repeat with the same id returns the first receipt
};

/// Where an engine gets time and where it writes its journal.
struct EngineOptions {
    std::shared_ptr<Clock> clock;      ///< defaults to a VirtualClock at VirtualClock::default_start()
    std::shared_ptr<Journal> journal;  ///< defaults to a MemoryJournal
};

namespace detail {
template <class T>
struct is_pointer_like : std::false_type {};
template <class T>
struct is_pointer_like<T*> : std::true_type {};
template <class T>
struct is_pointer_like<std::shared_ptr<T>> : std::true_type {};
template <class T>
struct is_pointer_like<std::unique_ptr<T>> : std::true_type {};

// The cases' free text, by case index. Most cases have none (a report without parties or summary,
// no agreement yet), so a case's slot is a number (4 bytes; 0: no text) into files kept in blocks,
// instead of an empty CaseFile (88 bytes) for every case. Blocks, not one allocation per file: an
// engine that reports many cases with text allocates once every few hundred.
class CaseFiles {
public:
    // The file of case index @p i (an empty one if it has no text).
    const CaseFile& operator[](std::size_t i) const noexcept {
        const std::uint32_t s = slots_[i];
        return s != 0 ? at(s - 1) : empty();
    }
    // The file of case index @p i, to change.
    CaseFile& edit(std::size_t i) {
        if (slots_[i] == 0) slots_[i] = add(CaseFile{});
        return at(slots_[i] - 1);
    }
    // Where case index @p i's slot is, for a command to fetch it early: the journal is handed the
    // case's file at the end of every command, and at millions of cases the slot is far in memory.
    [[nodiscard]] const void* slot_address(std::size_t i) const noexcept { return slots_.data() + i; }
    void push_back(CaseFile&& file) {
        const bool none = file.parties.empty() && file.summary.empty() && file.agreement.empty();
        slots_.push_back(none ? 0 : add(std::move(file)));
    }
    // Forgets the last case (a report rolled back); its file, the last one kept, is emptied for reuse.
    void pop_back() noexcept {
        const std::uint32_t s = slots_.back();
        slots_.pop_back();
        if (s != 0 && s == used_) at(--used_) = CaseFile{};
    }
    void clear() noexcept {
        slots_.clear();
        blocks_.clear();
        used_ = 0;
    }

private:
    static constexpr std::size_t block_size = 256;
    static const CaseFile& empty() noexcept {
        static const CaseFile none;
        return none;
    }
    CaseFile& at(std::size_t k) const noexcept { return blocks_[k / block_size][k % block_size]; }
    std::uint32_t add(CaseFile&& file) {
        if (used_ == blocks_.size() * block_size) blocks_.push_back(std::make_unique<CaseFile[]>(block_size));
        at(used_) = std::move(file);
        return static_cast<std::uint32_t>(++used_);
    }
    std::vector<std::uint32_t> slots_;
    std::vector<std::unique_ptr<CaseFile[]>> blocks_;
    std::uint32_t used_ = 0;  // files in use, in the order they were added
};

// A policy member is either the policy itself (compile-time set) or a pointer to it (PolicySet).
template <class P>
const auto& use(const P& p) {
    if constexpr (is_pointer_like<P>::value) {
        return *p;
    } else {
        return p;
    }
}
}  // namespace detail

/// Runs cases through the lifecycle.
///
/// @tparam Policies a struct with members `escalation`, `assignment`, `deadline`, `risk`,
/// `authorization` and `std::string version`. Each policy member is either an object with the
/// member function of the matching interface (EscalationPolicy::decide, AssignmentPolicy::assign,
/// DeadlinePolicy::deadline, RiskPolicy::assess, AuthorizationPolicy::authorize), called directly
/// so it can be inlined, or a pointer to one (PolicySet, runtime-replaceable).
///
/// Single writer: one thread issues commands and moves the clock. Every accepted command appends one
/// record to the journal and is committed before the call returns; if the journal throws, the
/// engine's state is rolled back to what was stored and the exception propagates.
template <class Policies>
class BasicEngine {
public:
    /// The policy struct this engine runs.
    using policies_type = Policies;

    /// An engine over a county's jurisdictions and roster. If @p options names a journal that
    /// already holds records, the cases are recovered from it (see recover()).
    /// Throws fengqiao::Exception if an actor is scoped to a jurisdiction outside @p tree.
    BasicEngine(JurisdictionTree tree, Roster roster, Policies policies, EngineOptions options = {});

    BasicEngine(const BasicEngine&) = delete;             ///< engines own their cases; not copyable
    BasicEngine& operator=(const BasicEngine&) = delete;  ///< not copyable
    BasicEngine(BasicEngine&&) = default;                 ///< movable
    BasicEngine& operator=(BasicEngine&&) = default;      ///< movable
    ~BasicEngine();                                       ///< destroys the engine

    /// Registers a dispute reported by @p actor; the receipt names the new case.
    Result<Receipt> report(ActorId actor, Report report, std::string request_id = {});
    /// Applies @p command to case @p id on behalf of @p actor.
    Result<Receipt> submit(CaseId id, ActorId actor, Command command, std::string request_id = {});
    /// Applies one request.
    Result<Receipt> submit(const Request& request);
    /// Applies requests in order and commits them to the journal together (group commit). Each gets
    /// its own result; a refused one does not stop the rest. If the journal fails, none is kept.
    std::vector<Result<Receipt>> submit_batch(const std::vector<Request>& requests);
    /// As submit_batch(), but fills @p results (replacing its contents) once the batch is committed and
    /// before listeners are told of it: if a listener throws, the exception propagates and @p results
    /// still says what was stored. If anything throws before the commit, none is kept and @p results is
    /// left empty.
    void submit_batch(const std::vector<Request>& requests, std::vector<Result<Receipt>>& results);
    /// The first receipt of the request with id @p request_id if this engine has applied it (also
    /// before a restart, as recovered from its journal); nullptr otherwise. A repeat of that request is
    /// answered with this receipt and not applied again. (A request refused as not authorized, which
    /// the journal records, is answered again with the same refusal, and recorded once.)
    [[nodiscard]] const Receipt* answered(const std::string& request_id) const;

    /// The engine's clock reading.
    [[nodiscard]] TimePoint now() const { return clock_->now(); }
    /// Moves a virtual clock to @p t, firing every due timer in (time, arming order) on the way.
    /// Throws fengqiao::Exception (invalid_argument) for a wall clock or a time in the past. Each timer
    /// that fires is its own transaction: if a policy throws while one fires, that timer's command is
    /// rolled back and stays due, the clock stays at its time, the timers before it stay fired, and the
    /// exception propagates; advancing again carries on from there.
    void advance_to(TimePoint t);
    /// Moves a virtual clock forward by @p d.
    void advance(Duration d) {
        if (d.count() < 0 || d > latest_time - now()) {
            throw Exception(ErrorCode::invalid_argument, "cannot move the clock from " + format_time(now()) + " by " +
                                                             std::to_string(d.count()) + " s: it moves forward, and " +
                                                             "not past " + format_time(latest_time));
        }
        advance_to(now() + d);
    }
    /// Fires every timer due at now() (for wall clocks: call it periodically). Returns how many fired.
    std::size_t run_due_timers();
    /// Timers waiting to fire (including ones made stale by later changes, skipped when reached).
    [[nodiscard]] std::size_t pending_timers() const noexcept { return timers_.size(); }

    /// Number of cases.
    [[nodiscard]] std::size_t size() const noexcept { return cases_.size(); }
    /// All cases, indexed by CaseId::index().
    [[nodiscard]] const std::vector<Case>& cases() const noexcept { return cases_; }
    /// Case @p id; throws fengqiao::Exception (unknown_case) if there is none.
    [[nodiscard]] const Case& at(CaseId id) const;
    /// Case @p id, or nullptr.
    [[nodiscard]] const Case* find(CaseId id) const noexcept {
        return id.valid() && id.index() < cases_.size() ? &cases_[id.index()] : nullptr;
    }
    /// The free text of case @p id; throws fengqiao::Exception (unknown_case) if there is none.
    [[nodiscard]] const CaseFile& file(CaseId id) const;
    /// The journal records of case @p id, oldest first.
    [[nodiscard]] std::vector<JournalRecord> history(CaseId id) const { return journal_->history(id); }
    /// Cases matching @p q, in id order. Throws fengqiao::Exception (unknown_jurisdiction) if @p q asks
    /// for cases within a jurisdiction the tree lacks.
    [[nodiscard]] std::vector<CaseId> query(const CaseQuery& q) const;
    /// Number of cases matching @p q (throws as query() does).
    [[nodiscard]] std::size_t count(const CaseQuery& q) const;
    /// Counts over all cases.
    [[nodiscard]] Statistics statistics() const;
    /// Open cases assigned to @p actor.
    [[nodiscard]] std::uint32_t open_cases_of(ActorId actor) const noexcept {
        return Workload(load_).open_cases(actor);
    }
    /// The policy-set version case @p c was reported under. Throws Exception (invalid_argument) for a
    /// case this engine did not report (one whose version index it never gave).
    [[nodiscard]] const std::string& policy_version(const Case& c) const {
        if (c.policy_version >= versions_.size()) {
            throw Exception(ErrorCode::invalid_argument,
                            "case " + std::to_string(c.id.value()) + " names policy-set version index " +
                                std::to_string(c.policy_version) + ", but this engine has had " +
                                std::to_string(versions_.size()) + " (is the case from another engine?)");
        }
        return versions_[c.policy_version];
    }

    /// The jurisdiction tree.
    [[nodiscard]] const JurisdictionTree& jurisdictions() const noexcept { return tree_; }
    /// The roster of actors.
    [[nodiscard]] const Roster& roster() const noexcept { return roster_; }
    /// Registers another actor (a new mediator, say) and returns its id. The roster is configuration,
    /// not journal: an engine reopened on this journal must be given a roster with the same actors in
    /// the same order (add them with Roster::add() to the roster given to the constructor, or to the
    /// county file), or it refuses the first record that names one it lacks.
    ActorId add_actor(Actor actor);
    /// The policies in force.
    [[nodiscard]] const Policies& policies() const noexcept { return policies_; }
    /// Replaces the policies; cases reported from now on record the new version.
    void set_policies(Policies policies);
    /// The journal.
    [[nodiscard]] Journal& journal() noexcept { return *journal_; }
    /// The journal.
    [[nodiscard]] const Journal& journal() const noexcept { return *journal_; }
    /// The clock.
    [[nodiscard]] Clock& clock() noexcept { return *clock_; }
    /// Adds a listener (kept alive by the engine).
    void subscribe(std::shared_ptr<Listener> listener);
    /// Removes a listener added with subscribe(); unknown pointers are ignored.
    void unsubscribe(const Listener* listener);

    /// Applies every record of @p source to this engine, which must have no cases, appending copies to
    /// its own journal. The result equals the engine that wrote @p source, case by case. Throws
    /// JournalCorrupt naming the first record that does not fit (sequence gap, wrong state, unknown
    /// jurisdiction or actor).
    void replay(const Journal& source);
    /// Rebuilds cases, request ids and timers from this engine's own journal (done by the constructor
    /// when the journal is not empty).
    void recover();

private:
    using Timer = detail::Timer;
    struct Undo {
        Undo() = default;
        Undo(CaseId case_id, const Case& stored) : id(case_id), before(stored) {}
        CaseId id;
        bool created = false;
        bool file_changed = false;
        bool tallied = false;  // the open-case counts already moved from `before` to the slot's case
        Case before;
        std::string agreement_before;
    };
    struct Notice {
        enum class Kind : std::uint8_t { transition, escalation, expired, red_risk, refused, warning } kind;
        CaseId case_id;
        std::size_t record;  // index into notice_records_
        TimePoint due;
    };
    struct Resolution {
        JurisdictionId target;
        ReferralRoute route = ReferralRoute::none;
        Team team;
        std::string reason;
    };
    class Transaction;
    // What listeners are to hear of one committed call: its notices, their records and each notice's
    // case as that call left it.
    struct Delivery {
        std::vector<Notice> notices;
        std::vector<JournalRecord> records;
        std::vector<Case> cases;
    };

    Result<Receipt> execute(CaseId id, ActorId actor, Command&& command, std::string&& request_id);
    Result<Receipt> admit(CaseId id, ActorId actor, Command&& command, std::string&& request_id);
    Result<Receipt> apply(CaseId id, ActorId actor, Command&& command, std::string&& request_id,
                          const EscalationDecision* preset);
    Result<Receipt> create(ActorId actor, Command&& command, std::string&& request_id);
    // Throws if @p q names a jurisdiction the tree lacks.
    void check_query(const CaseQuery& q) const;
    // True if @p command's enumerated fields hold values of their enumerations and its texts are UTF-8.
    [[nodiscard]] static bool payload_ok(const Command& command, const std::string& request_id) noexcept;
    // What is wrong with @p command's enumerated fields or texts ("gives category value 40, ..."), or "".
    [[nodiscard]] static std::string payload_problem(const Command& command, const std::string& request_id);
    // The risk policy's grade for @p c; throws if the policy gives a value outside RiskGrade.
    [[nodiscard]] RiskGrade assessed(const Case& c, const Command& command) const;
    [[nodiscard]] Case case_from_report(CaseId id, const Report& rep, TimePoint t, std::uint16_t version_index) const;
    Result<Team> resolve_team(const Case& c, const Assign& assign, std::string& reason) const;
    Deadline deadline_for(const Case& c, TimePoint entered) const;
    void apply_effects(Case& next, detail::CaseFiles& files, Undo& undo, const Command& command, const Resolution& res,
                       State to, TimePoint at) const;
    void follow_ups(CaseId id, RiskGrade risk_before, CommandKind kind, State to, std::uint32_t& added);
    JournalRecord& make_record(const Case& before, const Case& after, ActorId actor, Command&& command,
                               std::string&& reason, std::string&& request_id, TimePoint at);
    void store(const Case& next, JournalRecord& record, CaseFile* new_file = nullptr);
    void tally(const Case& c, int sign) noexcept;
    void arm(const Case& before, const Case& after);
    struct Answered {
        Receipt receipt;  // of a refusal: its command and case alone
        ActorId actor;    // who asked: a repeat by someone else is a conflict, not a retry
        std::optional<Error> refusal;  // the request was refused (and the refusal journalled)
    };
    Answered* remember_request(const JournalRecord& record);
    void remember_refusal(const JournalRecord& record, const Error& error);
    // Whether @p mediator may hold the sessions of @p c, as the authorization policy says.
    [[nodiscard]] AuthorizationDecision may_mediate(ActorId mediator, const Case& c) const;
    void count_follow_ups(std::uint32_t follow_ups);
    void note(typename Notice::Kind kind, CaseId id, const JournalRecord* record, TimePoint due = no_time);
    void deliver();
    Delivery take_notices();
    void rollback() noexcept;
    void fire_until(TimePoint t, std::size_t* fired);
    // While rebuilding: the last request applied, whose follow-ups may come next, and its time.
    struct LastRequest {
        Answered* answered = nullptr;
        TimePoint time;
    };
    void apply_record(const JournalRecord& record, bool append, LastRequest& last);
    void rearm_all();
    void check_policies() const;
    [[nodiscard]] Error error(ErrorCode code, std::string message, const Case* c, ActorId actor,
                              CommandKind kind) const;
    [[nodiscard]] Error transition_error(const Case& c, ActorId actor, CommandKind kind) const;
    [[nodiscard]] bool matches(const Case& c, const CaseQuery& q) const;
    [[nodiscard]] static Receipt receipt_of(const JournalRecord& r);

    JurisdictionTree tree_;
    Roster roster_;
    Policies policies_;
    std::shared_ptr<Clock> clock_;
    std::shared_ptr<Journal> journal_;
    LifecycleMachine machine_;
    // takes() per state as a bit per command kind, read inline on every command.
    std::array<std::uint32_t, state_count> taken_{};
    [[nodiscard]] bool takes_now(State s, CommandKind k) const noexcept {
        return (taken_[static_cast<std::size_t>(s)] >> static_cast<unsigned>(k) & 1u) != 0;
    }

    std::vector<Case> cases_;
    detail::CaseFiles files_;
    std::vector<std::uint32_t> load_;  // open cases per actor index
    std::vector<std::string> versions_;
    std::uint16_t version_index_ = 0;
    std::unordered_map<std::string, Answered> requests_;
    detail::TimerQueue timers_;
    std::uint64_t timer_order_ = 0;
    std::uint64_t next_sequence_ = 1;
    std::vector<std::shared_ptr<Listener>> listeners_;

    // The open transaction: what to undo, and what to tell listeners once it is committed.
    std::vector<Undo> undo_;
    std::vector<detail::Timer> armed_;  // timers the call in progress armed: cancelled if it rolls back
    std::vector<std::string> new_requests_;
    std::vector<Notice> notices_;
    std::vector<JournalRecord> notice_records_;
    std::vector<Delivery> waiting_;  // calls that listeners made while being told of earlier ones
    bool delivering_ = false;
    std::uint64_t sequence_at_begin_ = 1;
    JournalRecord record_;  // the record make_record() writes, handed to the journal by store()
};

/// The engine with runtime-replaceable policies: what most integrators and the Python module use.
using Engine = BasicEngine<PolicySet>;

}  // namespace fengqiao

#include "fengqiao/engine/engine_inl.hpp"

namespace fengqiao {
// Compiled once in the library; user translation units only link against it.
extern template class BasicEngine<PolicySet>;
}  // namespace fengqiao
