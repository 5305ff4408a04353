// The transition sequence both lifecycle competitors run: cases following the common routes of a
// county (agreement in the village, escalation to the township with judicial confirmation, referral,
// withdrawal, rejection, a broken agreement reopened), interleaved across cases the way a county's
// work arrives. Same seed, same sequence.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include <fengqiao/fengqiao.hpp>

#include "tests/support/county.hpp"

namespace fengqiao::bench {

/// One command for one case; cases are numbered in the order of their reports, so case k is the
/// engine's CaseId::from_index(k) and the k-th bare machine.
struct ScriptStep {
    std::uint32_t case_index;  ///< which case
    Command command;           ///< what happens to it
};

/// A whole run: every step of every case, in arrival order.
struct LifecycleScript {
    std::size_t cases = 0;          ///< number of cases reported
    std::vector<ScriptStep> steps;  ///< in the order they are applied
};

/// The routes a case takes, each as the commands that carry it from report to a final state. Every
/// command is taken by the state it meets (so the run measures transitions, not refusals), and free
/// text stays short (so the run measures the engine, not string copies).
inline std::vector<std::vector<Command>> lifecycle_routes(JurisdictionId village) {
    Report report;
    report.jurisdiction = village;
    report.category = Category::neighbour;
    report.channel = Channel::grid_screening;
    report.claimed_amount = 500'000;
    report.summary = "boundary wall";
    // clang-format off
    return {
        // resolved in the village
        {report, Accept{}, Assign{}, HoldSession{"1st"}, ReachAgreement{"repair", true}, StartFollowUp{},
         RecordFulfilment{true, "done"}},
        // failed in the village, escalated to the township, confirmed by the court
        {report, Accept{}, Assign{}, Fail{"no"}, Escalate{}, Assign{}, HoldSession{"joint"},
         ReachAgreement{"pay", true}, ApplyConfirmation{}, ConfirmationGranted{}, RecordFulfilment{true, "paid"}},
        // referred to court at once and closed there
        {report, Refer{ReferralRoute::litigation, "suit"}, Close{Outcome::decided_elsewhere, "judged"}},
        // withdrawn while mediating
        {report, Accept{}, Assign{}, Withdraw{"settled"}},
        // rejected at intake
        {report, Reject{"in court"}},
        // an oral agreement not kept: mediation reopens, fails, the case is referred
        {report, Accept{}, Assign{}, ReachAgreement{"oral", false}, StartFollowUp{}, RecordFulfilment{false, "broken"},
         HoldSession{"2nd"}, Fail{"no"}, Refer{ReferralRoute::arbitration, "labour"},
         Close{Outcome::settled_elsewhere, "award"}},
    };
    // clang-format on
}

/// @p cases cases on routes drawn with weights 40/20/10/10/10/10, reported at the county's three
/// villages, their steps interleaved at random (each case's own steps stay in order).
inline LifecycleScript make_lifecycle_script(std::size_t cases, const fixtures::SmallCounty& county,
                                             std::uint64_t seed = 20240611) {
    const JurisdictionId villages[] = {county.village_a1, county.village_a2, county.village_b1};
    std::vector<std::vector<std::vector<Command>>> routes_at;
    for (JurisdictionId v : villages) routes_at.push_back(lifecycle_routes(v));
    std::mt19937_64 rng(seed);
    std::discrete_distribution<std::size_t> route_of({40, 20, 10, 10, 10, 10});

    // Decide each slot's route, then shuffle which slot moves next; a case gets its number when its
    // report comes up.
    std::vector<const std::vector<Command>*> route(cases);
    std::vector<std::uint32_t> turns;
    for (std::size_t i = 0; i < cases; ++i) {
        route[i] = &routes_at[rng() % 3][route_of(rng)];
        turns.insert(turns.end(), route[i]->size(), static_cast<std::uint32_t>(i));
    }
    std::shuffle(turns.begin(), turns.end(), rng);

    LifecycleScript script;
    script.cases = cases;
    script.steps.reserve(turns.size());
    std::vector<std::uint32_t> next_step(cases, 0);
    std::vector<std::uint32_t> number(cases, 0);
    std::uint32_t reported = 0;
    for (std::uint32_t slot : turns) {
        const std::uint32_t step = next_step[slot]++;
        if (step == 0) number[slot] = reported++;
        script.steps.push_back({number[slot], (*route[slot])[step]});
    }
    return script;
}

}  // namespace fengqiao::bench
