/// @file engine_inl.hpp
/// @brief Member definitions of BasicEngine (included by engine.hpp; do not include directly).
#pragma once

#include "fengqiao/engine/engine.hpp"  // the class these define (engine.hpp includes this file at its end)

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>

namespace fengqiao {

/// Groups the changes of one call: committed to the journal at the end, or rolled back (journal and
/// memory) if anything throws before that.
template <class P>
class BasicEngine<P>::Transaction {
public:
    explicit Transaction(BasicEngine& e) : e_(e) {
        e_.undo_.clear();
        e_.armed_.clear();
        e_.new_requests_.clear();
        e_.notices_.clear();
        e_.notice_records_.clear();
        e_.sequence_at_begin_ = e_.next_sequence_;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (!done_) e_.rollback();
    }
    void commit() {
        e_.journal_->commit();
        done_ = true;
    }

private:
    BasicEngine& e_;
    bool done_ = false;
};

template <class P>
BasicEngine<P>::BasicEngine(JurisdictionTree tree, Roster roster, P policies, EngineOptions options)
    : tree_(std::move(tree)),
      roster_(std::move(roster)),
      policies_(std::move(policies)),
      clock_(options.clock ? std::move(options.clock) : std::make_shared<VirtualClock>()),
      journal_(options.journal ? std::move(options.journal) : std::make_shared<MemoryJournal>()) {
    check_policies();
    if (const TimePoint t = clock_->now(); t < earliest_time || t > latest_time) {
        throw Exception(ErrorCode::invalid_argument, "the clock reads " + format_time(t) +
                                                         ", outside the times an engine keeps (" +
                                                         format_time(earliest_time) + " to " +
                                                         format_time(latest_time) + ")");
    }
    static_assert(command_kind_count <= 32, "taken_ holds a bit per command kind");
    for (const State st : enum_values<State>()) {
        for (const CommandKind k : enum_values<CommandKind>()) {
            if (takes(st, k)) taken_[static_cast<std::size_t>(st)] |= 1u << static_cast<unsigned>(k);
        }
    }
    for (const auto& a : roster_.actors()) {
        if (!tree_.contains(a.jurisdiction)) {
            throw Exception(ErrorCode::unknown_jurisdiction,
                            "actor '" + a.name + "' is scoped to jurisdiction id " +
                                std::to_string(a.jurisdiction.value()) + ", which is not in the tree");
        }
    }
    load_.assign(roster_.size(), 0);
    versions_.push_back(policies_.version);
    if (journal_->size() > 0) recover();
}

// Out of line, so that user translation units leave it to the library's instantiation.
template <class P>
BasicEngine<P>::~BasicEngine() = default;

template <class P>
void BasicEngine<P>::check_policies() const {
    if constexpr (std::is_same_v<P, PolicySet>) {
        const char* missing = !policies_.escalation      ? "escalation"
                              : !policies_.assignment    ? "assignment"
                              : !policies_.deadline      ? "deadline"
                              : !policies_.risk          ? "risk"
                              : !policies_.authorization ? "authorization"
                                                         : nullptr;
        if (missing != nullptr) {
            throw Exception(ErrorCode::invalid_argument,
                            std::string("the policy set has no ") + missing +
                                " policy (start from PolicySet::minimal() and replace what you need)");
        }
    }
}

template <class P>
ActorId BasicEngine<P>::add_actor(Actor actor) {
    if (!tree_.contains(actor.jurisdiction)) {
        throw Exception(ErrorCode::unknown_jurisdiction, "actor '" + actor.name + "' is scoped to jurisdiction id " +
                                                             std::to_string(actor.jurisdiction.value()) +
                                                             ", which is not in the tree");
    }
    const ActorId id = roster_.add(std::move(actor));
    load_.resize(roster_.size(), 0);
    return id;
}

template <class P>
void BasicEngine<P>::set_policies(P policies) {
    std::swap(policies_, policies);
    try {
        check_policies();
    } catch (...) {
        std::swap(policies_, policies);
        throw;
    }
    const auto it = std::find(versions_.begin(), versions_.end(), policies_.version);
    version_index_ = static_cast<std::uint16_t>(it - versions_.begin());
    if (it == versions_.end()) versions_.push_back(policies_.version);
}

template <class P>
void BasicEngine<P>::subscribe(std::shared_ptr<Listener> listener) {
    if (!listener) throw Exception(ErrorCode::invalid_argument, "subscribe() needs a listener, got a null pointer");
    listeners_.push_back(std::move(listener));
}

template <class P>
void BasicEngine<P>::unsubscribe(const Listener* listener) {
    listeners_.erase(std::remove_if(listeners_.begin(), listeners_.end(),
                                    [listener](const auto& l) { return l.get() == listener; }),
                     listeners_.end());
}

template <class P>
const Case& BasicEngine<P>::at(CaseId id) const {
    if (const Case* c = find(id)) return *c;
    throw Exception(ErrorCode::unknown_case, "unknown case id " + std::to_string(id.value()) + " (the engine has " +
                                                 std::to_string(cases_.size()) + " cases)");
}

template <class P>
const CaseFile& BasicEngine<P>::file(CaseId id) const {
    (void)at(id);
    return files_[id.index()];
}

// ---------------------------------------------------------------------------------------------------
// Commands

template <class P>
Result<Receipt> BasicEngine<P>::report(ActorId actor, Report report, std::string request_id) {
    Command command(std::move(report));
    return execute(CaseId{}, actor, std::move(command), std::move(request_id));
}

template <class P>
Result<Receipt> BasicEngine<P>::submit(CaseId id, ActorId actor, Command command, std::string request_id) {
    return execute(id, actor, std::move(command), std::move(request_id));
}

template <class P>
Result<Receipt> BasicEngine<P>::submit(const Request& request) {
    return execute(request.case_id, request.actor, Command(request.command), std::string(request.request_id));
}

// The command travels by reference from here to the journal record, which takes it over: it is
// copied once at most, by the caller.
template <class P>
Result<Receipt> BasicEngine<P>::execute(CaseId id, ActorId actor, Command&& command, std::string&& request_id) {
    Transaction tx(*this);
    Result<Receipt> result = admit(id, actor, std::move(command), std::move(request_id));
    tx.commit();
    deliver();
    return result;
}

template <class P>
std::vector<Result<Receipt>> BasicEngine<P>::submit_batch(const std::vector<Request>& requests) {
    std::vector<Result<Receipt>> results;
    submit_batch(requests, results);
    return results;
}

template <class P>
void BasicEngine<P>::submit_batch(const std::vector<Request>& requests, std::vector<Result<Receipt>>& results) {
    results.clear();
    std::vector<Result<Receipt>> out;
    out.reserve(requests.size());
    Transaction tx(*this);
    for (const auto& r : requests) {
        out.push_back(admit(r.case_id, r.actor, Command(r.command), std::string(r.request_id)));
    }
    tx.commit();
    results = std::move(out);
    deliver();
}

template <class P>
Error BasicEngine<P>::error(ErrorCode code, std::string message, const Case* c, ActorId actor,
                            CommandKind kind) const {
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.actor = actor;
    e.command = to_string(kind);
    if (c != nullptr) {
        e.case_id = c->id;
        e.state = to_string(c->state);
    }
    return e;
}

template <class P>
Error BasicEngine<P>::transition_error(const Case& c, ActorId actor, CommandKind kind) const {
    std::string msg = "case " + std::to_string(c.id.value()) + " is " + std::string(to_string(c.state));
    if (is_final(c.state)) {
        msg += ", a final state that takes no further command ('" + std::string(to_string(kind)) + "' refused)";
    } else {
        msg += ", which does not take '" + std::string(to_string(kind)) + "' (it takes: " +
               commands_taken(c.state) + ")";
    }
    return error(ErrorCode::invalid_transition, std::move(msg), &c, actor, kind);
}

template <class P>
Result<Receipt> BasicEngine<P>::admit(CaseId case_id, ActorId actor, Command&& command, std::string&& request_id) {
    const CommandKind kind = kind_of(command);
    if (!request_id.empty()) {
        const auto it = requests_.find(request_id);
        if (it != requests_.end()) {
            const Receipt& first = it->second.receipt;
            bool same = first.command == kind && it->second.actor == actor &&
                        (kind == CommandKind::report || first.case_id == case_id);
            if (same && kind == CommandKind::report && first.case_id.valid()) {
                // A repeated report must describe the same dispute: where, what and how it came in.
                const Report& rep = std::get<Report>(command);
                const Case& c = cases_[first.case_id.index()];
                same = c.origin == rep.jurisdiction && c.category == rep.category && c.channel == rep.channel;
            }
            if (!same) {
                return error(ErrorCode::request_conflict,
                             "request id '" + request_id + "' was already used for '" +
                                 std::string(to_string(first.command)) + "' on case " +
                                 std::to_string(first.case_id.value()) +
                                 (roster_.contains(it->second.actor) ? " by '" + roster_[it->second.actor].name + "'"
                                                                     : std::string()) +
                                 "; use a new id for a different command",
                             find(case_id), actor, kind);
            }
            if (it->second.refusal) return *it->second.refusal;
            return first;
        }
    }
    if (engine_only(kind)) {
        return error(ErrorCode::invalid_argument,
                     "'" + std::string(to_string(kind)) + "' is issued by the engine itself, not by actors",
                     find(case_id), actor, kind);
    }
    if (!payload_ok(command, request_id)) {
        return error(ErrorCode::invalid_argument,
                     "'" + std::string(to_string(kind)) + "' " + payload_problem(command, request_id), find(case_id),
                     actor, kind);
    }
    if (!roster_.contains(actor)) {
        return error(ErrorCode::unknown_actor,
                     "unknown actor id " + std::to_string(actor.value()) + " issued '" +
                         std::string(to_string(kind)) + "' (the roster has " + std::to_string(roster_.size()) +
                         " actors)",
                     find(case_id), actor, kind);
    }
    const Case* subject = nullptr;
    JurisdictionId where;
    if (kind == CommandKind::report) {
        where = std::get<Report>(command).jurisdiction;
        if (!tree_.contains(where)) {
            return error(ErrorCode::unknown_jurisdiction,
                         "the report names jurisdiction id " + std::to_string(where.value()) +
                             ", which is not in the tree of " + std::to_string(tree_.size()) + " jurisdictions",
                         nullptr, actor, kind);
        }
    } else {
        subject = find(case_id);
        if (subject == nullptr) {
            Error unknown = error(ErrorCode::unknown_case,
                         "'" + std::string(to_string(kind)) + "' " +
                             (case_id.valid() ? "names case " + std::to_string(case_id.value()) + ", which does not exist"
                                              : std::string("names no case (case ids start at 1)")) +
                             " (the engine has " + std::to_string(cases_.size()) + " cases)",
                         nullptr, actor, kind);
            unknown.case_id = case_id;  // the id the command gave, so the caller can tell which one
            return unknown;
        }
        where = subject->jurisdiction;
    }
    const Actor& who = roster_[actor];
    AuthorizationDecision verdict = detail::use(policies_.authorization).authorize(who, kind, subject, where, tree_);
    if (!verdict.allowed) {
        std::string msg = "actor '" + who.name + "' (" + std::string(to_string(who.role)) + ") may not '" +
                          std::string(to_string(kind)) + "'" +
                          (subject ? " case " + std::to_string(subject->id.value())
                                   : " a dispute at '" + tree_[where].name + "'") +
                          ": " + verdict.reason;
        JournalRecord rec;
        rec.sequence = next_sequence_;
        rec.kind = RecordKind::refused;
        rec.refusal = ErrorCode::not_authorized;
        rec.time = now();
        rec.actor = actor;
        rec.command = command;
        rec.reason = msg;
        rec.request_id = request_id;
        if (subject != nullptr) {
            rec.case_id = subject->id;
            rec.case_sequence = subject->version;
            rec.from = rec.to = subject->state;
            rec.risk_after = subject->risk;
            rec.route_after = subject->route;
            rec.jurisdiction_before = rec.jurisdiction_after = subject->jurisdiction;
            rec.deadline = subject->deadline;
            rec.warn_at = subject->warn_at;
        } else {
            rec.jurisdiction_before = rec.jurisdiction_after = where;
        }
        journal_->append(rec, subject ? *subject : Case{}, subject ? files_[subject->id.index()] : CaseFile{});
        ++next_sequence_;
        note(Notice::Kind::refused, rec.case_id, &rec);
        Error refused = error(ErrorCode::not_authorized, std::move(msg), subject, actor, kind);
        remember_refusal(rec, refused);
        return refused;
    }
    if (kind == CommandKind::report) return create(actor, std::move(command), std::move(request_id));
    return apply(case_id, actor, std::move(command), std::move(request_id), nullptr);
}

namespace detail {
// The outcomes closes_with() takes, as refusals name them.
inline constexpr std::string_view close_outcomes = "decided_elsewhere, settled_elsewhere or abandoned";

// "gives <kind> value N, which is not a <kind> (expected one of: ...)" if @p value is not one of E's values.
template <class E>
bool unenumerated(E value, std::string_view field, std::string& out) {
    if (is_enumerated(value)) return false;
    out = "gives " + std::string(field) + " value " + std::to_string(static_cast<long long>(value)) + ", which is not " +
          enum_expected<E>();
    return true;
}
}  // namespace detail

namespace detail {
// "gives <field> that is not UTF-8 (byte N is 0xXX)..." if @p text is not UTF-8.
inline bool not_utf8(const std::string& text, std::string_view field, std::string& out) {
    const std::size_t at = first_non_utf8(text);
    if (at == std::string_view::npos) return false;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[at])));
    out = "gives " + std::string(field) + " that is not UTF-8 (byte " + std::to_string(at) + " is " + byte +
          "); convert it to UTF-8 first";
    return true;
}
}  // namespace detail

