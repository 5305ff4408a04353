// A reproducible random workload: reports and commands of every kind, refused attempts, clock moves.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include <fengqiao/fengqiao.hpp>

namespace fengqiao::fixtures {

/// Drives @p engine with @p cases reports and, for each, random commands chosen among those its state
/// takes (plus a few it does not, and a few by an actor out of scope), interleaved across cases.
/// Same seed, same engine setup → same journal.
template <class EngineT>
void run_random_workload(EngineT& engine, std::uint64_t seed, std::size_t cases, ActorId actor, ActorId outsider,
                         const std::vector<JurisdictionId>& places) {
    std::mt19937_64 rng(seed);
    auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::vector<CaseId> open;
    std::size_t reported = 0;
    while (reported < cases || !open.empty()) {
        const bool report_now = reported < cases && (open.size() < 64 || pick(4) == 0);
        if (report_now) {
            Report r;
            r.jurisdiction = places[pick(places.size())];
            r.category = static_cast<Category>(pick(EnumNames<Category>::names.size()));
            r.channel = static_cast<Channel>(pick(EnumNames<Channel>::names.size()));
            r.claimed_amount = static_cast<std::int64_t>(pick(1'000'000));
            r.risk = pick(50) == 0 ? RiskGrade::orange : RiskGrade::blue;
            if (pick(3) == 0) r.parties = {{"甲", Side::applicant, false}, {"乙", Side::respondent, false}};
            const auto res = engine.report(actor, std::move(r));
            if (res) open.push_back(res->case_id);
            ++reported;
            continue;
        }
        const std::size_t slot = pick(open.size());
        const CaseId id = open[slot];
        // Built by returning, not by assigning into a variant (GCC 12 warns falsely on the latter).
        auto next_command = [&](State s) -> Command {
            switch (pick(24)) {
                case 0: return Withdraw{"withdrawn"};
                case 1: return RaiseRisk{static_cast<RiskGrade>(pick(4)), "observed"};
                case 2: return Accept{};  // often not taken: exercises the rejection path
                default: break;
            }
            switch (s) {
                case State::reported:
                    if (pick(10) == 0) return Reject{"no"};
                    if (pick(10) == 0) return Refer{ReferralRoute::police, "p"};
                    return Accept{};
                case State::accepted: return Assign{};
                case State::mediating:
                    if (pick(3) == 0) return HoldSession{"s"};
                    if (pick(2) == 0) return ReachAgreement{"t", pick(2) == 0};
                    return Fail{"f"};
                case State::agreed:
                    if (pick(2) == 0) return ApplyConfirmation{};
                    return StartFollowUp{};
                case State::confirming:
                    if (pick(5) == 0) return ConfirmationDenied{"d"};
                    return ConfirmationGranted{};
                case State::follow_up: return RecordFulfilment{pick(6) != 0, "v"};
                case State::failed:
                    if (pick(4) == 0) return Refer{ReferralRoute::litigation, "r"};
                    return Escalate{};
                case State::referred: return Close{Outcome::decided_elsewhere, "c"};
                default: return Accept{};
            }
        };
        Command c = next_command(engine.at(id).state);
        const ActorId who = pick(40) == 0 ? outsider : actor;
        const auto result = engine.submit(id, who, std::move(c), pick(30) == 0 ? "req-" + std::to_string(rng()) : "");
        (void)result;
        if (!engine.at(id).open()) {
            open[slot] = open.back();
            open.pop_back();
        }
        if (pick(200) == 0) engine.advance(std::chrono::hours(static_cast<int>(1 + pick(24 * 20))));
    }
}

}  // namespace fengqiao::fixtures
