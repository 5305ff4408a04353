#include "fengqiao/core/time.hpp"

#include <cstdio>

namespace fengqiao {
namespace {

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

bool is_real_date(const CivilDate& d) {
    if (d.month < 1 || d.month > 12 || d.day < 1) return false;
    return civil_from_days(days_from_civil(d)) == d;
}

}  // namespace

std::string format_date(CivilDate d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
    return buf;
}

std::string format_time(TimePoint t) {
    if (t == no_time) return "none";
    const std::int64_t s = t.time_since_epoch().count();
    const std::int64_t day = (s >= 0 ? s : s - 86399) / 86400;
    const std::int64_t sec = s - day * 86400;
    const CivilDate d = civil_from_days(day);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", d.year, d.month, d.day,
                  static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60), static_cast<int>(sec % 60));
    return buf;
}

std::optional<CivilDate> parse_date(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (!read_digits(text, 0, 4, y) || !read_digits(text, 5, 2, m) || !read_digits(text, 8, 2, d)) {
        return std::nullopt;
    }
    CivilDate date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
    if (y < 1 || !is_real_date(date)) return std::nullopt;  // years 0001 to 9999, as ISO 8601 writes them
    return date;
}

std::optional<TimePoint> parse_time(std::string_view text) {
    auto date = parse_date(text.substr(0, 10));
    if (!date) return std::nullopt;
    std::int64_t seconds = days_from_civil(*date) * 86400;
    Duration offset = china_standard_offset;
    std::string_view rest = text.substr(10);
    if (!rest.empty()) {
        if (rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
        int hh = 0, mm = 0, ss = 0;
        if (!read_digits(rest, 1, 2, hh) || rest.size() < 6 || rest[3] != ':' || !read_digits(rest, 4, 2, mm)) {
            return std::nullopt;
        }
        std::size_t pos = 6;
        if (rest.size() > pos && rest[pos] == ':') {
            if (!read_digits(rest, pos + 1, 2, ss)) return std::nullopt;
            pos += 3;
        }
        // Times are UTC seconds without leap seconds: 23:59:60 has no second of its own.
        if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
        seconds += hh * 3600 + mm * 60 + ss;
        rest = rest.substr(pos);
        if (rest == "Z") {
            offset = Duration(0);
        } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
            int oh = 0, om = 0;
            if (!read_digits(rest, 1, 2, oh) || !read_digits(rest, 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
            offset = Duration((oh * 3600 + om * 60) * (rest[0] == '-' ? -1 : 1));
        } else if (!rest.empty()) {
            return std::nullopt;
        }
    }
    return TimePoint(Duration(seconds) - offset);
}

}  // namespace fengqiao
