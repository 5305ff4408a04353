/// @file time.hpp
/// @brief Time points, durations and civil dates used throughout the engine.
///
/// Time is kept as whole seconds since the Unix epoch (UTC). Civil dates (for working-day calendars
/// and reports) are computed in a fixed UTC offset, China Standard Time (+08:00) unless told otherwise.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fengqiao {

/// A length of time in whole seconds.
using Duration = std::chrono::seconds;
/// An instant, in whole seconds since 1970-01-01T00:00:00Z.
using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;

/// "No time": used for an unset deadline. Compares greater than every real instant.
inline constexpr TimePoint no_time = TimePoint::max();

/// The earliest instant the library works with: 0001-01-01T00:00:00Z (dates have four-digit years).
inline constexpr TimePoint earliest_time{Duration{-62135596800}};
/// The latest instant the library works with: 9999-12-31T23:59:59Z. A virtual clock and deadlines stay
/// within earliest_time..latest_time.
inline constexpr TimePoint latest_time{Duration{253402300799}};

/// China Standard Time, the offset every Chinese statute's "day" is counted in.
inline constexpr Duration china_standard_offset = std::chrono::hours(8);

/// A whole number of days as a Duration.
[[nodiscard]] constexpr Duration days(std::int64_t n) noexcept { return std::chrono::hours(24 * n); }

/// A calendar date (proleptic Gregorian).
struct CivilDate {
    int year = 1970;      ///< e.g. 2025
    unsigned month = 1;   ///< 1..12
    unsigned day = 1;     ///< 1..31

    /// Equality.
    friend constexpr bool operator==(const CivilDate& a, const CivilDate& b) noexcept {
        return a.year == b.year && a.month == b.month && a.day == b.day;
    }
    /// Inequality.
    friend constexpr bool operator!=(const CivilDate& a, const CivilDate& b) noexcept { return !(a == b); }
};

/// Days since 1970-01-01 of a civil date (negative before it).
[[nodiscard]] constexpr std::int64_t days_from_civil(CivilDate d) noexcept {
    // Hinnant's algorithm: shift the year to start in March so leap days fall at the end.
    const int y = d.year - (d.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = d.month > 2 ? d.month - 3 : d.month + 9;
    const unsigned doy = (153 * mp + 2) / 5 + d.day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// The civil date @p z days after 1970-01-01.
[[nodiscard]] constexpr CivilDate civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const auto y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
    return CivilDate{y, m, d};
}

/// Day of the week of a day number: 0 = Monday ... 6 = Sunday.
[[nodiscard]] constexpr unsigned weekday_from_days(std::int64_t z) noexcept {
    // 1970-01-01 was a Thursday (index 3).
    return static_cast<unsigned>(((z % 7) + 7 + 3) % 7);
}

/// The local day number (days since 1970-01-01 at @p offset) containing instant @p t.
[[nodiscard]] constexpr std::int64_t local_day(TimePoint t, Duration offset = china_standard_offset) noexcept {
    const std::int64_t s = (t.time_since_epoch() + offset).count();
    return (s >= 0 ? s : s - 86399) / 86400;
}

/// The instant at which local day @p day (at @p offset) begins.
[[nodiscard]] constexpr TimePoint start_of_local_day(std::int64_t day,
                                                     Duration offset = china_standard_offset) noexcept {
    return TimePoint(Duration(day * 86400) - offset);
}

/// Formats an instant as ISO 8601 in UTC, e.g. "2025-01-15T08:30:00Z" ("none" for no_time).
[[nodiscard]] std::string format_time(TimePoint t);

/// Formats a civil date as "YYYY-MM-DD".
[[nodiscard]] std::string format_date(CivilDate d);

/// The local calendar date (at @p offset, China Standard Time by default) of instant @p t.
[[nodiscard]] constexpr CivilDate local_date(TimePoint t, Duration offset = china_standard_offset) noexcept {
    return civil_from_days(local_day(t, offset));
}

/// Parses "YYYY-MM-DD" into a date; nothing if malformed or not a real date.
[[nodiscard]] std::optional<CivilDate> parse_date(std::string_view text);

/// Parses ISO 8601 "YYYY-MM-DD", "YYYY-MM-DDThh:mm[:ss]" with "Z" or "+hh:mm"/"-hh:mm" (a bare
/// date or a time without offset is read in China Standard Time); nothing if malformed or out of
/// range (hours 00-23, minutes and seconds 00-59, offsets up to 23:59 either way).
[[nodiscard]] std::optional<TimePoint> parse_time(std::string_view text);

}  // namespace fengqiao
