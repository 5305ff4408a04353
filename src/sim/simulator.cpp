// The discrete-event loop: arrivals and simulated mediators on one side, the real Engine on the other.
#include "fengqiao/sim/simulator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <iomanip>
#include <map>
#include <numeric>
#include <queue>
#include <random>
#include <sstream>

#include "agenda.hpp"
#include "fengqiao/store/digest_journal.hpp"

namespace fengqiao::sim {
namespace {

constexpr double seconds_per_day = 86400.0;

// SplitMix64's output function: a bijection that scatters neighbouring inputs.
std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// A random stream whose whole state is one 64-bit number kept elsewhere (SplitMix64: the state steps
// by a fixed odd constant, and each step is scattered by splitmix()). The simulation keeps one per
// category for arrivals and one per dispute for what its people do, so that a change to one part of
// a scenario leaves the draws of the others as they were: two runs with the same seed see the same
// disputes arrive, and a dispute draws the same luck in both, whatever else the change moved.
class Draws {
public:
    using result_type = std::uint64_t;
    explicit Draws(std::uint64_t& state) noexcept : state_(&state) {}
    static constexpr result_type min() noexcept { return 0; }
    static constexpr result_type max() noexcept { return ~result_type{0}; }
    result_type operator()() noexcept {
        const result_type out = splitmix(*state_);  // scatters the state one step on
        *state_ += 0x9E3779B97F4A7C15ull;
        return out;
    }
    double uniform() noexcept { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
    bool chance(double p) noexcept { return uniform() < p; }
    Duration within(const DayRange& r) noexcept {
        return Duration(static_cast<std::int64_t>((r.min + (r.max - r.min) * uniform()) * seconds_per_day));
    }
    std::uint64_t poisson(double mean) { return mean <= 0 ? 0 : std::poisson_distribution<std::uint64_t>(mean)(*this); }
    double normal() { return std::normal_distribution<double>(0.0, 1.0)(*this); }
    std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>((*this)() % n); }

private:
    std::uint64_t* state_;
};

// The first state of stream @p stream of a run: the seed and the replication are mixed one after the
// other (not symmetrically), so no two (seed, replication) pairs share their streams.
std::uint64_t stream_start(std::uint64_t seed, std::uint32_t replication, std::uint64_t stream) {
    return splitmix(splitmix(splitmix(seed) + replication) ^ stream);
}

using detail::Agenda;
using detail::Event;
using detail::Step;

// What the simulation knows about a case besides the engine's record of it.
struct CaseState {
    std::uint64_t draws = 0;          // the state of the dispute's own random stream
    std::uint32_t token = 0;
    std::uint32_t version_seen = 0;
    JurisdictionId level_seen;        // the jurisdiction last seen (agree_at was drawn for it)
    std::uint16_t agree_at = 0;       // session at which agreement comes at this level (0: it fails)
    State state_seen = State::reported;
    std::uint8_t tier_seen = 0;
    std::uint8_t tiers_seen = 0;      // bit t: the case was seen at a jurisdiction of tier t
    bool open_seen = false;
    bool had_team = false;
};

// A dispute to be reported, with everything drawn for it when it was generated.
struct Arrival {
    TimePoint at;
    JurisdictionId where;
    Category category;
    Channel channel;
    bool threat;
    bool violence_history;
    bool repeat;
    std::uint16_t unnamed_parties;
    std::int64_t claimed_amount;
    std::uint64_t pick;   // which recent dispute it repeats, if it does
    std::uint64_t draws;  // the first state of its own stream
};

struct Place {
    ActorId handler;   // accepts, assigns, escalates, follows up
    ActorId reporter;  // reports what the grid worker finds
    ActorId court;     // decides judicial confirmation
    ActorId closer;    // records how referred cases ended
    std::deque<CaseId> waiting;  // accepted cases waiting for a mediator with room
};

class Simulation {
public:
    Simulation(const Scenario& sc, const RunOptions& opt)
        : sc_(sc),
          opt_(opt),
          days_(opt.days.value_or(sc.days)),
          digest_(std::make_shared<DigestJournal>(opt.journal, opt.digest)),
          engine_(make_engine()),
          events_(sc.start, days_) {
        index_places();
        for (std::size_t c = 0; c < category_count; ++c) arrival_roots_[c] = stream_start(opt.seed, opt.replication, c);
    }