// A command's enumerated fields, each one of its enumeration's values, and its texts, UTF-8: the
// journal could not be read back otherwise, an export would change the text, and tables indexed by
// the values would be overrun. The check builds nothing; payload_problem() says what is wrong.
template <class P>
bool BasicEngine<P>::payload_ok(const Command& command, const std::string& request_id) noexcept {
    const auto utf8 = [](const std::string& s) { return first_non_utf8(s) == std::string_view::npos; };
    const bool ok = std::visit(
        [&utf8](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, Report>) {
                if (!is_enumerated(c.category) || !is_enumerated(c.channel) || !is_enumerated(c.risk) ||
                    !utf8(c.summary)) {
                    return false;
                }
                for (const Party& party : c.parties) {
                    if (!is_enumerated(party.side) || !utf8(party.name)) return false;
                }
                return true;
            } else {
                if constexpr (std::is_same_v<C, Refer>) {
                    if (!is_enumerated(c.route)) return false;
                } else if constexpr (std::is_same_v<C, Close>) {
                    if (!is_enumerated(c.outcome)) return false;
                } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                    if (!is_enumerated(c.grade)) return false;
                }
                const std::string* text = detail::text_of(c);
                return text == nullptr || utf8(*text);
            }
        },
        command);
    return ok && utf8(request_id);
}

