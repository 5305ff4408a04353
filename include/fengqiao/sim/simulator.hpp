/// @file simulator.hpp
/// @brief Runs a scenario: arrivals become reports, simulated mediators issue the commands, and the
/// same Engine and policies that run real cases decide everything else, on a virtual clock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fengqiao/sim/scenario.hpp"
#include "fengqiao/store/journal.hpp"

namespace fengqiao::sim {

/// How to run a scenario.
struct RunOptions {
    std::uint64_t seed = 1;          ///< same seed, same scenario → byte-identical journal
    std::uint32_t replication = 0;   ///< replications draw from independent random streams
    std::optional<std::uint32_t> days;  ///< overrides Scenario::days (at most max_days)
    /// Where the engine writes its journal; default: a journal that keeps only a digest of the records.
    std::shared_ptr<Journal> journal;
    /// Called about a hundred times with the fraction of days done (for progress bars).
    std::function<void(double)> progress;
    bool case_records = true;        ///< fill Result::cases (one row per case)
    /// Compute Result::journal_digest (the digest verify_journal() reports for the same records).
    /// Scale runs may turn it off: hashing then costs more than the engine itself.
    bool digest = true;
};

/// One case at the end of the run.
struct CaseRecord {
    CaseId id;                                  ///< the engine's case id
    Category category = Category::other;        ///< what it is about
    Channel channel = Channel::walk_in;         ///< how it arrived
    JurisdictionId origin;                      ///< where it was reported
    JurisdictionId final_jurisdiction;          ///< where it was when it ended (or at the horizon)
    std::uint16_t levels_visited = 1;           ///< 1 + escalations
    std::uint8_t tiers_reached = 0;             ///< bit t set for each Tier t the case was at (a labour
                                                ///< dispute sent from the village to the county skips the township)
    State state = State::reported;              ///< state at the end
    Outcome outcome = Outcome::open;            ///< how it ended
    ReferralRoute route = ReferralRoute::none;  ///< where it was referred, if it was
    double days_open = 0;                       ///< report → end (or the horizon, if still open)
    std::uint16_t sessions = 0;                 ///< sessions held, all levels
    bool overdue = false;                       ///< a deadline expired while it was open
    RiskGrade risk = RiskGrade::blue;           ///< grade at the end
};

/// Open cases by tier of their current jurisdiction, at the end of one day.
struct BacklogPoint {
    std::uint32_t day = 0;                                 ///< days since the start (1 = end of day one)
    std::array<std::uint32_t, tier_count> open_by_tier{};  ///< indexed by Tier
};

/// How busy the mediators of one jurisdiction were: the average, over days and mediators, of open
/// assigned cases divided by capacity (capped at 1).
struct Utilization {
    JurisdictionId jurisdiction;  ///< where the mediators sit
    std::uint32_t mediators = 0;  ///< mediating actors there
    double busy = 0;              ///< 0 (idle) .. 1 (always full)
};

/// The headline figures of a run.
struct Summary {
    std::size_t reported = 0;        ///< cases reported
    std::size_t open_at_end = 0;     ///< still open at the horizon
    std::array<std::size_t, tier_count> resolved_by_tier{};  ///< resolved by mediation, by tier
    std::size_t referred = 0;        ///< ended after referral out (cases still referred count as open)
    std::array<std::size_t, EnumNames<ReferralRoute>::names.size()> referred_by_route{};  ///< `referred`, by route
    std::size_t withdrawn = 0;       ///< withdrawn
    std::size_t rejected = 0;        ///< not taken up
    std::size_t overdue = 0;         ///< cases that passed a deadline at some point
    std::size_t escalations = 0;     ///< moves up a level, all cases
    std::size_t refused_commands = 0;  ///< commands the engine refused (0 in a consistent scenario)
    std::size_t waited_for_mediator = 0;  ///< times a case queued because every mediator was full
    /// `waited_for_mediator`, by the tier of the place where the case queued
    std::array<std::size_t, tier_count> waited_by_tier{};
    double resolved_at_or_below_township = 0;  ///< the headline share (as Statistics defines it)
    double days_to_resolution_p50 = 0;  ///< median days from report to resolution (resolved cases)
    double days_to_resolution_p90 = 0;  ///< 90th percentile
    double days_to_resolution_p99 = 0;  ///< 99th percentile
    std::uint64_t journal_records = 0;  ///< records the engine appended
};

/// Everything a run produces.
struct Result {
    Summary summary;                      ///< the headline figures
    std::vector<CaseRecord> cases;        ///< one row per case (if RunOptions::case_records)
    std::vector<BacklogPoint> backlog;    ///< one point per day
    std::vector<Utilization> utilization; ///< one row per jurisdiction with mediators
    std::string journal_digest;           ///< the journal's digest as verify_journal() computes it, hex (empty if not computed)
};

/// Runs @p scenario. Throws ConfigError if the scenario cannot run (e.g. no villages to report in).
[[nodiscard]] Result run(const Scenario& scenario, const RunOptions& options = {});

/// A readable report of @p result (what `fengqiao simulate` prints).
[[nodiscard]] std::string format_report(const Scenario& scenario, const Result& result);

}  // namespace fengqiao::sim
