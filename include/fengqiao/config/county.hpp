/// @file county.hpp
/// @brief A county loaded from a JSON file: jurisdictions, actors and bodies, calendar, policy
/// parameters. The format is described in docs/configuration.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fengqiao/core/calendar.hpp"
#include "fengqiao/engine/engine.hpp"
#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/policy/fengqiao.hpp"
#include "fengqiao/policy/policy_set.hpp"

namespace fengqiao {

/// Everything a county file describes. Build an engine with `county.engine()` or
/// `Engine(county.jurisdictions, county.roster, county.policies(), options)`.
struct County {
    std::string name;                ///< e.g. "襄垣县"
    JurisdictionTree jurisdictions;  ///< the tree, root first
    Roster roster;                   ///< actors and bodies, in file order (ids follow that order)
    WorkingCalendar calendar;        ///< holidays, make-up working days, suspensions
    FengqiaoSettings settings;       ///< every policy parameter, with the policy-set version
    PolicySet policy_set;            ///< the Fengqiao policies built from @ref settings
    std::vector<std::string> sources;  ///< where the file's facts come from (citations)

    /// The configured policy set (a copy; replace any member before building an engine).
    [[nodiscard]] PolicySet policies() const { return policy_set; }
    /// An engine over this county with the configured policies. A SqliteJournal in @p options is
    /// bound to the county first (bind_to_county() in county_journal.hpp): a new one records the
    /// county, one written for another county is refused, and one written by a simulation that added
    /// mediators is read with them in the roster. A store that holds records but names no county
    /// (written by an engine built as `Engine(tree, roster, policies, options)`) cannot be checked and
    /// is read as this county's; the command-line tools and Python warn about it. To do the same,
    /// test `journal.size() != 0 && journal.attribute(county_attribute).empty()` before or after.
    [[nodiscard]] Engine engine(EngineOptions options = {}) const;
};

/// Reads a county file. Throws ConfigError whose path() is the JSON pointer of the first problem
/// (e.g. "/jurisdictions/12/parent") and whose message says what was expected; StorageError if the
/// file cannot be read. Nothing is half-loaded: the County is returned only when the whole file is valid.
[[nodiscard]] County load_county(const std::string& path);

/// Parses county JSON text; @p source names it in error messages (a file name, "<string>").
[[nodiscard]] County parse_county(std::string_view json, const std::string& source = "<string>");

/// Counts of jurisdictions by kind and of actors by role, as `fengqiao validate` prints them.
[[nodiscard]] std::string describe(const County& county);

}  // namespace fengqiao