template <class P>
std::string BasicEngine<P>::payload_problem(const Command& command, const std::string& request_id) {
    std::string bad;
    std::visit(
        [&bad](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, Report>) {
                (void)(detail::unenumerated(c.category, "category", bad) ||
                       detail::unenumerated(c.channel, "channel", bad) ||
                       detail::unenumerated(c.risk, "risk", bad) || detail::not_utf8(c.summary, "a summary", bad));
                for (std::size_t i = 0; bad.empty() && i < c.parties.size(); ++i) {
                    const std::string party = "parties[" + std::to_string(i) + "]";
                    (void)(detail::unenumerated(c.parties[i].side, party + ".side", bad) ||
                           detail::not_utf8(c.parties[i].name, "a name in " + party, bad));
                }
            } else {
                if constexpr (std::is_same_v<C, Refer>) {
                    (void)detail::unenumerated(c.route, "route", bad);
                } else if constexpr (std::is_same_v<C, Close>) {
                    if (!is_enumerated(c.outcome)) {  // named as the outcomes 'close' takes, not every one
                        bad = "gives outcome value " + std::to_string(static_cast<int>(c.outcome)) +
                              ", which is not an outcome ('close' takes " + std::string(detail::close_outcomes) + ")";
                    }
                } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                    (void)detail::unenumerated(c.grade, "grade", bad);
                }
                if (bad.empty()) {
                    if (const std::string* text = detail::text_of(c)) (void)detail::not_utf8(*text, "a text", bad);
                }
            }
        },
        command);
    if (bad.empty()) (void)detail::not_utf8(request_id, "a request id", bad);
    return bad;
}

template <class P>
RiskGrade BasicEngine<P>::assessed(const Case& c, const Command& command) const {
    const RiskGrade grade = detail::use(policies_.risk).assess(c, command);
    if (!is_enumerated(grade)) {
        throw Exception(ErrorCode::invalid_argument, "the risk policy graded case " + std::to_string(c.id.value()) +
                                                         " as value " + std::to_string(static_cast<int>(grade)) +
                                                         ", which is not a risk grade (expected one of: " +
                                                         enum_choices<RiskGrade>() + ")");
    }
    return grade;
}

template <class P>
Result<Receipt> BasicEngine<P>::create(ActorId actor, Command&& command, std::string&& request_id) {
    const Report& rep = std::get<Report>(command);
    if (rep.claimed_amount < 0) {
        return error(ErrorCode::invalid_argument,
                     "the report claims a negative amount (" + std::to_string(rep.claimed_amount) +
                         " fen); give 0 when nothing is claimed",
                     nullptr, actor, CommandKind::report);
    }
    if (rep.parties.size() + rep.unnamed_parties > 0xFFFF) {
        return error(ErrorCode::invalid_argument,
                     "the report gives " + std::to_string(rep.parties.size() + rep.unnamed_parties) + " parties (" +
                         std::to_string(rep.parties.size()) + " named, " + std::to_string(rep.unnamed_parties) +
                         " not), more than the 65535 a case counts",
                     nullptr, actor, CommandKind::report);
    }
    if (rep.repeat_of.valid() && find(rep.repeat_of) == nullptr) {
        return error(ErrorCode::unknown_case,
                     "the report repeats case " + std::to_string(rep.repeat_of.value()) + ", which does not exist",
                     nullptr, actor, CommandKind::report);
    }
    const Dispatch d = machine_.dispatch(State::reported, command, EscalationAnswer::stay);
    (void)d;
    const TimePoint t = now();
    Case before;  // a case that does not exist yet: no deadline, no team
    Case c = case_from_report(CaseId::from_index(cases_.size()), rep, t, version_index_);
    c.risk = assessed(c, command);
    const Deadline dl = deadline_for(c, t);
    c.deadline = dl.due;
    c.warn_at = dl.warn_at;

    CaseFile f{rep.parties, rep.summary, {}};
    before.id = c.id;
    before.risk = RiskGrade::blue;
    const bool asked_by_id = !request_id.empty();
    JournalRecord& rec = make_record(before, c, actor, std::move(command), {}, std::move(request_id), t);
    rec.from = State::reported;
    rec.jurisdiction_before = c.jurisdiction;
    rec.policy_version = versions_[version_index_];
    Receipt out = receipt_of(rec);
    store(c, rec, &f);
    follow_ups(c.id, RiskGrade::blue, CommandKind::report, State::reported, out.follow_ups);
    if (asked_by_id) count_follow_ups(out.follow_ups);
    return out;
}

template <class P>
Case BasicEngine<P>::case_from_report(CaseId id, const Report& rep, TimePoint t, std::uint16_t version_index) const {
    Case c;
    c.id = id;
    c.state = State::reported;
    c.category = rep.category;
    c.channel = rep.channel;
    c.risk = rep.risk;
    c.threat = rep.threat;
    c.violence_history = rep.violence_history;
    c.jurisdiction = c.origin = rep.jurisdiction;
    c.version = 1;
    c.policy_version = version_index;
    c.parties = static_cast<std::uint16_t>(std::min<std::size_t>(rep.parties.size() + rep.unnamed_parties, 0xFFFF));
    c.repeats = rep.repeat_of.valid() ? static_cast<std::uint16_t>(cases_[rep.repeat_of.index()].repeats + 1) : 0;
    c.claimed_amount = rep.claimed_amount;
    c.reported_at = c.state_since = t;
    return c;
}

template <class P>
Result<Team> BasicEngine<P>::resolve_team(const Case& c, const Assign& assign, std::string& reason) const {
    if (assign.mediators.empty()) {
        Result<Assignment> picked = detail::use(policies_.assignment).assign(c, tree_, roster_, Workload(load_));
        if (!picked) {
            Error e = picked.error();
            e.case_id = c.id;
            e.state = to_string(c.state);
            e.command = to_string(CommandKind::assign);
            if (e.message.find("case ") == std::string::npos) {
                e.message = "case " + std::to_string(c.id.value()) + ": " + e.message;
            }
            return e;
        }
        if (picked->team.empty()) {
            throw Exception(ErrorCode::invalid_argument, "the assignment policy returned an empty team for case " +
                                                             std::to_string(c.id.value()) +
                                                             " without an error; return no_eligible_mediator instead");
        }
        for (ActorId a : picked->team) {
            if (!roster_.contains(a)) {
                throw Exception(ErrorCode::invalid_argument, "the assignment policy picked unknown actor id " +
                                                                 std::to_string(a.value()) + " for case " +
                                                                 std::to_string(c.id.value()));
            }
            if (!mediates(roster_[a].role)) {
                throw Exception(ErrorCode::invalid_argument,
                                "the assignment policy picked '" + roster_[a].name + "', a " +
                                    std::string(to_string(roster_[a].role)) + " who does not mediate, for case " +
                                    std::to_string(c.id.value()));
            }
            // As for a team an actor names: a member refused the case's sessions could never act on it.
            const AuthorizationDecision may = may_mediate(a, c);
            if (!may.allowed) {
                throw Exception(ErrorCode::invalid_argument,
                                "the assignment policy picked '" + roster_[a].name + "', who may not mediate case " +
                                    std::to_string(c.id.value()) + " at '" + tree_[c.jurisdiction].name + "': " + may.reason);
            }
        }
        const Team team = picked->team;
        reason = std::move(picked).value().reason;
        return team;
    }
    Team team;
    const auto fail = [&](std::string msg) {
        Error e;
        e.code = ErrorCode::invalid_argument;
        e.case_id = c.id;
        e.state = to_string(c.state);
        e.command = to_string(CommandKind::assign);
        e.message = "case " + std::to_string(c.id.value()) + ": " + std::move(msg);
        return e;
    };
    if (assign.mediators.size() > Team::max_size) {
        return fail("a team has at most " + std::to_string(Team::max_size) + " members, " +
                    std::to_string(assign.mediators.size()) + " were named");
    }
    for (ActorId a : assign.mediators) {
        if (!roster_.contains(a)) return fail("mediator id " + std::to_string(a.value()) + " is not in the roster");
        if (!mediates(roster_[a].role)) {
            return fail("'" + roster_[a].name + "' is a " + std::string(to_string(roster_[a].role)) +
                        " and does not mediate");
        }
        if (!team.add(a)) return fail("mediator '" + roster_[a].name + "' is named twice");
        // A mediator named for a case must be one who may mediate it (hold its sessions), or the team
        // would hold a member refused every command on it.
        const AuthorizationDecision may = may_mediate(a, c);
        if (!may.allowed) {
            return fail("mediator '" + roster_[a].name + "' may not mediate this case at '" + tree_[c.jurisdiction].name +
                        "': " + may.reason);
        }
    }
    reason = "mediators named by the actor";
    return team;
}