    Result run() {
        const TimePoint end = sc_.start + fengqiao::days(days_);
        const std::uint32_t report_every = std::max<std::uint32_t>(1, days_ / 100);
        for (std::uint32_t day = 0; day < days_; ++day) {
            const TimePoint day_start = sc_.start + fengqiao::days(day);
            const TimePoint day_end = day_start + fengqiao::days(1);
            events_.open_day(day);
            arrivals_for(day, day_start);
            while (events_.has_before(day_end)) {
                // Written out here: GCC drops a call to a function that only prefetches, as having no effect.
                if (const Event* next = events_.ahead(prefetch_distance);
                    next != nullptr && next->subject < cases_.size() && next->subject < engine_.size()) {
                    const char* c = reinterpret_cast<const char*>(engine_.cases().data() + next->subject);
                    __builtin_prefetch(&cases_[next->subject]);
                    __builtin_prefetch(c);  // a Case spans up to three cache lines
                    __builtin_prefetch(c + 64);
                    __builtin_prefetch(c + sizeof(Case) - 1);
                }
                // Nearer, the case fetched above is in the cache: what it names (its place and the
                // actor who will act on it) is fetched in turn.
                if (const Event* near = events_.ahead(prefetch_distance / 2);
                    near != nullptr && near->step != Step::arrive && near->subject < engine_.size()) {
                    const Case& c = engine_.cases()[near->subject];
                    if (c.jurisdiction.index() < places_.size()) {
                        const Place& place = places_[c.jurisdiction.index()];
                        __builtin_prefetch(&place);
                        const ActorId lead = c.mediators.empty() ? place.handler : c.mediators[0];
                        if (engine_.roster().contains(lead)) __builtin_prefetch(&engine_.roster()[lead].role);
                    }
                }
                const Event ev = events_.pop();
                if (ev.at > engine_.now()) engine_.advance_to(ev.at);
                handle(ev);
            }
            engine_.advance_to(day_end);
            sample(day + 1);
            if (opt_.progress && ((day + 1) % report_every == 0 || day + 1 == days_)) {
                opt_.progress(static_cast<double>(day + 1) / days_);
            }
        }
        (void)end;
        return finish();
    }

private:
    // At province scale the cases' records (the engine's and the simulation's) are hundreds of megabytes,
    // read in the random order of the day's events: each event's first reads missed the cache. The
    // records of an event a few places ahead are fetched while the current one is handled.
    static constexpr std::size_t prefetch_distance = 8;

    Engine make_engine() {
        const County& k = sc_.county;
        Roster staffed = k.roster;
        add_extra_mediators(staffed, k.jurisdictions, sc_.extra_mediators);
        Roster roster;
        for (Actor a : staffed.actors()) {
            if (mediates(a.role)) a.capacity = sc_.levels[static_cast<std::size_t>(k.jurisdictions.tier(a.jurisdiction))].capacity;
            roster.add(std::move(a));
        }
        PolicySet policies = fengqiao_policies(k.settings, k.calendar, k.jurisdictions, roster);
        auto clock = std::make_shared<VirtualClock>(sc_.start);
        return Engine(k.jurisdictions, std::move(roster), std::move(policies), {clock, digest_});
    }

