/// @file scenario.hpp
/// @brief A "what if" for a county: arrivals, staffing and how mediation goes, driving the real engine
/// and policies on a virtual clock. Every parameter is documented in docs/simulation.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fengqiao/config/county.hpp"
#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/time.hpp"
#include "fengqiao/model/category.hpp"
#include "fengqiao/model/channel.hpp"
#include "fengqiao/model/jurisdiction.hpp"

namespace fengqiao::sim {

/// Number of categories (the size of per-category tables).
inline constexpr std::size_t category_count = EnumNames<Category>::names.size();
/// Number of channels.
inline constexpr std::size_t channel_count = EnumNames<Channel>::names.size();
/// Number of tiers (village, township, county, city, province).
inline constexpr std::size_t tier_count = EnumNames<Tier>::names.size();

/// A closed range of days; a value is drawn uniformly from it (whole minutes).
struct DayRange {
    double min = 1;  ///< shortest, in days
    double max = 1;  ///< longest, in days
};

/// How disputes arise.
struct Arrivals {
    /// Disputes per 1,000 residents per year, before seasonality (Xiangyuan: about 6).
    double per_thousand_residents = 6.0;
    /// Share of each category (normalised when read).
    std::array<double, category_count> category_share{};
    /// Share of each intake channel (normalised when read).
    std::array<double, channel_count> channel_share{};
    /// Per category, a factor for each month (January first): wage disputes peak before the Spring Festival.
    std::array<std::array<double, 12>, category_count> monthly_factor{};
    /// Share of reports with a threat of violence or self-harm.
    double threat = 0.01;
    /// Share of reports where a party has a history of violence.
    double violence_history = 0.01;
    /// Share of reports that repeat an earlier, still open dispute.
    double repeat = 0.03;
    /// Share of group disputes (5 to 30 parties); the rest have two.
    double group = 0.03;
    /// Median claimed amount, in yuan, per category (0: nothing claimed); amounts are log-normal.
    std::array<double, category_count> median_claim_yuan{};
};

/// How mediation goes at one tier.
struct LevelBehaviour {
    double success = 0.6;             ///< probability mediation at this tier ends in agreement
    std::uint16_t max_sessions = 3;   ///< sessions before mediators declare failure
    DayRange session_gap{2, 6};       ///< time from assignment or a session to the next session
    std::uint32_t capacity = 4;       ///< open cases each mediating actor at this tier can carry
};

/// Everything a simulation needs.
struct Scenario {
    std::string name;                  ///< shown in reports
    County county;                     ///< the county (jurisdictions, roster, calendar, policies)
    std::string county_file;           ///< where the county came from (for reports)
    TimePoint start{};                 ///< when the simulation starts (00:00 local time)
    std::uint32_t days = 365;          ///< how long it runs
    Arrivals arrivals;                 ///< how disputes arise
    std::array<LevelBehaviour, tier_count> levels{};  ///< mediation by tier of the case's jurisdiction
    std::array<double, category_count> success_factor{};  ///< per category, multiplies the tier's success
    DayRange intake_delay{0.1, 2};     ///< report → accept (or reject, or refer)
    DayRange assign_delay{0.05, 1};    ///< accepted (or escalated) → mediators assigned
    DayRange agreement_delay{0.5, 3};  ///< agreement → application for confirmation, or follow-up begins
    DayRange escalation_delay{0.2, 2}; ///< failure the policy did not act on → an actor escalates or refers
    double reject = 0.02;              ///< share of reports not taken up (already in court, party refuses)
    double refer_at_intake = 0.02;     ///< share referred out straight away (litigation, police, ...)
    double withdraw_per_session = 0.01;  ///< chance, at each session, that the applicant withdraws
    double risk_rise_per_session = 0.004;  ///< chance, at each session, of a rise in risk ...
    double red_share_of_rises = 0.4;   ///< ... of which this share is red (the rest orange)
    double written_agreement = 0.85;   ///< share of agreements that are written
    double judicial_confirmation = 0.12;  ///< share of written agreements taken to the court for confirmation
    double confirmation_granted = 0.95;   ///< share of applications the court confirms
    DayRange confirmation_time{5, 14};  ///< application → the court's decision
    DayRange follow_up_time{7, 30};     ///< agreement (or confirmation) → the follow-up visit
    double fulfilment = 0.96;          ///< share of agreements found fulfilled at follow-up
    DayRange outside_time{30, 120};    ///< referral → the outcome from court, arbitration or the administration
    std::array<double, 3> outside_outcome{0.6, 0.3, 0.1};  ///< decided, settled, abandoned after referral
    /// Extra mediators to add before the run: (jurisdiction code, how many). "What if township X had two more?"
    std::vector<std::pair<std::string, std::uint32_t>> extra_mediators;
};

/// The longest run a scenario (or RunOptions::days) may ask for: 100 years.
inline constexpr std::uint32_t max_days = 36500;
/// The last year a run may reach: its last day is 31 December of this year at the latest. The engine's
/// clock stops at the end of 9999, and the deadlines of cases still open when a run ends need room after it.
inline constexpr int last_run_year = 9899;
/// Why @p scenario cannot run for @p days: the end of a sentence naming the run (" would end after
/// 9899-12-31: ..."), or an empty string if its last day falls by the end of last_run_year.
[[nodiscard]] std::string ends_too_late(const Scenario& scenario, std::uint32_t days);
/// The most extra mediators a scenario may add at one jurisdiction.
inline constexpr std::uint32_t max_extra_mediators = 10000;

/// Adds @p extra mediators (jurisdiction code, how many) to @p roster, after its actors, as a run of a
/// scenario with `extra_mediators` staffs them: people's mediators named "<jurisdiction>增派调解员<i>"
/// with codes "<jurisdiction code>.extra-<i>" (i from 1). A journal written by such a run is read back
/// with the county's roster plus the same mediators. Throws ConfigError for an unknown jurisdiction code.
void add_extra_mediators(Roster& roster, const JurisdictionTree& tree,
                         const std::vector<std::pair<std::string, std::uint32_t>>& extra);

/// Reads a scenario file (format: docs/simulation.md). Its "county" member names a county file,
/// relative to the scenario file; or "synthetic" describes a generated province. Throws ConfigError with
/// the JSON path of the first problem, StorageError if a file cannot be read. @p days, if given, is the
/// length of the run to be made (RunOptions::days, `simulate --days`): the scenario's `days` then is
/// this, and its `start` is checked against a run of this length, not the file's.
[[nodiscard]] Scenario load_scenario(const std::string& path, std::optional<std::uint32_t> days = std::nullopt);

/// Parses scenario JSON; @p base_dir resolves a relative county file name; @p days as for load_scenario().
[[nodiscard]] Scenario parse_scenario(std::string_view json, const std::string& source, const std::string& base_dir,
                                      std::optional<std::uint32_t> days = std::nullopt);

/// A generated province for scale runs: @p townships townships of @p villages_per_township villages each,
/// grouped into counties of @p townships_per_county, with a mediation committee per village, the three
/// chiefs per township and a centre per county; @p residents_per_village each.
[[nodiscard]] County synthetic_province(std::uint32_t townships, std::uint32_t villages_per_township,
                                        std::uint32_t townships_per_county, std::uint32_t residents_per_village);

}  // namespace fengqiao::sim