template <class P>
AuthorizationDecision BasicEngine<P>::may_mediate(ActorId mediator, const Case& c) const {
    return detail::use(policies_.authorization)
        .authorize(roster_[mediator], CommandKind::hold_session, &c, c.jurisdiction, tree_);
}

template <class P>
const Receipt* BasicEngine<P>::answered(const std::string& request_id) const {
    if (request_id.empty()) return nullptr;
    const auto it = requests_.find(request_id);
    return it == requests_.end() || it->second.refusal ? nullptr : &it->second.receipt;
}

template <class P>
Result<Receipt> BasicEngine<P>::apply(CaseId id, ActorId actor, Command&& command, std::string&& request_id,
                                      const EscalationDecision* preset) {
    const CommandKind kind = kind_of(command);
    const Case& cur = cases_[id.index()];
    if (!takes_now(cur.state, kind)) return transition_error(cur, actor, kind);
    __builtin_prefetch(files_.slot_address(id.index()));  // read by store(), after the policies

    Resolution res;
    EscalationAnswer answer = EscalationAnswer::stay;
    switch (kind) {
        case CommandKind::escalate:
        case CommandKind::risk_escalation: {
            const EscalationDecision d =
                preset ? *preset
                       : detail::use(policies_.escalation).decide(cur, Trigger::escalation_requested, tree_);
            if (d.kind == EscalationDecision::Kind::stay) {
                return error(ErrorCode::no_escalation_target,
                             "case " + std::to_string(cur.id.value()) + " (" + std::string(to_string(cur.state)) +
                                 " at '" + tree_[cur.jurisdiction].name + "') cannot escalate: " + d.reason,
                             &cur, actor, kind);
            }
            if (d.kind == EscalationDecision::Kind::escalate && !tree_.contains(d.target)) {
                throw Exception(ErrorCode::unknown_jurisdiction,
                                "the escalation policy sent case " + std::to_string(cur.id.value()) +
                                    " to jurisdiction id " + std::to_string(d.target.value()) +
                                    ", which is not in the tree of " + std::to_string(tree_.size()) +
                                    " jurisdictions");
            }
            if (d.kind == EscalationDecision::Kind::escalate &&
                (d.target == cur.jurisdiction || !tree_.within(cur.jurisdiction, d.target))) {
                throw Exception(ErrorCode::invalid_argument,
                                "the escalation policy sent case " + std::to_string(cur.id.value()) +
                                    " to jurisdiction id " + std::to_string(d.target.value()) +
                                    ", which is not above its jurisdiction '" + tree_[cur.jurisdiction].name + "'");
            }
            if (d.kind == EscalationDecision::Kind::refer && !is_enumerated(d.route)) {
                throw Exception(ErrorCode::invalid_argument,
                                "the escalation policy referred case " + std::to_string(cur.id.value()) +
                                    " by route value " + std::to_string(static_cast<int>(d.route)) +
                                    ", which is not a referral route");
            }
            if (d.kind == EscalationDecision::Kind::refer && d.route == ReferralRoute::none) {
                throw Exception(ErrorCode::invalid_argument, "the escalation policy referred case " +
                                                                 std::to_string(cur.id.value()) + " without a route");
            }
            answer = d.kind == EscalationDecision::Kind::escalate ? EscalationAnswer::escalate : EscalationAnswer::refer;
            res.target = d.target;
            res.route = d.route;
            res.reason = d.reason;
            break;
        }
        case CommandKind::assign: {
            Result<Team> team = resolve_team(cur, std::get<Assign>(command), res.reason);
            if (!team) {
                Error e = team.error();
                e.actor = actor;
                return e;
            }
            res.team = *team;
            std::get<Assign>(command).mediators.assign(res.team.begin(), res.team.end());
            break;
        }
        case CommandKind::refer:
            if (!is_enumerated(std::get<Refer>(command).route)) {
                // An actor's refer was checked on admission: this one comes from the escalation policy.
                throw Exception(ErrorCode::invalid_argument,
                                "the escalation policy referred case " + std::to_string(cur.id.value()) +
                                    " by route value " +
                                    std::to_string(static_cast<int>(std::get<Refer>(command).route)) +
                                    ", which is not a referral route");
            }
            if (std::get<Refer>(command).route == ReferralRoute::none) {
                std::string routes;
                for (const ReferralRoute r : enum_values<ReferralRoute>()) {
                    if (r == ReferralRoute::none) continue;
                    routes += (routes.empty() ? "" : ", ") + std::string(to_string(r));
                }
                return error(ErrorCode::invalid_argument,
                             "case " + std::to_string(cur.id.value()) + ": 'refer' needs a route (" + routes + ")",
                             &cur, actor, kind);
            }
            res.route = std::get<Refer>(command).route;
            break;
        case CommandKind::apply_confirmation:
            if (!cur.written_agreement) {
                return error(ErrorCode::invalid_argument,
                             "case " + std::to_string(cur.id.value()) +
                                 ": judicial confirmation is for a written agreement (People's Mediation Law art. "
                                 "33); this one was oral, so follow it up ('follow-up') instead",
                             &cur, actor, kind);
            }
            break;
        case CommandKind::close: {
            const Outcome o = std::get<Close>(command).outcome;
            if (!closes_with(o)) {
                return error(ErrorCode::invalid_argument,
                             "case " + std::to_string(cur.id.value()) + ": 'close' takes outcome " +
                                 std::string(detail::close_outcomes) + ", not " + std::string(to_string(o)),
                             &cur, actor, kind);
            }
            break;
        }
        default: break;
    }

    const Dispatch d = machine_.dispatch(cur.state, command, answer);
    if (!d.taken) return transition_error(cur, actor, kind);

    const TimePoint t = now();
    // The undo entry comes first, holding the case as stored: the case then changes in place, and if
    // a policy below throws, the rollback restores it and the case file (an agreement's terms are
    // written into it by apply_effects).
    Undo& undo = undo_.emplace_back(id, cur);
    const Case& before = undo.before;
    Case& next = cases_[id.index()];
    apply_effects(next, files_, undo, command, res, d.to, t);
    next.risk = assessed(next, command);
    if (is_final(next.state)) {
        next.deadline = next.warn_at = no_time;
    } else if (next.state != before.state || next.jurisdiction != before.jurisdiction) {
        const Deadline dl = deadline_for(next, t);
        next.deadline = dl.due;
        next.warn_at = dl.warn_at;
    }
    const RiskGrade risk_before = before.risk;
    const bool asked_by_id = !request_id.empty();
    if (first_non_utf8(res.reason) != std::string_view::npos ||
        (actor == system_actor && !payload_ok(command, std::string()))) {
        // An actor's texts were checked on admission; these come from a policy.
        throw Exception(ErrorCode::invalid_argument, "a policy gave case " + std::to_string(cur.id.value()) +
                                                         " a reason that is not UTF-8 ('" +
                                                         std::string(to_string(kind)) + "' not applied)");
    }
    JournalRecord& rec =
        make_record(before, next, actor, std::move(command), std::move(res.reason), std::move(request_id), t);
    Receipt out = receipt_of(rec);
    store(next, rec);
    follow_ups(id, risk_before, kind, d.to, out.follow_ups);
    if (asked_by_id) count_follow_ups(out.follow_ups);
    return out;
}