    void index_places() {
        const auto& tree = engine_.jurisdictions();
        const auto& roster = engine_.roster();
        places_.resize(tree.size());
        // The first actor of a role at each jurisdiction; then each place inherits from its parent what it lacks.
        auto first = [&](JurisdictionId j, std::initializer_list<Role> roles) {
            for (Role r : roles) {
                for (ActorId a : roster.at_jurisdiction(j)) {
                    if (roster[a].role == r) return a;
                }
            }
            return ActorId{};
        };
        for (JurisdictionId j : tree.subtree(tree.root())) {  // parents before children
            Place& p = places_[j.index()];
            const JurisdictionId parent = tree[j].parent;
            const Place* up = parent.valid() ? &places_[parent.index()] : nullptr;
            p.handler = first(j, {Role::county_centre_staff, Role::judicial_office, Role::peoples_mediator,
                                  Role::township_cadre, Role::petition_office});
            if (!p.handler.valid() && up) p.handler = up->handler;
            p.reporter = first(j, {Role::grid_worker});
            if (!p.reporter.valid()) p.reporter = p.handler;
            p.court = first(j, {Role::court_tribunal});
            if (!p.court.valid() && up) p.court = up->court;
            p.closer = first(j, {Role::county_centre_staff});
            if (!p.closer.valid() && up) p.closer = up->closer;
            if (!p.closer.valid()) p.closer = p.handler;
            if (!p.court.valid()) p.court = p.closer;  // no tribunal above: the centre records the court's decision
            if (tier_of(tree[j].kind) == Tier::village) {
                villages_.push_back(j);
                weight_sum_ += tree[j].population == 0 ? 1.0 : tree[j].population;
                cumulative_.push_back(weight_sum_);
                residents_ += tree[j].population;
            }
        }
        if (villages_.empty()) throw ConfigError("/county", "the county has no village or community to report disputes in");
        if (residents_ == 0) residents_ = 1000.0 * static_cast<double>(villages_.size());
        std::vector<std::vector<ActorId>> by_place(tree.size());
        for (const Actor& a : roster.actors()) {
            if (mediates(a.role) && a.capacity != 0) by_place[a.jurisdiction.index()].push_back(a.id);
        }
        for (std::size_t j = 0; j < by_place.size(); ++j) {
            if (!by_place[j].empty()) mediators_at_.push_back({JurisdictionId::from_index(j), std::move(by_place[j]), 0.0});
        }
    }

    void push(TimePoint at, std::uint32_t subject, std::uint32_t token, Step step) {
        events_.push(Event{at, order_++, subject, token, step});
    }

