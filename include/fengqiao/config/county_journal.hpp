/// @file county_journal.hpp
/// @brief Which county a SQLite journal belongs to: the ids in its records mean nothing without the
/// county file that assigned them, so a journal records its county and is read back only with it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fengqiao/config/county.hpp"
#include "fengqiao/store/sqlite_journal.hpp"

namespace fengqiao {

/// The journal attribute that names the county a journal was written for (see county_identity()).
inline constexpr std::string_view county_attribute = "county";
/// The journal attribute that lists the mediators a simulation added to the county's roster, as a
/// JSON array of [jurisdiction code, count] pairs in the order they were added.
inline constexpr std::string_view extra_mediators_attribute = "extra_mediators";

/// A short description of @p county that names its codes, as a journal records it: its name, how many
/// jurisdictions and actors it has, and a 64-bit FNV-1a hash of every code in id order.
[[nodiscard]] std::string county_identity(const County& county);

/// Records in the new @p journal the mediators a simulation adds at each jurisdiction (code, count), so
/// that bind_to_county() can add them again when the journal is read back. Nothing for an empty list.
void record_extra_mediators(SqliteJournal& journal, const std::vector<std::pair<std::string, std::uint32_t>>& extra);

/// The mediators a simulation added, as record_extra_mediators() recorded them in @p journal: (jurisdiction
/// code, count) in the order they were added; empty when it lists none. Throws JournalCorrupt naming the
/// journal when the list cannot be read or gives a count outside 0 to sim::max_extra_mediators.
[[nodiscard]] std::vector<std::pair<std::string, std::uint32_t>> recorded_extra_mediators(const SqliteJournal& journal);

/// What bind_to_county() found.
enum class CountyBinding : std::uint8_t {
    matched,       ///< the journal names this county
    recorded,      ///< the journal was new and now names this county
    not_recorded,  ///< the journal names no county and was not given one (it holds records written
                   ///< without a county, or it is opened read-only): its ids are read as this
                   ///< county's, unchecked
};

/// Names of CountyBinding values.
template <>
struct EnumNames<CountyBinding> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "county binding";
    /// Canonical names.
    static constexpr std::array<std::string_view, 3> names{"matched", "recorded", "not_recorded"};
    /// Display labels.
    static constexpr std::array<std::string_view, 3> labels{"县份一致", "已记录县份", "未记录县份"};
};

/// Makes sure @p journal is read with the county that wrote it, or with that county grown: jurisdictions
/// and actors appended after those it had (a new village, a mediator added with Engine::add_actor()
/// and then to the county file), none removed or reordered, so every id in the journal still names
/// what it named. First, the mediators a simulation added (record_extra_mediators()) are added to
/// @p county's roster as the simulation added them (once: a county bound before keeps its roster);
/// then the county's identity is compared with the one the journal records. An empty journal that is
/// not read-only records it, unless @p record is
/// false: the answer is then CountyBinding::recorded and the caller stores county_identity() under
/// county_attribute itself once its engine is built (as County::engine() does), so that a failure in
/// between leaves the store as it was.
///
/// Throws fengqiao::Exception (invalid_argument) naming both counties when they differ, and
/// JournalCorrupt when the list of extra mediators is damaged or does not fit @p county. The
/// policies in @p county.policy_set are left as they are: assignment policies read the engine's roster
/// at each assignment and see the added mediators, but the Fengqiao escalation policy notes the roles
/// each jurisdiction hosts when it is built, so it learns of a place's first mediator only when
/// rebuilt with fengqiao_policies().
CountyBinding bind_to_county(SqliteJournal& journal, County& county, bool record = true);

}  // namespace fengqiao