template <class P>
void BasicEngine<P>::apply_effects(Case& next, detail::CaseFiles& files, Undo& undo, const Command& command,
                                   const Resolution& res, State to, TimePoint at) const {
    const State from = next.state;
    const JurisdictionId jurisdiction_before = next.jurisdiction;
    next.state = to;
    std::visit(
        [&](const auto& cmd) {
            using C = std::decay_t<decltype(cmd)>;
            if constexpr (std::is_same_v<C, Reject>) {
                next.outcome = Outcome::rejected;
            } else if constexpr (std::is_same_v<C, Assign>) {
                next.mediators = res.team;
            } else if constexpr (std::is_same_v<C, HoldSession>) {
                ++next.sessions;
                ++next.level_sessions;
            } else if constexpr (std::is_same_v<C, ReachAgreement>) {
                next.written_agreement = cmd.written;
                const std::size_t i = next.id.index();
                if (!cmd.terms.empty() || !files[i].agreement.empty()) {  // no text in, none out: no file
                    CaseFile& file = files.edit(i);
                    undo.file_changed = true;
                    undo.agreement_before = file.agreement;
                    file.agreement = cmd.terms;
                }
            } else if constexpr (std::is_same_v<C, Fail>) {
                ++next.failures;
            } else if constexpr (std::is_same_v<C, Expire>) {
                next.overdue = true;
                next.deadline = next.warn_at = no_time;
                if (to == State::failed) ++next.failures;
            } else if constexpr (std::is_same_v<C, Escalate> || std::is_same_v<C, RiskEscalation>) {
                if (to == State::accepted) {
                    next.jurisdiction = res.target;
                    ++next.escalations;
                } else {
                    next.route = res.route;
                }
            } else if constexpr (std::is_same_v<C, Refer>) {
                next.route = res.route;
            } else if constexpr (std::is_same_v<C, RecordFulfilment>) {
                if (to == State::closed) next.outcome = Outcome::resolved;
            } else if constexpr (std::is_same_v<C, Close>) {
                next.outcome = cmd.outcome;
            } else if constexpr (std::is_same_v<C, Withdraw>) {
                next.outcome = Outcome::withdrawn;
            } else if constexpr (std::is_same_v<C, RaiseRisk>) {
                next.threat = next.threat || cmd.threat;
            }
        },
        command);
    // Mediators stay with a case through agreement and follow-up; they are released when mediation at
    // this level ends without agreement, when the case moves, and when it ends.
    if (to == State::failed || to == State::accepted || to == State::referred || is_final(to)) {
        next.mediators.clear();
    }
    if (to != from || next.jurisdiction != jurisdiction_before) next.state_since = at;
    if (next.jurisdiction != jurisdiction_before) next.level_sessions = 0;
    if (is_final(to)) next.closed_at = at;
    ++next.version;
}

template <class P>
JournalRecord& BasicEngine<P>::make_record(const Case& before, const Case& after, ActorId actor, Command&& command,
                                           std::string&& reason, std::string&& request_id, TimePoint at) {
    // The engine's one record in the making, written member by member: reused from command to
    // command, it is neither built nor destroyed each time, and its texts only change hands.
    JournalRecord& r = record_;
    r.sequence = next_sequence_;
    r.case_id = after.id;
    r.case_sequence = after.version;
    r.kind = RecordKind::applied;
    r.refusal = ErrorCode::not_authorized;
    r.from = before.state;
    r.to = after.state;
    r.risk_after = after.risk;
    r.route_after = after.route;
    r.time = at;
    r.actor = actor;
    r.jurisdiction_before = before.jurisdiction;
    r.jurisdiction_after = after.jurisdiction;
    r.deadline = after.deadline;
    r.warn_at = after.warn_at;
    r.command = std::move(command);
    r.reason = std::move(reason);
    r.request_id = std::move(request_id);
    r.policy_version.clear();
    return r;
}

template <class P>
void BasicEngine<P>::tally(const Case& c, int sign) noexcept {
    if (!c.open()) return;
    for (ActorId a : c.mediators) {
        if (a.index() < load_.size()) load_[a.index()] = static_cast<std::uint32_t>(load_[a.index()] + sign);
    }
}

template <class P>
void BasicEngine<P>::store(const Case& next, JournalRecord& record, CaseFile* new_file) {
    // Memory first, with an undo entry, then the journal: if the journal throws, the transaction
    // rolls memory back to what was stored. A new case (@p new_file given) gets its undo entry here;
    // a change to an existing case has had its entry since before the change.
    if (new_file != nullptr) {
        cases_.push_back(next);
        files_.push_back(std::move(*new_file));
        Undo& undo = undo_.emplace_back();
        undo.id = next.id;
        undo.created = true;
        tally(next, +1);
        arm(Case{}, next);
    } else {
        // @p next is the case's slot, changed in place since apply() took its undo entry.
        Undo& undo = undo_.back();
        tally(undo.before, -1);
        tally(next, +1);
        undo.tallied = true;
        arm(undo.before, next);
    }
    ++next_sequence_;
    remember_request(record);
    // Notices only queue (delivered after the commit, dropped on rollback), so they can be taken
    // before the record is handed to the journal.
    if (!listeners_.empty()) {
        note(Notice::Kind::transition, next.id, &record);
        if (record.jurisdiction_after != record.jurisdiction_before) note(Notice::Kind::escalation, next.id, &record);
        if (record.command_kind() == CommandKind::expire) note(Notice::Kind::expired, next.id, &record);
        if (record.risk_after == RiskGrade::red && (undo_.back().created || undo_.back().before.risk != RiskGrade::red)) {
            note(Notice::Kind::red_risk, next.id, &record);
        }
    }
    journal_->adopt(std::move(record), next, files_[next.id.index()]);
}

template <class P>
typename BasicEngine<P>::Answered* BasicEngine<P>::remember_request(const JournalRecord& record) {
    if (record.request_id.empty() || record.kind != RecordKind::applied) return nullptr;
    const auto [it, added] = requests_.emplace(record.request_id, Answered{receipt_of(record), record.actor, std::nullopt});
    if (!added) return nullptr;
    new_requests_.push_back(record.request_id);
    return &it->second;
}