    void arrivals_for(std::uint32_t day, TimePoint day_start) {
        arrivals_.clear();
        const auto& ar = sc_.arrivals;
        const unsigned month = local_date(day_start, sc_.county.calendar.utc_offset()).month - 1;
        const double per_day = ar.per_thousand_residents * residents_ / 1000.0 / 365.0;
        for (std::size_t c = 0; c < category_count; ++c) {
            // A category's count on a day, and each of its arrivals that day, draw from streams of
            // their own: a change of one day's rate of one category leaves every other day and
            // category as it was, and that day's first arrivals too (more or fewer come after them).
            const std::uint64_t day_root = splitmix(arrival_roots_[c] ^ splitmix(day));
            std::uint64_t count_state = day_root;
            const double mean = per_day * ar.category_share[c] * ar.monthly_factor[c][month];
            const std::uint64_t n = Draws(count_state).poisson(mean);
            for (std::uint64_t k = 0; k < n; ++k) {
                std::uint64_t state = splitmix(day_root ^ splitmix(k + 1));
                Draws rng(state);
                const double w = rng.uniform() * weight_sum_;
                const auto v = static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), w) -
                                                        cumulative_.begin());
                Arrival& a = arrivals_.emplace_back();
                a.at = day_start + rng.within({0, 1});
                a.where = villages_[std::min(v, villages_.size() - 1)];
                a.category = static_cast<Category>(c);
                const double pick = rng.uniform();
                double acc = 0;
                a.channel = Channel::walk_in;
                for (std::size_t ch = 0; ch < channel_count; ++ch) {
                    acc += ar.channel_share[ch];
                    if (pick < acc) {
                        a.channel = static_cast<Channel>(ch);
                        break;
                    }
                }
                a.threat = rng.chance(ar.threat);
                a.violence_history = rng.chance(ar.violence_history);
                a.unnamed_parties = rng.chance(ar.group) ? static_cast<std::uint16_t>(5 + rng.below(26)) : 2;
                const double median = ar.median_claim_yuan[c];
                a.claimed_amount = median > 0 ? static_cast<std::int64_t>(median * 100.0 * std::exp(rng.normal())) : 0;
                a.repeat = rng.chance(ar.repeat);
                a.pick = rng();
                a.draws = rng();
            }
        }
        std::vector<Event> events;
        events.reserve(arrivals_.size());
        for (std::uint32_t i = 0; i < arrivals_.size(); ++i) events.push_back(Event{arrivals_[i].at, order_++, i, 0, Step::arrive});
        events_.set_arrivals(std::move(events));
    }

    template <class C>
    bool issue(CaseId id, ActorId actor, C command) {
        const auto r = engine_.submit(id, actor, Command(std::move(command)));
        if (!r.ok()) ++summary_.refused_commands;
        return r.ok();
    }

    void arrive(const Arrival& a) {
        Report r;
        r.jurisdiction = a.where;
        r.category = a.category;
        r.channel = a.channel;
        r.threat = a.threat;
        r.violence_history = a.violence_history;
        r.unnamed_parties = a.unnamed_parties;
        r.claimed_amount = a.claimed_amount;
        if (!recent_.empty() && a.repeat) {
            const CaseId earlier = recent_[a.pick % recent_.size()];
            if (engine_.at(earlier).open()) {
                r.repeat_of = earlier;
                r.category = engine_.at(earlier).category;
                r.jurisdiction = engine_.at(earlier).origin;
            }
        }
        const Place& place = places_[r.jurisdiction.index()];
        const ActorId by = r.channel == Channel::grid_screening ? place.reporter : place.handler;
        const auto res = engine_.report(by, std::move(r));
        if (!res.ok()) {
            ++summary_.refused_commands;
            return;
        }
        const CaseId id = res->case_id;
        // The case was at its origin when reported, even if the report's follow-ups (a red risk sent
        // on at once) have moved it since.
        CaseState& s = cases_.emplace_back();
        s.draws = a.draws;
        s.tiers_seen = static_cast<std::uint8_t>(
            1u << static_cast<unsigned>(engine_.jurisdictions().tier(engine_.at(id).origin)));
        if (recent_.size() < 512) {
            recent_.push_back(id);
        } else {
            recent_[id.index() % recent_.size()] = id;
        }
        observe(id);
        plan(id);
    }

    // Brings the simulation's view of a case up to date with the engine.
    void observe(CaseId id) {
        const Case& c = engine_.at(id);
        CaseState& s = cases_[id.index()];
        Draws rng(s.draws);
        const auto tier = static_cast<std::uint8_t>(engine_.jurisdictions().tier(c.jurisdiction));
        if (s.open_seen) --open_by_tier_[s.tier_seen];
        if (c.open()) ++open_by_tier_[tier];
        if (s.had_team && c.mediators.empty()) release(s.level_seen.valid() ? s.level_seen : c.jurisdiction);
        if (c.state == State::mediating && (s.state_seen != State::mediating || s.level_seen != c.jurisdiction)) {
            const LevelBehaviour& level = sc_.levels[tier];
            const double p = std::min(1.0, level.success * sc_.success_factor[static_cast<std::size_t>(c.category)]);
            s.agree_at = rng.chance(p) ? static_cast<std::uint16_t>(1 + rng.below(std::max<std::uint16_t>(1, level.max_sessions)))
                                        : 0;
        }
        s.level_seen = c.jurisdiction;
        s.tier_seen = tier;
        s.tiers_seen = static_cast<std::uint8_t>(s.tiers_seen | 1u << tier);
        s.open_seen = c.open();
        s.had_team = !c.mediators.empty();
        s.state_seen = c.state;
        s.version_seen = c.version;
    }

    // A mediator at @p where has room again: the longest-waiting case there gets its turn.
    void release(JurisdictionId where) {
        auto& queue = places_[where.index()].waiting;
        while (!queue.empty()) {
            const CaseId next = queue.front();
            queue.pop_front();
            const Case& c = engine_.at(next);
            if (c.state == State::accepted && c.jurisdiction == where) {
                push(engine_.now(), next.index(), cases_[next.index()].token, Step::assign);
                return;
            }
        }
    }

    // Schedules what people do next with a case, given where the engine says it stands.
    void plan(CaseId id) {
        const Case& c = engine_.at(id);
        CaseState& s = cases_[id.index()];
        ++s.token;
        Draws rng(s.draws);
        const auto at = [this, &rng](const DayRange& r) { return engine_.now() + rng.within(r); };
        const LevelBehaviour& level = sc_.levels[s.tier_seen];
        TimePoint when = no_time;
        Step step = Step::check;
        switch (c.state) {
            case State::reported: when = at(sc_.intake_delay); step = Step::intake; break;
            case State::accepted: when = at(sc_.assign_delay); step = Step::assign; break;
            case State::mediating: when = at(level.session_gap); step = Step::session; break;
            case State::agreed: when = at(sc_.agreement_delay); step = Step::after_agreement; break;
            case State::confirming: when = at(sc_.confirmation_time); step = Step::court_decision; break;
            case State::follow_up: when = at(sc_.follow_up_time); step = Step::visit; break;
            case State::failed: when = at(sc_.escalation_delay); step = Step::escalate; break;
            case State::referred: when = at(sc_.outside_time); step = Step::outside; break;
            default: return;
        }
        push(when, id.index(), s.token, step);
        // If the engine's deadline comes first, look again just after it: the engine may have moved the case.
        if (c.deadline < when) push(c.deadline + Duration(60), id.index(), s.token, Step::check);
    }

    void handle(const Event& ev) {
        if (ev.step == Step::arrive) {
            arrive(arrivals_[ev.subject]);
            return;
        }
        const CaseId id = CaseId::from_index(ev.subject);
        CaseState& s = cases_[ev.subject];
        if (ev.token != s.token) return;  // superseded by a later plan
        if (const Case& c = engine_.at(id); c.version != s.version_seen) {
            // The engine acted on its own (a deadline, an escalation). If it moved the case, people
            // start over from where it now is; if a limit passed and left it where it was (a referral
            // past its limit, say), what they were going to do still comes when it was due: a court
            // decides when it decides.
            const bool moved = c.state != s.state_seen || c.jurisdiction != s.level_seen || !c.open();
            observe(id);
            if (moved) {
                plan(id);
                return;
            }
            if (c.deadline != no_time && c.deadline > engine_.now()) {
                push(c.deadline + Duration(60), id.index(), s.token, Step::check);
            }
        }
        if (ev.step == Step::check) return;
        const bool waits = act(id, ev.step);
        observe(id);
        if (!waits) plan(id);
    }

    // Issues what people do at @p step; true if the case now waits for a mediator (nothing to plan).
    bool act(CaseId id, Step step) {
        const Case& c = engine_.at(id);
        Draws rng(cases_[id.index()].draws);
        const Place& place = places_[c.jurisdiction.index()];
        const ActorId lead = c.mediators.empty() ? place.handler : c.mediators[0];
        const std::size_t category = static_cast<std::size_t>(c.category);
        switch (step) {
            case Step::intake:
                if (rng.chance(sc_.reject)) {
                    issue(id, place.handler, Reject{"not taken up"});
                } else if (rng.chance(sc_.refer_at_intake)) {
                    issue(id, place.handler, Refer{sc_.county.settings.escalation.top_route[category], "referred at intake"});
                } else {
                    issue(id, place.handler, Accept{});
                }
                break;
            case Step::assign: {
                const auto r = engine_.submit(id, place.handler, Assign{});
                if (!r.ok()) {
                    if (r.error().code == ErrorCode::no_eligible_mediator) {
                        places_[c.jurisdiction.index()].waiting.push_back(id);
                        ++summary_.waited_for_mediator;
                        ++summary_.waited_by_tier[static_cast<std::size_t>(engine_.jurisdictions().tier(c.jurisdiction))];
                        ++cases_[id.index()].token;  // nothing is planned until a mediator is free
                        return true;
                    } else {
                        ++summary_.refused_commands;
                    }
                }
                break;
            }
            case Step::session: {
                if (rng.chance(sc_.withdraw_per_session)) {
                    issue(id, place.handler, Withdraw{"applicant withdrew"});
                    break;
                }
                issue(id, lead, HoldSession{});
                if (rng.chance(sc_.risk_rise_per_session)) {
                    const bool red = rng.chance(sc_.red_share_of_rises);
                    issue(id, place.handler, RaiseRisk{red ? RiskGrade::red : RiskGrade::orange, "observed at a session", red});
                }
                const Case& now = engine_.at(id);
                if (now.state != State::mediating) break;  // moved by the risk rise
                const CaseState& s = cases_[id.index()];
                const auto& level = sc_.levels[s.tier_seen];
                if (s.agree_at != 0 && now.level_sessions >= s.agree_at) {
                    issue(id, lead, ReachAgreement{"", rng.chance(sc_.written_agreement)});
                } else if (now.level_sessions >= level.max_sessions) {
                    issue(id, lead, Fail{"no agreement"});
                }
                break;
            }
            case Step::after_agreement:
                if (c.written_agreement && rng.chance(sc_.judicial_confirmation)) {
                    issue(id, place.handler, ApplyConfirmation{});
                } else {
                    issue(id, place.handler, StartFollowUp{});
                }
                break;
            case Step::court_decision:
                if (rng.chance(sc_.confirmation_granted)) {
                    issue(id, place.court, ConfirmationGranted{});
                } else {
                    issue(id, place.court, ConfirmationDenied{"not confirmed"});
                }
                break;
            case Step::visit: issue(id, place.handler, RecordFulfilment{rng.chance(sc_.fulfilment), ""}); break;
            case Step::escalate: {
                const auto r = engine_.submit(id, place.handler, Escalate{});
                if (!r.ok()) issue(id, place.handler, Refer{sc_.county.settings.escalation.top_route[category], r.error().message});
                break;
            }
            case Step::outside: {
                const double u = rng.uniform();
                const auto& o = sc_.outside_outcome;
                const Outcome out = u < o[0] ? Outcome::decided_elsewhere
                                    : u < o[0] + o[1] ? Outcome::settled_elsewhere
                                                      : Outcome::abandoned;
                issue(id, place.closer, Close{out, ""});
                break;
            }
            default: break;
        }
        return false;
    }

    void sample(std::uint32_t day) {
        BacklogPoint p;
        p.day = day;
        p.open_by_tier = open_by_tier_;
        result_.backlog.push_back(p);
        for (auto& m : mediators_at_) {
            for (ActorId a : m.actors) {
                const double cap = engine_.roster()[a].capacity;
                m.busy_days += std::min(1.0, engine_.open_cases_of(a) / cap);
            }
        }
    }

    Result finish() {
        const auto& tree = engine_.jurisdictions();
        const TimePoint horizon = engine_.now();
        std::vector<double> to_resolution;
        Summary& s = summary_;
        for (const Case& c : engine_.cases()) {
            ++s.reported;
            if (c.open()) ++s.open_at_end;
            if (c.outcome == Outcome::resolved) {
                ++s.resolved_by_tier[static_cast<std::size_t>(tree.tier(c.jurisdiction))];
                to_resolution.push_back(std::chrono::duration<double>(c.closed_at - c.reported_at).count() / seconds_per_day);
            }
            if (c.route != ReferralRoute::none && !c.open()) {  // a referral still open counts as open
                ++s.referred;
                ++s.referred_by_route[static_cast<std::size_t>(c.route)];
            }
            s.withdrawn += c.outcome == Outcome::withdrawn;
            s.rejected += c.outcome == Outcome::rejected;
            s.overdue += c.overdue;
            s.escalations += c.escalations;
            if (opt_.case_records) {
                CaseRecord r;
                r.id = c.id;
                r.category = c.category;
                r.channel = c.channel;
                r.origin = c.origin;
                r.final_jurisdiction = c.jurisdiction;
                r.levels_visited = static_cast<std::uint16_t>(1 + c.escalations);
                r.tiers_reached = cases_[c.id.index()].tiers_seen;
                r.state = c.state;
                r.outcome = c.outcome;
                r.route = c.route;
                r.days_open =
                    std::chrono::duration<double>((c.open() ? horizon : c.closed_at) - c.reported_at).count() / seconds_per_day;
                r.sessions = c.sessions;
                r.overdue = c.overdue;
                r.risk = c.risk;
                result_.cases.push_back(r);
            }
        }
        std::sort(to_resolution.begin(), to_resolution.end());
        const auto pct = [&to_resolution](double q) {
            if (to_resolution.empty()) return 0.0;
            const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(to_resolution.size())));
            return to_resolution[std::min(to_resolution.size() - 1, rank == 0 ? 0 : rank - 1)];
        };
        s.days_to_resolution_p50 = pct(0.50);
        s.days_to_resolution_p90 = pct(0.90);
        s.days_to_resolution_p99 = pct(0.99);
        s.resolved_at_or_below_township = engine_.statistics().resolved_at_or_below_township();
        s.journal_records = digest_->size();
        for (const auto& m : mediators_at_) {
            const double n = static_cast<double>(m.actors.size());
            result_.utilization.push_back(Utilization{m.where, static_cast<std::uint32_t>(m.actors.size()),
                                                      days_ == 0 ? 0.0 : m.busy_days / (static_cast<double>(days_) * n)});
        }
        result_.summary = s;
        result_.journal_digest = digest_->digest();
        return std::move(result_);
    }

    const Scenario& sc_;
    const RunOptions& opt_;
    std::uint32_t days_;
    std::array<std::uint64_t, category_count> arrival_roots_{};  // per category: its days' streams start from it
    std::shared_ptr<DigestJournal> digest_;
    Engine engine_;
    std::vector<Place> places_;
    std::vector<JurisdictionId> villages_;
    std::vector<double> cumulative_;
    double weight_sum_ = 0;
    double residents_ = 0;
    struct Mediators {
        JurisdictionId where;
        std::vector<ActorId> actors;
        double busy_days;  // sum over days and actors of load / capacity
    };
    std::vector<Mediators> mediators_at_;
    Agenda events_;
    std::uint64_t order_ = 0;
    std::vector<Arrival> arrivals_;
    std::vector<CaseState> cases_;
    std::vector<CaseId> recent_;
    std::array<std::uint32_t, tier_count> open_by_tier_{};
    Summary summary_;
    Result result_;
};