template <class P>
void BasicEngine<P>::remember_refusal(const JournalRecord& record, const Error& error) {
    if (record.request_id.empty()) return;
    Answered answered;
    answered.receipt.case_id = record.case_id;
    answered.receipt.command = record.command_kind();
    answered.actor = record.actor;
    answered.refusal = error;
    if (requests_.emplace(record.request_id, std::move(answered)).second) new_requests_.push_back(record.request_id);
}

template <class P>
void BasicEngine<P>::count_follow_ups(std::uint32_t follow_ups) {
    // The receipt a retry gets back is the first answer whole, the records the engine added after the
    // command included. The request was remembered last: follow-ups carry no request id.
    if (follow_ups != 0 && !new_requests_.empty()) requests_.find(new_requests_.back())->second.receipt.follow_ups = follow_ups;
}

template <class P>
void BasicEngine<P>::arm(const Case& before, const Case& after) {
    if (!after.open()) return;
    if (after.deadline != no_time && after.deadline != before.deadline) {
        timers_.push(armed_.emplace_back(Timer{after.deadline, timer_order_++, after.id, false}));
    }
    if (after.warn_at != no_time && after.warn_at != before.warn_at) {
        timers_.push(armed_.emplace_back(Timer{after.warn_at, timer_order_++, after.id, true}));
    }
}

template <class P>
void BasicEngine<P>::follow_ups(CaseId id, RiskGrade risk_before, CommandKind kind, State to, std::uint32_t& added) {
    const auto before = next_sequence_;
    const auto& esc = detail::use(policies_.escalation);
    {
        const Case& c = cases_[id.index()];
        if (c.risk == RiskGrade::red && (risk_before != RiskGrade::red || kind == CommandKind::report) && c.open()) {
            const EscalationDecision d = esc.decide(c, Trigger::risk_raised, tree_);
            if (d.kind == EscalationDecision::Kind::escalate && takes_now(c.state, CommandKind::risk_escalation)) {
                (void)apply(id, system_actor, RiskEscalation{}, {}, &d);
            } else if (d.kind == EscalationDecision::Kind::refer && takes_now(c.state, CommandKind::refer)) {
                (void)apply(id, system_actor, Refer{d.route, d.reason}, {}, nullptr);
            }
        }
    }
    const Case& c = cases_[id.index()];
    if (c.state == State::failed && to == State::failed && (kind == CommandKind::fail || kind == CommandKind::expire)) {
        const EscalationDecision d =
            esc.decide(c, kind == CommandKind::fail ? Trigger::failed : Trigger::deadline_expired, tree_);
        if (d.kind != EscalationDecision::Kind::stay) (void)apply(id, system_actor, Escalate{}, {}, &d);
    }
    added += static_cast<std::uint32_t>(next_sequence_ - before);
}

template <class P>
Receipt BasicEngine<P>::receipt_of(const JournalRecord& r) {
    // Built in place, so that an empty reason (most commands have none) costs no string copy.
    return Receipt{r.case_id,
                   r.sequence,
                   r.case_sequence,
                   r.command_kind(),
                   r.from,
                   r.to,
                   r.jurisdiction_before,
                   r.jurisdiction_after,
                   r.reason.empty() ? std::string() : r.reason,
                   0};
}

template <class P>
void BasicEngine<P>::note(typename Notice::Kind kind, CaseId id, const JournalRecord* record, TimePoint due) {
    if (listeners_.empty()) return;
    Notice n{kind, id, notice_records_.size(), due};
    if (record != nullptr) {
        if (notice_records_.empty() || notice_records_.back().sequence != record->sequence) {
            notice_records_.push_back(*record);
        }
        n.record = notice_records_.size() - 1;
    }
    notices_.push_back(n);
}

template <class P>
typename BasicEngine<P>::Delivery BasicEngine<P>::take_notices() {
    Delivery d;
    d.notices.swap(notices_);
    d.records.swap(notice_records_);
    // The cases as this call left them: a listener told later, after another listener has issued
    // commands of its own, still gets the case this call's records describe.
    d.cases.reserve(d.notices.size());
    for (const Notice& n : d.notices) {
        const Case* c = find(n.case_id);
        d.cases.push_back(c != nullptr ? *c : Case{});
    }
    return d;
}

template <class P>
void BasicEngine<P>::deliver() {
    if (notices_.empty()) return;
    if (delivering_) {
        // A listener issued this call while being told of an earlier one: it is told of it after
        // every listener has heard of the earlier one, so that all hear the records in journal order.
        waiting_.push_back(take_notices());
        return;
    }
    struct Done {
        BasicEngine& e;
        ~Done() {
            e.waiting_.clear();
            e.delivering_ = false;
        }
    };
    delivering_ = true;
    const Done done{*this};
    std::exception_ptr first_error;
    waiting_.push_back(take_notices());
    for (std::size_t next = 0; next < waiting_.size(); ++next) {
        const Delivery d = std::move(waiting_[next]);  // waiting_ grows while listeners issue commands
        const auto listeners = listeners_;              // a listener may unsubscribe itself or others
        for (std::size_t i = 0; i < d.notices.size(); ++i) {
            const Notice& n = d.notices[i];
            const Case& c = d.cases[i];
            for (const auto& l : listeners) {
                // A listener that throws does not keep the others from hearing of what was stored: the
                // first exception propagates once every listener has been told of everything.
                try {
                    switch (n.kind) {
                        case Notice::Kind::transition: l->on_transition(c, d.records[n.record]); break;
                        case Notice::Kind::escalation: l->on_escalation(c, d.records[n.record]); break;
                        case Notice::Kind::expired: l->on_deadline_expired(c, d.records[n.record]); break;
                        case Notice::Kind::red_risk: l->on_red_risk(c, d.records[n.record]); break;
                        case Notice::Kind::refused: l->on_refused(d.records[n.record]); break;
                        case Notice::Kind::warning: l->on_deadline_warning(c, n.due); break;
                    }
                } catch (...) {
                    if (!first_error) first_error = std::current_exception();
                }
            }
        }
    }
    if (first_error) std::rethrow_exception(first_error);
}

template <class P>
void BasicEngine<P>::rollback() noexcept {
    try {
        journal_->rollback();
    } catch (...) {
        // The store could not discard its open transaction; memory is still restored below.
    }
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
        if (it->created) {
            tally(cases_.back(), -1);
            cases_.pop_back();
            files_.pop_back();
            continue;
        }
        Case& slot = cases_[it->id.index()];
        if (it->tallied) {
            tally(slot, -1);
            tally(it->before, +1);
        }
        slot = it->before;
        if (it->file_changed) files_.edit(it->id.index()).agreement = std::move(it->agreement_before);
    }
    for (const auto& id : new_requests_) requests_.erase(id);
    // The call's timers go too: a case it created no longer exists, and one it changed is back to
    // the deadline it had.
    for (auto it = armed_.rbegin(); it != armed_.rend(); ++it) timers_.cancel(*it);
    armed_.clear();
    undo_.clear();
    new_requests_.clear();
    notices_.clear();
    notice_records_.clear();
    next_sequence_ = sequence_at_begin_;
}

// ---------------------------------------------------------------------------------------------------
// Time

template <class P>
Deadline BasicEngine<P>::deadline_for(const Case& c, TimePoint entered) const {
    const Deadline dl = detail::use(policies_.deadline).deadline(c, entered);
    for (const TimePoint at : {dl.due, dl.warn_at}) {
        if (at != no_time && (at < earliest_time || at > latest_time)) {
            throw Exception(ErrorCode::invalid_argument,
                            "the deadline policy gave case " + std::to_string(c.id.value()) + " a time of " +
                                std::to_string(at.time_since_epoch().count()) + " s since 1970, outside " +
                                format_time(earliest_time) + " to " + format_time(latest_time));
        }
    }
    // A limit falls due after the state began, and its warning comes before it: anything else would
    // make the case overdue the moment it got there, or warn of a limit it does not have.
    const auto impossible = [&](const std::string& what) {
        return Exception(ErrorCode::invalid_argument, "the deadline policy gave case " + std::to_string(c.id.value()) +
                                                          " " + what + " (state " + std::string(to_string(c.state)) +
                                                          " entered " + format_time(entered) + ")");
    };
    if (dl.due != no_time && dl.due < entered) throw impossible("a limit due " + format_time(dl.due) + ", before its state began");
    if (dl.warn_at != no_time && dl.due == no_time) throw impossible("a warning at " + format_time(dl.warn_at) + " but no limit");
    if (dl.warn_at != no_time && dl.warn_at > dl.due) {
        throw impossible("a warning at " + format_time(dl.warn_at) + ", after its limit falls due (" + format_time(dl.due) + ")");
    }
    return dl;
}

template <class P>
void BasicEngine<P>::advance_to(TimePoint t) {
    if (!clock_->is_virtual()) {
        throw Exception(ErrorCode::invalid_argument,
                        "only a virtual clock can be moved (advance_to(), advance()); this engine runs on wall time, whose due "
                        "timers run_due_timers() fires");
    }
    if (t == no_time || t > latest_time) {
        throw Exception(ErrorCode::invalid_argument,
                        t == no_time ? std::string("advance_to() needs a time; got none")
                                     : "cannot move the clock past " + format_time(latest_time));
    }
    if (t < now()) {
        throw Exception(ErrorCode::invalid_argument,
                        "cannot move the clock back from " + format_time(now()) + " to " + format_time(t));
    }
    fire_until(t, nullptr);
    clock_->set(t);
}

template <class P>
std::size_t BasicEngine<P>::run_due_timers() {
    std::size_t fired = 0;
    fire_until(now(), &fired);
    return fired;
}

template <class P>
void BasicEngine<P>::fire_until(TimePoint t, std::size_t* fired) {
    Timer timer{};
    while (timers_.pop_due(t, timer)) {
        // A day's timers name cases in random order: with millions of cases, each first read missed the
        // cache. The case of a timer a few places ahead is fetched meanwhile.
        if (const Timer* next = timers_.ahead(4); next != nullptr && next->case_id.index() < cases_.size()) {
            const char* ahead = reinterpret_cast<const char*>(&cases_[next->case_id.index()]);
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + sizeof(Case) - 1);
        }
        if (timer.case_id.index() >= cases_.size()) continue;  // never kept (rollback cancels these)
        const Case& c = cases_[timer.case_id.index()];
        if (!c.open() || (timer.warning ? c.warn_at : c.deadline) != timer.at) continue;  // stale
        clock_->set(timer.at);
        if (fired != nullptr) ++*fired;
        if (timer.warning) {
            notices_.clear();
            notice_records_.clear();
            note(Notice::Kind::warning, c.id, nullptr, c.deadline);
            deliver();
            continue;
        }
        try {
            Transaction tx(*this);
            (void)apply(timer.case_id, system_actor, Expire{}, {}, nullptr);
            tx.commit();
        } catch (...) {
            timers_.push(timer);  // nothing was applied; the deadline is still due
            throw;
        }
        deliver();
    }
}

// ---------------------------------------------------------------------------------------------------
// Queries

template <class P>
bool BasicEngine<P>::matches(const Case& c, const CaseQuery& q) const {
    if (q.state && c.state != *q.state) return false;
    if (q.category && c.category != *q.category) return false;
    if (q.min_risk && c.risk < *q.min_risk) return false;
    if (q.open_only && !c.open()) return false;
    if (q.overdue_only && !(c.open() && (c.overdue || c.deadline <= now()))) return false;
    if (q.within && !tree_.within(c.jurisdiction, *q.within)) return false;
    return true;
}

template <class P>
void BasicEngine<P>::check_query(const CaseQuery& q) const {
    if (q.within && !tree_.contains(*q.within)) {
        throw Exception(ErrorCode::unknown_jurisdiction,
                        "the query asks for cases within jurisdiction id " + std::to_string(q.within->value()) +
                            ", which is not in the tree of " + std::to_string(tree_.size()) + " jurisdictions");
    }
}

template <class P>
std::vector<CaseId> BasicEngine<P>::query(const CaseQuery& q) const {
    check_query(q);
    std::vector<CaseId> out;
    for (const Case& c : cases_) {
        if (matches(c, q)) out.push_back(c.id);
    }
    return out;
}

template <class P>
std::size_t BasicEngine<P>::count(const CaseQuery& q) const {
    check_query(q);
    std::size_t n = 0;
    for (const Case& c : cases_) n += matches(c, q) ? 1 : 0;
    return n;
}

template <class P>
Statistics BasicEngine<P>::statistics() const {
    Statistics s;
    const TimePoint t = now();
    s.cases = cases_.size();
    for (const Case& c : cases_) {
        ++s.by_state[static_cast<std::size_t>(c.state)];
        ++s.by_outcome[static_cast<std::size_t>(c.outcome)];
        if (c.open()) {
            ++s.open;
            if (c.overdue || c.deadline <= t) ++s.overdue;
        }
        if (c.outcome == Outcome::resolved) ++s.resolved_by_tier[static_cast<std::size_t>(tree_.tier(c.jurisdiction))];
        if (c.route != ReferralRoute::none) ++s.referred_by_route[static_cast<std::size_t>(c.route)];
    }
    return s;
}

// ---------------------------------------------------------------------------------------------------
// Rebuilding

template <class P>
void BasicEngine<P>::replay(const Journal& source) {
    if (!cases_.empty() || journal_->size() != 0) {
        throw Exception(ErrorCode::invalid_argument,
                        "replay() needs an engine without cases and with an empty journal; this one has " +
                            std::to_string(cases_.size()) + " cases and " + std::to_string(journal_->size()) +
                            " records");
    }
    Transaction tx(*this);
    LastRequest last;
    source.for_each([this, &last](const JournalRecord& r) { apply_record(r, true, last); });
    tx.commit();
    undo_.clear();
    rearm_all();
}

template <class P>
void BasicEngine<P>::recover() {
    if (!cases_.empty()) {
        throw Exception(ErrorCode::invalid_argument, "recover() needs an engine without cases; this one has " +
                                                         std::to_string(cases_.size()));
    }
    try {
        LastRequest last;
        journal_->for_each([this, &last](const JournalRecord& r) { apply_record(r, false, last); });
    } catch (...) {
        // Leave the engine empty rather than half-recovered.
        cases_.clear();
        files_.clear();
        requests_.clear();
        std::fill(load_.begin(), load_.end(), 0);
        next_sequence_ = 1;
        throw;
    }
    rearm_all();
}