std::string percent(std::size_t n, std::size_t of) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << (of == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(of)) << "%";
    return out.str();
}

}  // namespace

Result run(const Scenario& scenario, const RunOptions& options) {
    // The scenario format's own limit: a run is held in memory, day by day.
    if (options.days && *options.days > max_days) {
        throw Exception(ErrorCode::invalid_argument, "a run lasts at most " + std::to_string(max_days) +
                                                         " days (100 years), not " + std::to_string(*options.days));
    }
    const std::uint32_t days = options.days.value_or(scenario.days);
    if (const std::string late = ends_too_late(scenario, days); !late.empty()) {
        throw Exception(ErrorCode::invalid_argument,
                        "a run of " + std::to_string(days) + " days from the scenario's start, " +
                            format_date(local_date(scenario.start, scenario.county.calendar.utc_offset())) + "," + late);
    }
    return Simulation(scenario, options).run();
}

std::string format_report(const Scenario& sc, const Result& r) {
    const Summary& s = r.summary;
    const auto& tree = sc.county.jurisdictions;
    const std::size_t ended = s.reported - s.open_at_end;
    std::ostringstream out;
    out << std::fixed << std::setprecision(1);
    const std::uint32_t days = r.backlog.empty() ? 0 : r.backlog.back().day;
    out << sc.name << ": " << days << " days from " << format_date(local_date(sc.start, sc.county.calendar.utc_offset())) << " in " << sc.county.name
        << "\n\n";
    out << "Reported     " << s.reported << " disputes; " << s.open_at_end << " still open at the end\n";
    out << "Ended        " << ended << "\n";
    const auto line = [&](const char* what, std::size_t n) {
        out << "  " << std::left << std::setw(40) << what << std::right << std::setw(8) << n << "  "
            << std::setw(6) << percent(n, ended) << "\n";
    };
    line("resolved in the village or community", s.resolved_by_tier[static_cast<std::size_t>(Tier::village)]);
    line("resolved in the township", s.resolved_by_tier[static_cast<std::size_t>(Tier::township)]);
    line("resolved at the county centre", s.resolved_by_tier[static_cast<std::size_t>(Tier::county)] +
                                              s.resolved_by_tier[static_cast<std::size_t>(Tier::city)] +
                                              s.resolved_by_tier[static_cast<std::size_t>(Tier::province)]);
    line("referred out", s.referred);
    line("withdrawn", s.withdrawn);
    line("not taken up", s.rejected);
    const std::size_t merits = std::accumulate(s.resolved_by_tier.begin(), s.resolved_by_tier.end(), std::size_t{0}) + s.referred;
    const std::size_t village = s.resolved_by_tier[static_cast<std::size_t>(Tier::village)];
    const std::size_t township = s.resolved_by_tier[static_cast<std::size_t>(Tier::township)];
    out << "  referred out, by route:";
    for (auto route : enum_values<ReferralRoute>()) {
        if (route != ReferralRoute::none && s.referred_by_route[static_cast<std::size_t>(route)] != 0) {
            out << " " << to_string(route) << " " << s.referred_by_route[static_cast<std::size_t>(route)];
        }
    }
    out << "\n\nOf the " << merits << " that ended on their merits (resolved, or ended after referral): village "
        << percent(village, merits) << ", township " << percent(township, merits) << ", sent on "
        << percent(merits - village - township, merits) << "\n";
    out << "Resolved at or below township: " << 100.0 * s.resolved_at_or_below_township
        << "%  (of cases that ended on their merits)\n";
    out << "Days to resolution: median " << s.days_to_resolution_p50 << ", 90th percentile " << s.days_to_resolution_p90
        << ", 99th percentile " << s.days_to_resolution_p99 << "\n";
    out << "Passed a deadline: " << s.overdue << " cases; escalations: " << s.escalations
        << "; waited for a free mediator: " << s.waited_for_mediator << " times";
    if (s.waited_for_mediator != 0) {
        const char* sep = " (";
        for (const Tier t : enum_values<Tier>()) {
            if (const std::size_t n = s.waited_by_tier[static_cast<std::size_t>(t)]; n != 0) {
                out << sep << to_string(t) << " " << n;
                sep = ", ";
            }
        }
        out << ")";
    }
    out << "\n";
    if (!r.backlog.empty()) {
        const auto& last = r.backlog.back().open_by_tier;
        out << "Open at the end by level: village " << last[static_cast<std::size_t>(Tier::village)] << ", township "
            << last[static_cast<std::size_t>(Tier::township)] << ", county " << last[static_cast<std::size_t>(Tier::county)]
            << "\n";
    }
    // At every level: where the queue forms is what a staffing question needs to know.
    std::vector<Utilization> busiest(r.utilization);
    const std::size_t shown = std::min<std::size_t>(5, busiest.size());
    std::partial_sort(busiest.begin(), busiest.begin() + static_cast<std::ptrdiff_t>(shown), busiest.end(),
                      [](const auto& a, const auto& b) { return a.busy > b.busy; });
    out << "Busiest mediators (share of their capacity in use):";
    for (std::size_t i = 0; i < shown; ++i) {
        out << (i == 0 ? " " : ", ") << tree[busiest[i].jurisdiction].name << " (" << to_string(tree.tier(busiest[i].jurisdiction))
            << ") " << 100.0 * busiest[i].busy << "%";
    }
    out << "\nJournal: " << s.journal_records << " records, "
        << (r.journal_digest.empty() ? std::string("digest not computed") : "digest " + r.journal_digest) << "\n";
    if (s.refused_commands != 0) out << "Refused commands: " << s.refused_commands << "\n";
    return out.str();
}

}  // namespace fengqiao::sim