template <class P>
void BasicEngine<P>::apply_record(const JournalRecord& r, bool append, LastRequest& last) {
    const auto where = [&r] { return "journal record " + std::to_string(r.sequence); };
    const auto place = [this](JurisdictionId j) {
        return tree_.contains(j) ? "'" + tree_[j].name + "'" : "jurisdiction id " + std::to_string(j.value());
    };
    if (r.sequence != next_sequence_) {
        throw JournalCorrupt(where() + ": expected record " + std::to_string(next_sequence_) +
                             " (records are missing or out of order)");
    }
    for (JurisdictionId j : {r.jurisdiction_before, r.jurisdiction_after}) {
        if (!tree_.contains(j)) {
            throw JournalCorrupt(where() + " names jurisdiction id " + std::to_string(j.value()) +
                                 ", which is not in this engine's tree (was it written with another configuration?)");
        }
    }
    if (r.actor != system_actor && !roster_.contains(r.actor)) {
        throw JournalCorrupt(where() + " names actor id " + std::to_string(r.actor.value()) +
                             ", which is not in this engine's roster (was it written with another configuration, "
                             "or by an engine that add_actor() gave actors this roster lacks?)");
    }
    if (clock_->is_virtual()) clock_->set(r.time);
    const CommandKind kind = r.command_kind();
    if (r.kind == RecordKind::refused) {
        const Case* c = find(r.case_id);
        if (append) journal_->append(r, c ? *c : Case{}, c ? files_[c->id.index()] : CaseFile{});
        ++next_sequence_;
        // A retry of the request after a restart gets the same refusal.
        if (!r.request_id.empty()) remember_refusal(r, error(r.refusal, r.reason, c, r.actor, kind));
        return;
    }
    Case next;
    Undo undo;
    undo.id = r.case_id;
    if (kind == CommandKind::report) {
        const Report& rep = std::get<Report>(r.command);
        if (r.case_id != CaseId::from_index(cases_.size()) || r.case_sequence != 1) {
            throw JournalCorrupt(where() + " reports case " + std::to_string(r.case_id.value()) + " version " +
                                 std::to_string(r.case_sequence) + "; expected case " +
                                 std::to_string(cases_.size() + 1) + " version 1");
        }
        if (r.from != State::reported || r.to != State::reported) {
            throw JournalCorrupt(where() + " reports case " + std::to_string(r.case_id.value()) + " going from " +
                                 std::string(to_string(r.from)) + " to " + std::string(to_string(r.to)) +
                                 "; a report takes a case from reported to reported");
        }
        if (r.jurisdiction_before != rep.jurisdiction || r.jurisdiction_after != rep.jurisdiction) {
            throw JournalCorrupt(where() + " reports case " + std::to_string(r.case_id.value()) + " at " +
                                 place(rep.jurisdiction) + " but records it moving from " +
                                 place(r.jurisdiction_before) + " to " + place(r.jurisdiction_after));
        }
        auto v = std::find(versions_.begin(), versions_.end(), r.policy_version);
        if (v == versions_.end()) v = versions_.insert(versions_.end(), r.policy_version);
        if (rep.repeat_of.valid() && find(rep.repeat_of) == nullptr) {
            throw JournalCorrupt(where() + " repeats case " + std::to_string(rep.repeat_of.value()) +
                                 ", which was never reported");
        }
        next = case_from_report(r.case_id, rep, r.time, static_cast<std::uint16_t>(v - versions_.begin()));
        undo.created = true;
        CaseFile f{rep.parties, rep.summary, {}};
        next.risk = r.risk_after;
        next.deadline = r.deadline;
        next.warn_at = r.warn_at;
        cases_.push_back(next);
        files_.push_back(std::move(f));
        tally(next, +1);
    } else {
        if (!r.case_id.valid() || r.case_id.index() >= cases_.size()) {
            throw JournalCorrupt(where() + " names case " + std::to_string(r.case_id.value()) +
                                 ", which was never reported");
        }
        Case& slot = cases_[r.case_id.index()];
        undo.before = slot;
        if (r.case_sequence != slot.version + 1 || r.from != slot.state ||
            r.jurisdiction_before != slot.jurisdiction) {
            throw JournalCorrupt(where() + " applies '" + std::string(to_string(kind)) + "' to case " +
                                 std::to_string(r.case_id.value()) + " version " + std::to_string(r.case_sequence) +
                                 " in state " + std::string(to_string(r.from)) + " at " +
                                 place(r.jurisdiction_before) + ", but the case is at version " +
                                 std::to_string(slot.version) + " in state " + std::string(to_string(slot.state)) +
                                 " at " + place(slot.jurisdiction));
        }
        Resolution res;
        res.target = r.jurisdiction_after;
        res.route = r.route_after;
        if (const auto* a = std::get_if<Assign>(&r.command)) {
            for (ActorId m : a->mediators) {
                if (!roster_.contains(m)) {
                    throw JournalCorrupt(where() + " assigns mediator id " + std::to_string(m.value()) +
                                         ", which is not in this engine's roster (was it written with another "
                                         "configuration, or by an engine that add_actor() gave actors this roster "
                                         "lacks?)");
                }
                if (!res.team.add(m)) {
                    throw JournalCorrupt(where() + " assigns mediator id " + std::to_string(m.value()) + " twice");
                }
            }
        }
        const EscalationAnswer answer = r.to == State::referred   ? EscalationAnswer::refer
                                        : r.to == State::accepted ? EscalationAnswer::escalate
                                                                  : EscalationAnswer::stay;
        const Dispatch d = machine_.dispatch(slot.state, r.command, answer);
        if (!d.taken || d.to != r.to) {
            throw JournalCorrupt(where() + ": '" + std::string(to_string(kind)) + "' takes case " +
                                 std::to_string(r.case_id.value()) + " from " + std::string(to_string(slot.state)) +
                                 (d.taken ? " to " + std::string(to_string(d.to)) : std::string(" nowhere")) +
                                 ", but the record says " + std::string(to_string(r.to)));
        }
        next = slot;
        apply_effects(next, files_, undo, r.command, res, d.to, r.time);
        if (next.jurisdiction != r.jurisdiction_after) {
            throw JournalCorrupt(where() + " moves case " + std::to_string(r.case_id.value()) +
                                 " to a jurisdiction its command cannot reach");
        }
        next.risk = r.risk_after;
        next.deadline = r.deadline;
        next.warn_at = r.warn_at;
        tally(slot, -1);
        tally(next, +1);
        slot = next;
        undo.tallied = true;
    }
    ++next_sequence_;
    // A record the engine added itself right after a request's, on the same case at the same time, is
    // one of that request's follow-ups: a retry after a restart gets the first receipt whole.
    if (r.actor == system_actor && last.answered != nullptr && r.case_id == last.answered->receipt.case_id &&
        r.time == last.time) {
        ++last.answered->receipt.follow_ups;
    } else {
        last.answered = remember_request(r);
        last.time = r.time;
    }
    if (append) {
        undo_.push_back(std::move(undo));
        journal_->append(r, next, files_[r.case_id.index()]);
    }
}

template <class P>
void BasicEngine<P>::rearm_all() {
    timers_.clear();
    const TimePoint t = now();
    for (const Case& c : cases_) {
        if (!c.open()) continue;
        if (c.warn_at != no_time && c.warn_at > t) timers_.push(Timer{c.warn_at, timer_order_++, c.id, true});
        if (c.deadline != no_time) timers_.push(Timer{c.deadline, timer_order_++, c.id, false});
    }
}

}  // namespace fengqiao
